//! The project folder on disk: round trips, atomic saves, and broken or hostile files.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::model::{Anchor, Entity, EntityId, EntityKind, Mention, MentionId, Project, SourceId};
use dossier::store::{self, LoadErrors, SaveOutcome};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

/// A copy of the sample project in a fresh temporary folder.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("syria");
    copy_dir(Path::new(SAMPLE), &dir);
    (tmp, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_name() == ".dossier" {
            continue;
        }
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_dir() {
            out.extend(all_files(&entry.path()));
        } else {
            out.push((
                entry.path().strip_prefix(dir).unwrap_or(&entry.path()).to_owned(),
                fs::read(entry.path()).expect("read"),
            ));
        }
    }
    out.sort();
    out
}

fn load_errors(dir: &Path) -> Vec<String> {
    match store::load(dir) {
        Ok(_) => Vec::new(),
        Err(LoadErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Asserts that loading fails with exactly one error, and returns it.
fn single_error(dir: &Path) -> String {
    let errors = load_errors(dir);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap_or_default()
}

#[test]
fn sample_loads_with_the_five_seed_reports_byte_for_byte() {
    let project = store::load(Path::new(SAMPLE)).expect("sample loads");
    assert_eq!(project.meta.title, "Syria, December 2024");
    assert_eq!(project.sources.len(), 5);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut seed_texts: Vec<Vec<u8>> = Vec::new();
    if let Ok(entries) = fs::read_dir(&seeds) {
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                seed_texts.push(fs::read(entry.path()).expect("seed"));
            }
        }
    }
    for source in project.sources.values() {
        assert_eq!(source.language, "en");
        assert!(source.published.starts_with("2024-12") || source.published == "December 2024");
        assert!(!source.title.is_empty() && !source.notes.is_empty());
        if !seed_texts.is_empty() {
            assert!(
                seed_texts.contains(&source.text.as_bytes().to_vec()),
                "{} is not a seed text",
                source.id
            );
        }
    }
}

#[test]
fn save_load_save_is_byte_identical_and_an_unchanged_save_writes_nothing() {
    let (_tmp, dir) = sample_copy();
    let project = store::load(&dir).expect("loads");
    let before = all_files(&dir);
    assert_eq!(store::save(&project, &dir).expect("saves"), SaveOutcome::Unchanged);
    assert_eq!(all_files(&dir), before, "an unchanged save must not rewrite anything");

    // Save into a new folder, load that, save again: same bytes.
    let other = dir.with_file_name("copy");
    store::save(&project, &other).expect("saves a copy");
    let reloaded = store::load(&other).expect("copy loads");
    assert_eq!(reloaded, project);
    let first = all_files(&other);
    assert_eq!(store::save(&reloaded, &other).expect("saves"), SaveOutcome::Unchanged);
    assert_eq!(all_files(&other), first);
    // The sample as committed is exactly what Dossier writes.
    assert_eq!(first, before);
}

#[test]
fn a_changed_project_rewrites_only_the_changed_files() {
    let (_tmp, dir) = sample_copy();
    let mut project = store::load(&dir).expect("loads");
    let entity = Entity {
        id: EntityId::from("hmeimim-air-base-x1y2"),
        name: "Hmeimim air base".into(),
        kind: EntityKind::Facility,
        aliases: vec!["Hmeimin".into(), "Khmeimim".into()],
        notes: String::new(),
        attributes: std::collections::BTreeMap::default(),
    };
    let source_id = SourceId::from("assad-first-message-erbil-q7k2");
    let text = project.sources[&source_id].text.clone();
    let start = text.find("Hmeimim").expect("the report names the base");
    let anchor = Anchor::from_span(&text, start, start + "Hmeimim".len()).expect("anchor");
    project.entities.insert(entity.id.clone(), entity.clone());
    let mention =
        Mention { id: MentionId::from("m-hmeimim-1"), entity: entity.id.clone(), source: source_id, anchor };
    project.mentions.insert(mention.id.clone(), mention);
    assert_eq!(
        store::save(&project, &dir).expect("saves"),
        SaveOutcome::Wrote(vec![store::ENTITIES_FILE, store::MENTIONS_FILE])
    );
    assert_eq!(store::load(&dir).expect("loads"), project);
    assert!(!dir.join(".save-journal").exists());
}

#[test]
fn new_project_has_all_files_and_loads_empty() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("fresh");
    store::create(&dir, "Fresh").expect("creates");
    let project = store::load(&dir).expect("loads");
    assert_eq!(project, Project::new("Fresh"));
    for file in store::DATA_FILES {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    assert!(store::create(&dir, "Again").is_err(), "must not overwrite a project");
}

#[test]
fn an_interrupted_save_is_completed_or_discarded_at_the_next_load() {
    let (_tmp, dir) = sample_copy();
    let project = store::load(&dir).expect("loads");
    let mut changed = project.clone();
    changed.meta.title = "Renamed".into();
    let files = store::to_files(&changed).expect("serialises");
    let manifest = &files.iter().find(|(n, _)| *n == store::PROJECT_FILE).expect("manifest").1;

    // Crash after the new file was written but before the journal: the old project stays.
    fs::write(dir.join("project.ron.new"), manifest).expect("write");
    assert_eq!(store::load(&dir).expect("loads").meta.title, "Syria, December 2024");
    assert!(!dir.join("project.ron.new").exists(), "stray new file removed");

    // Crash after the journal was written: the new project is completed.
    fs::write(dir.join("project.ron.new"), manifest).expect("write");
    fs::write(dir.join(".save-journal"), "project.ron\n").expect("write");
    assert_eq!(store::load(&dir).expect("loads").meta.title, "Renamed");
    assert!(!dir.join(".save-journal").exists());
    assert!(!dir.join("project.ron.new").exists());
}

// Broken and hostile projects, each with its exact errors, are the corpus in
// tests/hostile/ (see tests/hostile.rs).

#[test]
fn a_folder_without_a_project_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let error = single_error(tmp.path());
    assert!(error.ends_with("not a Dossier project: it has no project.ron"), "{error}");
    let missing = tmp.path().join("nope");
    assert!(single_error(&missing).contains("cannot open the project folder"));
}

