//! Autosave and recovery: unsaved work survives a crash, apart from the saved files.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::model::{Entity, EntityId, EntityKind, Project};
use dossier::store::recovery::{
    self, Changes, KindChanges, RecoveryError, SavedMarker, discard_recovery, read_recovery, write_recovery,
};
use dossier::store::{self, Limits};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("syria");
    let project = store::load(Path::new(SAMPLE)).expect("sample");
    store::save(&project, &dir).expect("copy");
    (tmp, dir)
}

fn saved_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = store::DATA_FILES
        .iter()
        .map(|name| ((*name).to_owned(), fs::read(dir.join(name)).expect("read")))
        .collect();
    files.sort();
    files
}

/// The sample with one entity added, one changed, one mention removed and a new title.
fn edited(saved: &Project) -> Project {
    let mut project = saved.clone();
    project.meta.title = "Syria, edited".into();
    let id = EntityId::from("new-entity-a1b2");
    project.entities.insert(id.clone(), Entity::new(id, "New entity", EntityKind::Person));
    if let Some(entity) = project.entities.values_mut().next() {
        entity.notes = "changed".into();
    }
    let first_mention = project.mentions.keys().next().cloned().expect("the sample has mentions");
    project.mentions.remove(&first_mention);
    project
}

#[test]
fn an_autosave_is_read_back_with_its_changes_and_never_touches_the_saved_files() {
    let (_tmp, dir) = sample_copy();
    let saved = store::load(&dir).expect("loads");
    let marker = SavedMarker::of_folder(&dir);
    assert!(read_recovery(&dir).expect("reads").is_none(), "no autosave yet");

    let before = saved_files(&dir);
    let unsaved = edited(&saved);
    write_recovery(&dir, &unsaved, (&saved, &marker)).expect("autosaves");
    assert_eq!(saved_files(&dir), before, "the saved files are untouched");
    assert!(recovery::recovery_file(&dir).is_file());
    assert_eq!(store::load(&dir).expect("still loads"), saved);

    let found = read_recovery(&dir).expect("reads").expect("an autosave is there");
    assert_eq!(found.project, unsaved);
    assert!(!found.saved_files_changed);
    assert_eq!(found.written_at.len(), "2024-12-16T09:30:00Z".len(), "{}", found.written_at);
    assert!(found.modified.is_some());
    assert_eq!(
        found.changes,
        Changes {
            meta_changed: true,
            entities: KindChanges { added: 1, changed: 1, removed: 0 },
            mentions: KindChanges { added: 0, changed: 0, removed: 1 },
            ..Changes::default()
        }
    );
    assert_eq!(
        found.changes.summary(),
        "1 entity added, 1 entity changed, 1 mention removed, title or notes changed"
    );
    // The scratch folder used to check it is gone.
    let leftovers: Vec<_> =
        fs::read_dir(dir.join(".dossier/recovery")).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from(recovery::RECOVERY_FILE)]);

    discard_recovery(&dir).expect("discards");
    assert!(read_recovery(&dir).expect("reads").is_none());
    discard_recovery(&dir).expect("discarding twice is fine");
}

#[test]
fn an_autosave_holds_only_the_texts_of_sources_imported_since_the_save() {
    let (_tmp, dir) = sample_copy();
    let saved = store::load(&dir).expect("loads");
    let mut unsaved = edited(&saved);
    let imported = dossier::model::Source::new(
        dossier::model::SourceId::from("imported-since-q9z1"),
        "Imported since the save",
        "A report imported after the last save, whose text only the autosave holds.",
    );
    unsaved.sources.insert(imported.id.clone(), imported.clone());
    write_recovery(&dir, &unsaved, (&saved, &SavedMarker::of_folder(&dir))).expect("autosaves");

    let autosave = fs::read_to_string(recovery::recovery_file(&dir)).expect("reads");
    let entry = |path: &str| format!("path: \"{path}\"");
    assert!(autosave.contains(&entry(&imported.text_file)), "the new source's text is in the autosave");
    assert!(autosave.contains(&*imported.text));
    for source in saved.sources.values() {
        assert!(!autosave.contains(&entry(&source.text_file)), "{} is left out", source.text_file);
        // 300 characters from the middle: longer than any quote or context the RON holds.
        let middle: String = source.text.chars().skip(source.text.chars().count() / 2).take(300).collect();
        assert!(!autosave.contains(&middle), "{} is left out", source.text_file);
    }

    let found = read_recovery(&dir).expect("reads").expect("there");
    assert_eq!(found.project, unsaved, "the texts left out come back from the saved project");
}

