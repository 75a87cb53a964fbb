//! Three-way merge of project files (`dossier merge`): the rules case by case with the
//! exact merged RON, conflict resolution as an undoable edit, the command's exit codes,
//! and a real `git merge` of two analysts' branches through the merge driver.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::edit::{History, resolve_conflict};
use dossier::model::{ConflictChange, ConflictId, Entity, EntityId, EntityKind, ItemKind, Side};
use dossier::store::{self, FileKind, MergeOutcome};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

fn merge(kind: FileKind, base: &str, ours: &str, theirs: &str) -> MergeOutcome {
    store::merge_texts(Some(kind), base, ours, theirs).expect("merges")
}

/// An `entities.ron` with the given (id, name, notes) entities of kind State.
fn entities(items: &[(&str, &str, &str)]) -> String {
    let mut out = String::from("[\n");
    for (id, name, notes) in items {
        write!(out, "  (\n    id: \"{id}\",\n    name: \"{name}\",\n    kind: State,\n").expect("writes");
        if !notes.is_empty() {
            writeln!(out, "    notes: \"{notes}\",").expect("writes");
        }
        out.push_str("  ),\n");
    }
    out.push(']');
    out.push('\n');
    out
}

const RU: (&str, &str, &str) = ("russia-k3f9", "Russia", "");
const US: (&str, &str, &str) = ("united-states-u5s1", "United States", "");
const UAE: (&str, &str, &str) = ("uae-c2d4", "United Arab Emirates", "");

/// Each row: what the case is, base, ours, theirs, the merged file, and the conflicts as
/// (field, change, ours value, theirs value).
#[test]
fn three_way_cases_give_the_exact_merged_file() {
    type Expected<'a> = Vec<(&'a str, ConflictChange, Option<&'a str>, Option<&'a str>)>;
    let table: Vec<(&str, String, String, String, String, Expected<'static>)> = vec![
        (
            "both sides add",
            entities(&[RU]),
            entities(&[RU, US]),
            entities(&[UAE, RU]),
            entities(&[RU, UAE, US]),
            vec![],
        ),
        (
            "changed on one side, unchanged on the other",
            entities(&[RU, US]),
            entities(&[RU, US]),
            entities(&[("russia-k3f9", "Russian Federation", ""), US]),
            entities(&[("russia-k3f9", "Russian Federation", ""), US]),
            vec![],
        ),
        (
            "same field changed differently: conflict, ours kept",
            entities(&[RU]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            entities(&[("russia-k3f9", "Russia (state)", "")]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            vec![(
                "name",
                ConflictChange::BothChanged,
                Some("\"Russian Federation\""),
                Some("\"Russia (state)\""),
            )],
        ),
        (
            "different fields changed: both kept",
            entities(&[RU]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            entities(&[("russia-k3f9", "Russia", "Granted Assad asylum.")]),
            entities(&[("russia-k3f9", "Russian Federation", "Granted Assad asylum.")]),
            vec![],
        ),
        (
            "removed on one side, unchanged on the other",
            entities(&[RU, US]),
            entities(&[RU]),
            entities(&[RU, US]),
            entities(&[RU]),
            vec![],
        ),
        (
            "removed on one side, changed on the other: conflict, changed item kept",
            entities(&[RU, US]),
            entities(&[RU]),
            entities(&[RU, ("united-states-u5s1", "United States", "Blinken spoke.")]),
            entities(&[RU, ("united-states-u5s1", "United States", "Blinken spoke.")]),
            vec![(
                "",
                ConflictChange::OursRemoved,
                None,
                Some(
                    r#"{"id":"united-states-u5s1","kind":"State","name":"United States","notes":"Blinken spoke."}"#,
                ),
            )],
        ),
        (
            "the same change on both sides is clean",
            entities(&[RU, US]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            entities(&[("russia-k3f9", "Russian Federation", "")]),
            vec![],
        ),
    ];
    for (case, base, ours, theirs, expected, conflicts) in table {
        let outcome = merge(FileKind::Entities, &base, &ours, &theirs);
        assert_eq!(outcome.text, expected, "{case}");
        let got: Expected<'_> = outcome
            .conflicts
            .iter()
            .map(|c| (c.field.as_str(), c.change, c.ours.as_deref(), c.theirs.as_deref()))
            .collect();
        assert!(outcome.conflicts.iter().all(|c| c.kind == ItemKind::Entity), "{case}");
        assert_eq!(got, conflicts, "{case}");
        let again = merge(FileKind::Entities, &base, &ours, &theirs);
        assert_eq!(again, outcome, "{case}: deterministic");
    }
}

#[test]
fn a_conflict_records_all_three_values_and_a_description() {
    let outcome = merge(
        FileKind::Entities,
        &entities(&[RU]),
        &entities(&[("russia-k3f9", "Russian Federation", "")]),
        &entities(&[("russia-k3f9", "Russia (state)", "")]),
    );
    let [conflict] = outcome.conflicts.as_slice() else {
        panic!("one conflict: {:?}", outcome.conflicts);
    };
    assert_eq!(conflict.item, "russia-k3f9");
    assert_eq!(conflict.base.as_deref(), Some("\"Russia\""));
    assert!(conflict.id.as_str().starts_with("entity-russia-k3f9-name-"), "{}", conflict.id);
    assert!(dossier::model::is_valid_id(conflict.id.as_str()));
    assert_eq!(
        conflict.description,
        "entity `russia-k3f9`, name: changed on both sides from \"Russia\", ours to \"Russian Federation\", \
         theirs to \"Russia (state)\"; kept ours"
    );
}

const MAP_BASE: &str = "[
  (
    id: \"exit-c4v7\",
    name: \"Assad's exit\",
    nodes: {
      \"russia-k3f9\": (
        x: 0.0,
        y: 0.0,
      ),
      \"united-states-u5s1\": (
        x: 10.0,
        y: 10.0,
      ),
    },
  ),
]
";

