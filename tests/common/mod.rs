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

/// The app on `project` (whose folder is `dir`) in a 1400 × 900 kittest harness, after its
/// first frames.
#[cfg(feature = "gui")]
#[allow(dead_code)] // only the GUI tests use it
pub fn app_harness(
    dir: &Path,
    project: dossier::model::Project,
) -> egui_kittest::Harness<'static, dossier::ui::DossierApp> {
    let app = dossier::ui::DossierApp::with_project(dir.to_owned(), project);
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut dossier::ui::DossierApp| app.ui(ui), app);
    harness.run();
    harness
}

/// Steps the app until its background work (a save, an import, a scan) is done, then
/// lets it settle.
#[cfg(feature = "gui")]
#[allow(dead_code)] // only the GUI tests use it
pub fn settle(harness: &mut egui_kittest::Harness<'static, dossier::ui::DossierApp>) {
    for _ in 0..200 {
        harness.step();
        if !harness.state().is_busy() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("background work did not finish");
}

/// Selects the first occurrence of `text` in the Reader's source the keyboard way: Ctrl+F,
/// type, Esc (closing the find bar leaves the current match selected).
#[cfg(feature = "gui")]
#[allow(dead_code)] // only the GUI tests use it
pub fn select_by_finding(harness: &mut egui_kittest::Harness<'static, dossier::ui::DossierApp>, text: &str) {
    use egui_kittest::kittest::Queryable;
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find in source").type_text(text);
    // The Reader scrolls to the match, which may take a few frames.
    harness.run_steps(20);
    harness.key_press(egui::Key::Escape);
    harness.run();
}