#[test]
fn a_later_save_marks_the_autosave_as_based_on_older_files() {
    let (_tmp, dir) = sample_copy();
    let saved = store::load(&dir).expect("loads");
    write_recovery(&dir, &edited(&saved), (&saved, &SavedMarker::of_folder(&dir))).expect("autosaves");
    let mut other = saved.clone();
    other.meta.notes = "Saved by a colleague.".into();
    store::save(&other, &dir).expect("saves");
    let found = read_recovery(&dir).expect("reads").expect("there");
    assert!(found.saved_files_changed);
    assert!(found.changes.meta_changed);
}

#[test]
fn an_unchanged_autosave_reports_no_changes() {
    let (_tmp, dir) = sample_copy();
    let saved = store::load(&dir).expect("loads");
    write_recovery(&dir, &saved, (&saved, &SavedMarker::of_folder(&dir))).expect("autosaves");
    let found = recovery::read_recovery_against(&dir, &saved).expect("reads").expect("there");
    assert!(found.changes.is_empty());
    assert_eq!(found.changes.summary(), "no changes");
}

#[test]
fn a_broken_or_oversized_autosave_is_reported_not_loaded() {
    let (_tmp, dir) = sample_copy();
    let saved = store::load(&dir).expect("loads");
    write_recovery(&dir, &saved, (&saved, &SavedMarker::of_folder(&dir))).expect("autosaves");
    let file = recovery::recovery_file(&dir);
    let text = fs::read_to_string(&file).expect("read");
    fs::write(&file, &text[..text.len() / 3]).expect("truncate");
    let Err(RecoveryError::Invalid(errors)) = read_recovery(&dir) else {
        panic!("a truncated autosave must be refused");
    };
    assert_eq!(errors.0.len(), 1);
    assert!(errors.to_string().starts_with(&format!("{}:", file.display())), "{errors}");

    // The same limits as the loader: a text over the limit is refused (the autosave holds
    // the texts of sources imported since the save).
    let mut unsaved = saved.clone();
    let imported = dossier::model::Source::new(
        dossier::model::SourceId::from("imported-since-q9z1"),
        "Imported since the save",
        "A long report. ".repeat(20),
    );
    unsaved.sources.insert(imported.id.clone(), imported);
    write_recovery(&dir, &unsaved, (&saved, &SavedMarker::of_folder(&dir))).expect("autosaves");
    let small = Limits { max_text_file_bytes: 100, ..Limits::default() };
    let Err(RecoveryError::Invalid(errors)) = recovery::read_recovery_with_limits(&dir, &saved, small) else {
        panic!("texts over the limit must be refused");
    };
    assert!(errors.to_string().contains("larger than the 100 byte limit"), "{errors}");
    discard_recovery(&dir).expect("a broken autosave can be discarded");
}

#[cfg(unix)]
#[test]
fn a_workspace_folder_linked_out_of_the_project_is_not_written_to() {
    let (tmp, dir) = sample_copy();
    let outside = tmp.path().join("elsewhere");
    fs::create_dir(&outside).expect("mkdir");
    let _ = fs::remove_dir_all(dir.join(".dossier"));
    std::os::unix::fs::symlink(&outside, dir.join(".dossier")).expect("link");
    let saved = store::load(&dir).expect("loads");
    let error = write_recovery(&dir, &saved, (&saved, &SavedMarker::of_folder(&dir))).expect_err("refused");
    assert!(error.to_string().contains("is a link or a file, not a folder"), "{error}");
    assert!(fs::read_dir(&outside).expect("dir").next().is_none(), "nothing written outside");
    assert!(read_recovery(&dir).is_err());
}