#[test]
fn a_partial_load_reads_and_checks_only_the_files_named() {
    let (_tmp, dir) = sample_copy();
    let whole = store::load(&dir).expect("loads");
    let tagging = [store::SOURCES_FILE, store::ENTITIES_FILE, store::MENTIONS_FILE, store::REJECTIONS_FILE];
    let part = store::load_parts(&dir, &tagging).expect("loads");
    assert_eq!((part.sources, part.entities, part.mentions), (whole.sources, whole.entities, whole.mentions));
    assert_eq!(part.rejections, whole.rejections);
    assert!(part.relations.is_empty() && part.maps.is_empty(), "maps and relations are left out");
    assert!(!whole.relations.is_empty() && !whole.maps.is_empty());

    // A broken file left out does not stop a partial load; one that is read does.
    fs::write(dir.join(store::MAPS_FILE), "[ (id: ").expect("write");
    assert!(store::load_parts(&dir, &tagging).is_ok());
    assert!(store::load(&dir).is_err());
    fs::write(dir.join(store::MENTIONS_FILE), "[ (id: ").expect("write");
    let Err(LoadErrors(errors)) = store::load_parts(&dir, &tagging) else {
        panic!("loaded a broken mentions.ron")
    };
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("mentions.ron:1:"), "{messages:?}");
}

#[test]
fn claims_round_trip_byte_for_byte_and_a_missing_claims_file_reads_as_none() {
    let (_tmp, dir) = sample_copy();
    let project = store::load(&dir).expect("loads");
    assert_eq!(project.claims.len(), 5, "the sample records five claims");
    let before = fs::read(dir.join(store::CLAIMS_FILE)).expect("claims.ron");
    let again = dir.with_file_name("again");
    store::save(&project, &again).expect("saves");
    assert_eq!(fs::read(again.join(store::CLAIMS_FILE)).expect("claims.ron"), before);
    assert_eq!(store::load(&again).expect("loads again"), project);

    fs::remove_file(again.join(store::CLAIMS_FILE)).expect("remove");
    fs::remove_file(again.join(store::ACH_FILE)).expect("remove the matrix that rates them");
    // Without its claims and the matrix, nothing refers to a missing claim: the rest loads
    // as it was.
    let without = store::load(&again).expect("loads without claims.ron");
    assert!(without.claims.is_empty());
    assert_eq!(without.relations, project.relations);
}
