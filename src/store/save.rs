//! Saving: deterministic RON, atomic across all files.
//!
//! A save writes every changed RON file next to its target as `NAME.new`, syncs them,
//! then writes the journal `.save-journal` (atomically) naming those files, renames each
//! `NAME.new` over `NAME`, and removes the journal. A crash before the journal exists
//! leaves the old project (stray `.new` files are deleted at the next load); a crash
//! after it leaves a journal that the next load completes. Either way the project loads
//! as entirely old or entirely new.

use std::path::Path;

use serde::Serialize;

use super::files::{JOURNAL_FILE, NEW_SUFFIX, TEXTS_DIR, io_error, sync_dir, write_atomic, write_synced};
use super::{
    CONFLICTS_FILE, ENTITIES_FILE, FORMAT_VERSION, MAPS_FILE, MENTIONS_FILE, PROJECT_FILE, REJECTIONS_FILE,
    RELATIONS_FILE, SOURCES_FILE, SaveError, WORKSPACE_DIR,
};
use crate::model::{Project, is_safe_text_path};

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Nothing differed from the files on disk; nothing was written.
    Unchanged,
    /// These files were rewritten (text files of new sources not counted).
    Wrote(Vec<&'static str>),
}

/// The manifest: what `project.ron` holds.
#[derive(Serialize)]
struct ManifestOut<'a> {
    format: u32,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    notes: &'a str,
}

fn to_ron<T: Serialize + ?Sized>(file: &'static str, value: &T) -> Result<String, SaveError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        // Plain strings: apostrophes stay as they are and multi-line notes stay multi-line,
        // which reads (and diffs) better than escapes; quotes make a raw string r#"…"#.
        .escape_strings(false);
    let mut text = ron::ser::to_string_pretty(value, config)
        .map_err(|e| SaveError::Serialize { file, message: e.to_string() })?;
    text.push('\n');
    Ok(text)
}

/// The contents of every RON file of `project`, by file name ([`super::ALL_DATA_FILES`],
/// `conflicts.ron` included even when it is an empty list). The same project always
/// gives the same bytes.
pub fn to_files(project: &Project) -> Result<Vec<(&'static str, String)>, SaveError> {
    let manifest =
        ManifestOut { format: FORMAT_VERSION, title: &project.meta.title, notes: &project.meta.notes };
    let sources: Vec<_> = project.sources.values().collect();
    let entities: Vec<_> = project.entities.values().collect();
    let mentions: Vec<_> = project.mentions.values().collect();
    let relations: Vec<_> = project.relations.values().collect();
    let maps: Vec<_> = project.maps.values().collect();
    let rejections: Vec<_> = project.rejections.values().collect();
    let conflicts: Vec<_> = project.conflicts.values().collect();
    Ok(vec![
        (PROJECT_FILE, to_ron(PROJECT_FILE, &manifest)?),
        (SOURCES_FILE, to_ron(SOURCES_FILE, &sources)?),
        (ENTITIES_FILE, to_ron(ENTITIES_FILE, &entities)?),
        (MENTIONS_FILE, to_ron(MENTIONS_FILE, &mentions)?),
        (RELATIONS_FILE, to_ron(RELATIONS_FILE, &relations)?),
        (MAPS_FILE, to_ron(MAPS_FILE, &maps)?),
        (REJECTIONS_FILE, to_ron(REJECTIONS_FILE, &rejections)?),
        (CONFLICTS_FILE, to_ron(CONFLICTS_FILE, &conflicts)?),
    ])
}

/// Creates a new, empty project folder `dir` with a title. Fails if `dir` already holds
/// a project.
pub fn create(dir: &Path, title: &str) -> Result<Project, SaveError> {
    if dir.join(PROJECT_FILE).exists() {
        return Err(io_error(
            &dir.join(PROJECT_FILE),
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a project is already there"),
        ));
    }
    let project = Project::new(title);
    save(&project, dir)?;
    Ok(project)
}

/// Saves `project` into the folder `dir`, creating it if needed. Files whose contents
/// are unchanged are not touched; if nothing changed, nothing is written.
pub fn save(project: &Project, dir: &Path) -> Result<SaveOutcome, SaveError> {
    let texts_dir = dir.join(TEXTS_DIR);
    std::fs::create_dir_all(&texts_dir).map_err(|e| io_error(&texts_dir, e))?;
    write_gitignore(dir)?;

    // Texts first: they are new files that nothing refers to until the RON files do.
    for source in project.sources.values() {
        if !is_safe_text_path(&source.text_file) {
            // Edits refuse such paths; this guards against a hand-built project.
            return Err(io_error(
                Path::new(&source.text_file),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "unsafe text file path"),
            ));
        }
        let path = dir.join(&source.text_file);
        if !path.exists() {
            write_atomic(&path, source.text.as_bytes())?;
        }
    }

    let mut changed = Vec::new();
    for (name, contents) in to_files(project)? {
        let path = dir.join(name);
        if name == CONFLICTS_FILE && project.conflicts.is_empty() && !path.exists() {
            // A project that never had conflicts has no conflicts file.
            continue;
        }
        let same = std::fs::read(&path).is_ok_and(|old| old == contents.as_bytes());
        if !same {
            changed.push((name, contents));
        }
    }
    let removed_texts = remove_stale_texts_list(project, &texts_dir);
    if changed.is_empty() && removed_texts.is_empty() {
        return Ok(SaveOutcome::Unchanged);
    }

    for (name, contents) in &changed {
        write_synced(&dir.join(format!("{name}{NEW_SUFFIX}")), contents.as_bytes())?;
    }
    let journal: String = changed.iter().flat_map(|(name, _)| [*name, "\n"]).collect();
    write_atomic(&dir.join(JOURNAL_FILE), journal.as_bytes())?;
    for (name, _) in &changed {
        let from = dir.join(format!("{name}{NEW_SUFFIX}"));
        let to = dir.join(name);
        std::fs::rename(&from, &to).map_err(|e| io_error(&to, e))?;
    }
    sync_dir(dir)?;
    let journal_path = dir.join(JOURNAL_FILE);
    std::fs::remove_file(&journal_path).map_err(|e| io_error(&journal_path, e))?;
    sync_dir(dir)?;

    // The project no longer refers to these texts; undoing the removal of their sources
    // writes them again at the next save.
    for path in removed_texts {
        if let Err(error) = std::fs::remove_file(&path) {
            log::warn!("could not remove unused text {}: {error}", path.display());
        }
    }
    Ok(SaveOutcome::Wrote(changed.into_iter().map(|(name, _)| name).collect()))
}

/// Text files in `texts/` that no source of `project` uses.
fn remove_stale_texts_list(project: &Project, texts_dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(texts_dir) else {
        return Vec::new();
    };
    let used: std::collections::HashSet<&str> =
        project.sources.values().map(|s| s.text_file.as_str()).collect();
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let relative = format!("{TEXTS_DIR}/{name}");
            (is_safe_text_path(&relative) && !used.contains(relative.as_str())).then(|| entry.path())
        })
        .collect()
}

/// Keeps the per-user workspace out of version control by default.
fn write_gitignore(dir: &Path) -> Result<(), SaveError> {
    let path = dir.join(".gitignore");
    if path.exists() {
        return Ok(());
    }
    write_atomic(&path, format!("# Per-user panel layout and selection\n/{WORKSPACE_DIR}/\n").as_bytes())
}