#[test]
fn map_nodes_merge_one_by_one() {
    let moved = |russia: (f32, f32), us: (f32, f32)| {
        MAP_BASE
            .replacen("x: 0.0,\n        y: 0.0", &format!("x: {:?},\n        y: {:?}", russia.0, russia.1), 1)
            .replacen("x: 10.0,\n        y: 10.0", &format!("x: {:?},\n        y: {:?}", us.0, us.1), 1)
    };
    // Each side moves a different node: both moves are kept.
    let outcome =
        merge(FileKind::Maps, MAP_BASE, &moved((5.0, 0.0), (10.0, 10.0)), &moved((0.0, 0.0), (12.5, -3.0)));
    assert_eq!(outcome.text, moved((5.0, 0.0), (12.5, -3.0)));
    assert!(outcome.conflicts.is_empty());

    // Both move the same node to different places: ours kept, a conflict on that node.
    let outcome =
        merge(FileKind::Maps, MAP_BASE, &moved((5.0, 0.0), (10.0, 10.0)), &moved((-7.0, 2.0), (10.0, 10.0)));
    assert_eq!(outcome.text, moved((5.0, 0.0), (10.0, 10.0)));
    let [conflict] = outcome.conflicts.as_slice() else {
        panic!("one conflict: {:?}", outcome.conflicts);
    };
    assert_eq!((conflict.kind, conflict.item.as_str()), (ItemKind::Map, "exit-c4v7"));
    assert_eq!(conflict.field, "nodes.russia-k3f9");
    assert_eq!(conflict.change, ConflictChange::BothChanged);
    assert_eq!(conflict.base.as_deref(), Some(r#"{"x":0.0,"y":0.0}"#));
    assert_eq!(conflict.ours.as_deref(), Some(r#"{"x":5.0,"y":0.0}"#));
    assert_eq!(conflict.theirs.as_deref(), Some(r#"{"x":-7.0,"y":2.0}"#));

    // Both move it to the same place: clean.
    let same = moved((3.0, 4.0), (10.0, 10.0));
    let outcome = merge(FileKind::Maps, MAP_BASE, &same, &same);
    assert_eq!((outcome.text, outcome.conflicts), (same, vec![]));
}

#[test]
fn aliases_from_both_sides_are_kept() {
    let with_aliases = |aliases: &[&str]| {
        let mut text = String::from(
            "[\n  (\n    id: \"bashar-al-assad-2rj8\",\n    name: \"Bashar al-Assad\",\n    kind: Person,\n",
        );
        if !aliases.is_empty() {
            text.push_str("    aliases: [\n");
            for alias in aliases {
                writeln!(text, "      \"{alias}\",").expect("writes");
            }
            text.push_str("    ],\n");
        }
        text.push_str("  ),\n]\n");
        text
    };
    let outcome = merge(
        FileKind::Entities,
        &with_aliases(&["Assad", "Asad"]),
        &with_aliases(&["Assad", "Asad", "al-Assad"]),
        &with_aliases(&["Assad", "Al-Asad"]),
    );
    assert_eq!(outcome.text, with_aliases(&["Assad", "al-Assad", "Al-Asad"]));
    assert!(outcome.conflicts.is_empty());
}

#[test]
fn project_title_conflict_and_file_kind_from_content() {
    let manifest =
        |title: &str| format!("(\n  format: 1,\n  title: \"{title}\",\n  notes: \"Five reports.\",\n)\n");
    let outcome =
        store::merge_texts(None, &manifest("Syria"), &manifest("Syria, Dec 2024"), &manifest("Syria 2024"))
            .expect("merges");
    assert_eq!(outcome.kind, FileKind::Project);
    assert_eq!(outcome.text, manifest("Syria, Dec 2024"));
    let [conflict] = outcome.conflicts.as_slice() else {
        panic!("one conflict: {:?}", outcome.conflicts);
    };
    assert_eq!(
        (conflict.kind, conflict.item.as_str(), conflict.field.as_str()),
        (ItemKind::Project, "", "title")
    );

    // Lists are told apart by their fields; blank inputs are empty lists.
    let outcome = store::merge_texts(None, "", &entities(&[RU]), "[]").expect("merges");
    assert_eq!((outcome.kind, outcome.text), (FileKind::Entities, entities(&[RU])));
    assert!(matches!(
        store::merge_texts(None, "[]", "(nonsense)", "[]"),
        Err(store::MergeError::UnknownKind)
    ));
}

#[test]
fn invalid_input_is_an_error_naming_the_side() {
    let error = store::merge_texts(
        Some(FileKind::Entities),
        "[]",
        "[]",
        "[\n  (id: \"x\", name: 7, kind: State),\n]\n",
    )
    .expect_err("invalid");
    assert_eq!(error.to_string(), "entities.ron:2:18: Expected string (in the theirs version)");
    let duplicate = "[(id: \"x\", name: \"X\", kind: State), (id: \"x\", name: \"Y\", kind: State)]";
    let error = store::merge_texts(Some(FileKind::Entities), duplicate, "[]", "[]").expect_err("duplicate");
    assert_eq!(error.to_string(), "entities.ron: the id `x` is used twice (in the base version)");
}

/// A copy of the sample project in `dir`.
fn copy_sample(dir: &Path) {
    std::fs::create_dir_all(dir.join("texts")).expect("mkdir");
    for folder in [Path::new(SAMPLE).to_owned(), Path::new(SAMPLE).join("texts")] {
        for entry in std::fs::read_dir(&folder).expect("sample") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_file() {
                let relative = entry.path().strip_prefix(SAMPLE).expect("inside").to_owned();
                std::fs::copy(entry.path(), dir.join(relative)).expect("copy");
            }
        }
    }
}

#[test]
fn resolving_a_conflict_is_one_undoable_edit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("syria");
    copy_sample(&dir);
    let entities_text = std::fs::read_to_string(dir.join("entities.ron")).expect("read");
    let renamed = |name: &str| entities_text.replacen("name: \"Russia\",", &format!("name: \"{name}\","), 1);
    let outcome =
        merge(FileKind::Entities, &entities_text, &renamed("Russian Federation"), &renamed("Russia (state)"));
    assert_eq!(outcome.conflicts.len(), 1, "{:?}", outcome.conflicts);
    std::fs::write(dir.join("entities.ron"), &outcome.text).expect("write");
    store::add_conflicts(&dir.join("conflicts.ron"), &outcome.conflicts).expect("writes conflicts");

    let project = store::load(&dir).expect("the merged project loads");
    assert!(project.validate().is_empty());
    let conflict = project.conflicts.values().next().expect("a conflict").clone();
    let russia = EntityId(conflict.item.clone());
    assert_eq!(project.entities[&russia].name, "Russian Federation");

    let mut history = History::new();
    let mut project = project;
    let edit = resolve_conflict(&project, &conflict.id, Side::Theirs).expect("resolves");
    history.apply(&mut project, edit, "Resolve conflict", None, 0.0).expect("applies");
    assert_eq!(project.entities[&russia].name, "Russia (state)");
    assert!(project.conflicts.is_empty());
    store::save(&project, &dir).expect("saves");
    assert_eq!(std::fs::read_to_string(dir.join("conflicts.ron")).expect("read"), "[]\n");
    assert_eq!(store::load(&dir).expect("loads"), project);

    assert_eq!(history.undo(&mut project).expect("undoes").as_deref(), Some("Resolve conflict"));
    assert_eq!(project.entities[&russia].name, "Russian Federation");
    assert_eq!(project.conflicts.get(&conflict.id), Some(&conflict));
    assert!(matches!(
        resolve_conflict(&project, &ConflictId::from("nope"), Side::Ours),
        Err(dossier::edit::ResolveError::UnknownConflict(_))
    ));
}

#[test]
fn duplicates_are_proposed_not_merged() {
    let mut project = store::load(Path::new(SAMPLE)).expect("loads");
    assert!(dossier::analysis::duplicate_entities(&project).is_empty(), "the sample has none");
    let russia = project.entities.values().find(|e| e.name == "Russia").expect("Russia").id.clone();
    let twin = Entity::new(EntityId::from("russia-x2m0"), "RUSSIA", EntityKind::State);
    project.entities.insert(twin.id.clone(), twin.clone());
    let groups = dossier::analysis::duplicate_entities(&project);
    let mut expected = vec![russia, twin.id];
    expected.sort();
    assert_eq!(groups, vec![expected]);
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

#[test]
fn the_command_writes_ours_and_exits_0_1_or_2() {
    let tmp = tempfile::tempdir().expect("tmp");
    let write = |name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.to_str().expect("utf-8").to_owned()
    };
    let project_dir = tmp.path().join("proj");
    std::fs::create_dir_all(&project_dir).expect("mkdir");
    let target = project_dir.join("entities.ron");
    let target = target.to_str().expect("utf-8");

    let (base, ours, theirs) =
        (write("b", &entities(&[RU])), write("o", &entities(&[RU, US])), write("t", &entities(&[UAE, RU])));
    let output = dossier(&["merge", &base, &ours, &theirs, target]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(std::fs::read_to_string(&ours).expect("read"), entities(&[RU, UAE, US]));
    assert!(!project_dir.join("conflicts.ron").exists(), "a clean merge records nothing");

    let ours = write("o", &entities(&[("russia-k3f9", "Russian Federation", "")]));
    let theirs = write("t", &entities(&[("russia-k3f9", "Russia (state)", "")]));
    let output = dossier(&["merge", &base, &ours, &theirs, target]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(&ours).expect("read"),
        entities(&[("russia-k3f9", "Russian Federation", "")])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 conflict(s) recorded in"), "{stderr}");
    let recorded =
        std::fs::read_to_string(project_dir.join("conflicts.ron")).expect("conflicts.ron beside PATH");
    assert!(recorded.contains("field: \"name\","), "{recorded}");

    // Without PATH the content tells the kind, and conflicts go beside OURS.
    let ours = write("o", &entities(&[("russia-k3f9", "Russian Federation", "")]));
    let output = dossier(&["merge", &base, &ours, &theirs]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(tmp.path().join("conflicts.ron").exists());

    let bad = write("bad", "[\n  (id: \"x\", name: 7, kind: State),\n]\n");
    let output = dossier(&["merge", &base, &ours, &bad, target]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        format!("dossier merge: {bad}:2:18: Expected string (theirs version of {target})\n"),
        "one line naming the file"
    );
    let output = dossier(&["merge", &base, &ours, &tmp.path().join("missing").display().to_string(), target]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    // OURS is replaced by a rename, so it must be a plain file.
    let output = dossier(&["merge", &base, tmp.path().to_str().expect("utf-8"), &theirs, target]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"));
}

fn git(repo: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs")
}

fn git_ok(repo: &Path, args: &[&str]) {
    let output = git(repo, args);
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

#[test]
fn git_merge_of_two_analysts_branches_through_the_driver() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("note: git is not installed; skipping the real git merge test");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    let project_dir: PathBuf = repo.join("syria-2024");
    copy_sample(&project_dir);
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    git_ok(&repo, &["config", "user.name", "Test Analyst"]);
    git_ok(&repo, &["config", "user.email", "analyst@example.org"]);
    git_ok(&repo, &["config", "merge.dossier.name", "Dossier project merge"]);
    let driver = format!("\"{}\" merge %O %A %B %P", env!("CARGO_BIN_EXE_dossier"));
    git_ok(&repo, &["config", "merge.dossier.driver", &driver]);
    std::fs::write(repo.join(".gitattributes"), "*.ron merge=dossier\n").expect("write");
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "-m", "The sample project"]);

    // Alice adds an entity and retitles the project.
    git_ok(&repo, &["checkout", "-q", "-b", "alice"]);
    let mut project = store::load(&project_dir).expect("loads");
    let turkey = Entity::new(EntityId::from("turkey-t4r1"), "Turkey", EntityKind::State);
    project.entities.insert(turkey.id.clone(), turkey.clone());
    project.meta.title = "Syria: the fall of Assad".into();
    store::save(&project, &project_dir).expect("saves");
    git_ok(&repo, &["commit", "-q", "-am", "Alice: Turkey, new title"]);

    // Bob adds another entity, corrects a source's title and retitles the project too.
    git_ok(&repo, &["checkout", "-q", "-b", "bob", "main"]);
    let mut project = store::load(&project_dir).expect("loads");
    let iran = Entity::new(EntityId::from("iran-i8r2"), "Iran", EntityKind::State);
    project.entities.insert(iran.id.clone(), iran.clone());
    let source_id = project.sources.keys().next().expect("a source").clone();
    project.sources.get_mut(&source_id).expect("source").title =
        "Assad: the Russians improvised my escape".into();
    project.meta.title = "Syria, December 2024 (Bob)".into();
    store::save(&project, &project_dir).expect("saves");
    git_ok(&repo, &["commit", "-q", "-am", "Bob: Iran, a source title, new title"]);

    git_ok(&repo, &["checkout", "-q", "alice"]);
    let output = git(&repo, &["merge", "--no-edit", "bob"]);
    // The project title conflicts, so the driver exits 1 and git reports a conflict.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("CONFLICT (content): Merge conflict in syria-2024/project.ron"), "{said}");
    assert!(!said.contains("Merge conflict in syria-2024/entities.ron"), "entities merge cleanly: {said}");

    let merged = store::load(&project_dir).expect("the merged project loads");
    assert!(merged.validate().is_empty(), "{:?}", merged.validate());
    assert_eq!(merged.entities.get(&turkey.id), Some(&turkey));
    assert_eq!(merged.entities.get(&iran.id), Some(&iran));
    let sample = store::load(Path::new(SAMPLE)).expect("sample");
    assert_eq!(merged.entities.len(), sample.entities.len() + 2, "both new entities");
    assert_eq!(merged.sources[&source_id].title, "Assad: the Russians improvised my escape");
    assert_eq!(merged.meta.title, "Syria: the fall of Assad", "ours kept");
    let conflicts: Vec<_> = merged.conflicts.values().collect();
    let [conflict] = conflicts.as_slice() else {
        panic!("one conflict: {conflicts:?}");
    };
    assert_eq!((conflict.kind, conflict.field.as_str()), (ItemKind::Project, "title"));
    assert_eq!(conflict.base.as_deref(), Some("\"Syria, December 2024\""));
    assert_eq!(conflict.ours.as_deref(), Some("\"Syria: the fall of Assad\""));
    assert_eq!(conflict.theirs.as_deref(), Some("\"Syria, December 2024 (Bob)\""));
    // The merged files are what a save writes: saving changes nothing.
    assert_eq!(store::save(&merged, &project_dir).expect("saves"), store::SaveOutcome::Unchanged);

    let check = dossier(&["check", project_dir.to_str().expect("utf-8")]);
    assert_eq!(check.status.code(), Some(1), "unresolved conflicts fail the check: {check:?}");
    assert!(String::from_utf8_lossy(&check.stdout).contains(&format!("unresolved conflict {}", conflict.id)));

    // Resolving in favour of Bob's title, then committing, finishes the merge.
    let mut project = merged.clone();
    let edit = resolve_conflict(&project, &conflict.id, Side::Theirs).expect("resolves");
    dossier::edit::apply(&mut project, &edit).expect("applies");
    assert_eq!(project.meta.title, "Syria, December 2024 (Bob)");
    store::save(&project, &project_dir).expect("saves");
    let check = dossier(&["check", project_dir.to_str().expect("utf-8")]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    git_ok(&repo, &["add", "-A"]);
    git_ok(&repo, &["commit", "-q", "--no-edit"]);
}

#[test]
fn a_removed_node_against_a_moved_one_keeps_the_move_until_resolved() {
    let without_us = "[
  (
    id: \"exit-c4v7\",
    name: \"Assad's exit\",
    nodes: {
      \"russia-k3f9\": (
        x: 0.0,
        y: 0.0,
      ),
    },
  ),
]
";
    let us_moved = MAP_BASE.replace("x: 10.0,\n        y: 10.0", "x: 20.0,\n        y: 10.0");
    let outcome = merge(FileKind::Maps, MAP_BASE, without_us, &us_moved);
    assert_eq!(outcome.text, us_moved, "the moved node is kept");
    let [conflict] = outcome.conflicts.as_slice() else {
        panic!("one conflict: {:?}", outcome.conflicts);
    };
    assert_eq!(
        (conflict.field.as_str(), conflict.change),
        ("nodes.united-states-u5s1", ConflictChange::OursRemoved)
    );
    assert_eq!(conflict.ours, None);

    // Picking our side (removed) takes the node off the map; the base side puts it back.
    let mut project = dossier::model::Project::new("t");
    for (id, name) in [("russia-k3f9", "Russia"), ("united-states-u5s1", "United States")] {
        project.entities.insert(EntityId::from(id), Entity::new(EntityId::from(id), name, EntityKind::State));
    }
    let map: Vec<dossier::model::Map> = ron::from_str(&outcome.text).expect("parses");
    let map = map.into_iter().next().expect("a map");
    project.maps.insert(map.id.clone(), map.clone());
    project.conflicts.insert(conflict.id.clone(), conflict.clone());
    let mut removed = project.clone();
    dossier::edit::apply(
        &mut removed,
        &resolve_conflict(&project, &conflict.id, Side::Ours).expect("resolves"),
    )
    .expect("applies");
    assert!(!removed.maps[&map.id].nodes.contains_key(&EntityId::from("united-states-u5s1")));
    assert!(removed.conflicts.is_empty());
    let mut restored = project.clone();
    dossier::edit::apply(
        &mut restored,
        &resolve_conflict(&project, &conflict.id, Side::Base).expect("resolves"),
    )
    .expect("applies");
    let node = restored.maps[&map.id].nodes[&EntityId::from("united-states-u5s1")];
    assert_eq!((node.x, node.y), (10.0, 10.0));

    // A conflict whose item is gone is stale: resolving it only drops the record.
    let mut stale = project.clone();
    stale.maps.clear();
    assert!(!stale.conflict_is_live(conflict));
    let edit = resolve_conflict(&stale, &conflict.id, Side::Theirs).expect("resolves");
    dossier::edit::apply(&mut stale, &edit).expect("applies");
    assert!(stale.conflicts.is_empty() && stale.maps.is_empty());
}

#[test]
fn conflicts_files_merge_by_id_without_conflicts() {
    let outcome = merge(
        FileKind::Entities,
        &entities(&[RU]),
        &entities(&[("russia-k3f9", "Russian Federation", "")]),
        &entities(&[("russia-k3f9", "Russia (state)", "")]),
    );
    let mut one = dossier::model::Project::default();
    one.conflicts.extend(outcome.conflicts.iter().map(|c| (c.id.clone(), c.clone())));
    let files = store::to_files(&one).expect("serialises");
    let text = &files.iter().find(|(name, _)| *name == store::CONFLICTS_FILE).expect("conflicts file").1;
    let merged = merge(FileKind::Conflicts, "", text, "[]\n");
    assert_eq!((&merged.text, merged.conflicts.len()), (text, 0));
    let both = merge(FileKind::Conflicts, "", text, text);
    assert_eq!(&both.text, text);
    // Resolved on one side (removed), untouched on the other: it stays resolved.
    let resolved = merge(FileKind::Conflicts, text, "[]\n", text);
    assert_eq!(resolved.text, "[]\n");
}

/// claims.ron merges by claim id: one analyst adds a contradicting quote, the other
/// rewords the statement, and both changes are kept without a conflict.
#[test]
fn claims_merge_by_id_with_their_evidence_as_a_set() {
    let sample = store::load(Path::new(SAMPLE)).expect("the sample loads");
    let claims_file = |project: &dossier::model::Project| {
        store::to_files(project)
            .expect("serialises")
            .into_iter()
            .find(|(name, _)| *name == store::CLAIMS_FILE)
            .map(|(_, text)| text)
            .expect("claims.ron")
    };
    let mut base = sample.clone();
    let id = base.claims.keys().next().expect("a claim").clone();
    let claim = base.claims.get_mut(&id).expect("the claim");
    let extra = claim.evidence.pop().expect("a quote");
    let mut ours = base.clone();
    ours.claims.get_mut(&id).expect("ours").evidence.push(extra);
    let mut theirs = base.clone();
    theirs.claims.get_mut(&id).expect("theirs").statement = "Reworded".into();
    let outcome = merge(FileKind::Claims, &claims_file(&base), &claims_file(&ours), &claims_file(&theirs));
    assert!(outcome.conflicts.is_empty(), "{:#?}", outcome.conflicts);
    let mut expected = ours.clone();
    expected.claims.get_mut(&id).expect("expected").statement = "Reworded".into();
    assert_eq!(outcome.text, claims_file(&expected));
    assert_eq!(FileKind::from_file_name("claims.ron"), Some(FileKind::Claims));
}
