//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The sample project in the source tree.
pub const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

/// Copies the sample project's files (RON files and texts, not the per-user `.dossier`
/// folder) into `parent/name` and returns that folder.
pub fn copy_sample_to(parent: &Path, name: &str) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(dir.join("texts")).expect("mkdir");
    for sub in ["", "texts"] {
        for entry in std::fs::read_dir(Path::new(SAMPLE).join(sub)).expect("read the sample").flatten() {
            if entry.file_type().expect("type").is_file() {
                std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).expect("copy");
            }
        }
    }
    dir
}
