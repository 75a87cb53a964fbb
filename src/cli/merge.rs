//! `dossier merge BASE OURS THEIRS [PATH]`: the git merge driver.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::Side;
use crate::store::{self, FileKind, MergeError};

/// Merges BASE, OURS and THEIRS into OURS. Conflicts are added to `conflicts.ron` beside
/// PATH (or beside OURS when PATH is not given) and listed on stderr. Exit 0 when clean,
/// 1 with conflicts, 2 when an input cannot be read or is not a valid project file.
pub fn merge(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> ExitCode {
    match merge_files(base, ours, theirs, path) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("dossier merge: {message}");
            ExitCode::from(2)
        }
    }
}

/// Does the merge; returns the number of conflicts, or the one-line error.
fn merge_files(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Result<usize, String> {
    let kind = match path {
        Some(path) => {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            Some(FileKind::from_file_name(name).ok_or_else(|| {
                format!(
                    "{}: not a Dossier project file (expected project.ron, sources.ron, entities.ron, mentions.ron, relations.ron, maps.ron, rejections.ron, conflicts.ron, claims.ron, events.ron or ach.ron)",
                    path.display()
                )
            })?)
        }
        None => None,
    };
    // The result replaces OURS by a rename, which must never replace a device or a link.
    if !ours.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!("{}: not a regular file; the merged result is written there", ours.display()));
    }
    let limit = store::Limits::default().max_data_file_bytes;
    let read = |file: &Path| store::read_limited(file, limit);
    let texts = [read(base)?, read(ours)?, read(theirs)?];
    let outcome = store::merge_texts(kind, &texts[0], &texts[1], &texts[2]).map_err(|error| match error {
        MergeError::Invalid { side, mut error } => {
            let file = match side {
                Side::Base => base,
                Side::Ours => ours,
                Side::Theirs => theirs,
            };
            let what = path.unwrap_or(file);
            let described = if what == file {
                format!("{} version", side.name())
            } else {
                format!("{} version of {}", side.name(), what.display())
            };
            file.clone_into(&mut error.file);
            format!("{error} ({described})")
        }
        MergeError::UnknownKind => format!(
            "{}: cannot tell which Dossier project file this is; pass its path as the fourth argument",
            ours.display()
        ),
        MergeError::Write(message) => message,
    })?;

    if !outcome.conflicts.is_empty() {
        let beside = path.unwrap_or(ours);
        let folder = beside.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let conflicts_path: PathBuf = folder.join(store::CONFLICTS_FILE);
        store::add_conflicts(&conflicts_path, &outcome.conflicts).map_err(|e| e.to_string())?;
        let shown = path.unwrap_or(ours).display();
        for conflict in &outcome.conflicts {
            eprintln!("dossier merge: {shown}: conflict {}: {}", conflict.id, conflict.description);
        }
        eprintln!(
            "dossier merge: {shown}: {} conflict(s) recorded in {}; our values were kept",
            outcome.conflicts.len(),
            conflicts_path.display()
        );
    }
    store::write_atomic(ours, outcome.text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(outcome.conflicts.len())
}
