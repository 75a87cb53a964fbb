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
use super::{ACH_FILE, EVENTS_FILE};
use super::{
    CLAIMS_FILE, CONFLICTS_FILE, ENTITIES_FILE, FORMAT_VERSION, MAPS_FILE, MENTIONS_FILE, PROJECT_FILE,
    REJECTIONS_FILE, RELATIONS_FILE, SOURCES_FILE, SaveError, WORKSPACE_DIR,
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
    super::ALL_DATA_FILES.iter().map(|&name| Ok((name, file_contents(project, name)?))).collect()
}

/// The contents of the RON file `name` (one of [`super::ALL_DATA_FILES`]) of `project`.
fn file_contents(project: &Project, name: &'static str) -> Result<String, SaveError> {
    fn list<T: Serialize>(
        file: &'static str,
        items: &std::collections::BTreeMap<impl Ord, T>,
    ) -> Result<String, SaveError> {
        to_ron(file, &items.values().collect::<Vec<_>>())
    }
    match name {
        PROJECT_FILE => to_ron(
            PROJECT_FILE,
            &ManifestOut { format: FORMAT_VERSION, title: &project.meta.title, notes: &project.meta.notes },
        ),
        SOURCES_FILE => list(name, &project.sources),
        ENTITIES_FILE => list(name, &project.entities),
        MENTIONS_FILE => list(name, &project.mentions),
        RELATIONS_FILE => list(name, &project.relations),
        MAPS_FILE => list(name, &project.maps),
        REJECTIONS_FILE => list(name, &project.rejections),
        CONFLICTS_FILE => list(name, &project.conflicts),
        CLAIMS_FILE => list(name, &project.claims),
        EVENTS_FILE => list(name, &project.events),
        ACH_FILE => list(name, &project.matrices),
        _ => Err(SaveError::Serialize { file: name, message: "not a file of the project".to_owned() }),
    }
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
        if super::files::left_out_when_empty(name, project) && !path.exists() {
            // A project that never had conflicts (events) has no such file.
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
    commit(dir, &changed)?;

    // The project no longer refers to these texts; undoing the removal of their sources
    // writes them again at the next save.
    for path in removed_texts {
        if let Err(error) = std::fs::remove_file(&path) {
            log::warn!("could not remove unused text {}: {error}", path.display());
        }
    }
    Ok(SaveOutcome::Wrote(changed.into_iter().map(|(name, _)| name).collect()))
}

/// Saves only the RON files `files` of `project` into the project folder `dir`, for a
/// caller that changed nothing else since the project was loaded from `dir` (as
/// `dossier layout`, which moves the nodes of one map): the other files are neither
/// serialised nor compared, and no text is written. A file whose contents are unchanged
/// is not touched.
pub fn save_files(project: &Project, dir: &Path, files: &[&'static str]) -> Result<SaveOutcome, SaveError> {
    let mut changed = Vec::new();
    for &name in files {
        let contents = file_contents(project, name)?;
        let same = std::fs::read(dir.join(name)).is_ok_and(|old| old == contents.as_bytes());
        if !same && !changed.iter().any(|(n, _)| *n == name) {
            changed.push((name, contents));
        }
    }
    if changed.is_empty() {
        return Ok(SaveOutcome::Unchanged);
    }
    commit(dir, &changed)?;
    Ok(SaveOutcome::Wrote(changed.into_iter().map(|(name, _)| name).collect()))
}

/// Puts the `changed` files in place atomically. One file is one atomic write (its
/// rename is the commit point, and a crash before it leaves a stray `NAME.new` that the
/// next load deletes); several go through the journal, so that all or none are replaced.
fn commit(dir: &Path, changed: &[(&'static str, String)]) -> Result<(), SaveError> {
    if let [(name, contents)] = changed {
        return write_atomic(&dir.join(name), contents.as_bytes());
    }
    for (name, contents) in changed {
        write_synced(&dir.join(format!("{name}{NEW_SUFFIX}")), contents.as_bytes())?;
    }
    let journal: String = changed.iter().flat_map(|(name, _)| [*name, "\n"]).collect();
    write_atomic(&dir.join(JOURNAL_FILE), journal.as_bytes())?;
    for (name, _) in changed {
        let from = dir.join(format!("{name}{NEW_SUFFIX}"));
        let to = dir.join(name);
        std::fs::rename(&from, &to).map_err(|e| io_error(&to, e))?;
    }
    sync_dir(dir)?;
    let journal_path = dir.join(JOURNAL_FILE);
    std::fs::remove_file(&journal_path).map_err(|e| io_error(&journal_path, e))?;
    sync_dir(dir)
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
