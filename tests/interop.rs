//! The graph exports read back by the tools analysts use: the real binary exports the
//! sample project's maps and a generated project full of awkward cases (undirected,
//! parallel and self relations, non-ASCII and markup-like text, a map with undirected
//! relations only) as `GraphML`, GEXF 1.3 and 1.2draft, CSV and Cytoscape JSON, and
//! `tests/interop/read_back.py` reads each file with networkx and igraph and checks
//! every node and edge against what this test computes from the project.
//!
//! Without python3, networkx or igraph the test prints a note and passes, unless the
//! `CI` environment variable is set (`.ci/run` installs them): then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::model::{Entity, EntityId, EntityKind, Map, MapId, MapNode, Project, Relation, RelationId};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const READ_BACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/read_back.py");

/// Whether the read-back can run here; without it, outside CI, the test is skipped.
fn python_ready() -> bool {
    let probe = Command::new("python3").args(["-c", "import networkx, igraph"]).output();
    let ready = probe.as_ref().is_ok_and(|output| output.status.success());
    if !ready {
        let why = match &probe {
            Ok(output) => String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            Err(error) => format!("python3: {error}"),
        };
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but the read-back cannot run ({why}); .ci/run installs networkx and igraph"
        );
        eprintln!(
            "note: skipping the networkx/igraph read-back ({why}); pip install networkx igraph to run it"
        );
    }
    ready
}

fn dossier(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("run dossier");
    assert!(
        output.status.success(),
        "dossier {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What the readers must find for `map`, computed from the project directly: every
/// entity on the map, and every relation whose two ends are on it.
fn expected(project: &Project, map: &Map) -> serde_json::Value {
    let nodes: Vec<serde_json::Value> = map
        .nodes
        .keys()
        .filter_map(|id| project.entities.get(id))
        .map(|entity| {
            serde_json::json!({
                "id": entity.id.as_str(),
                "label": entity.name,
                "kind": entity.kind.label(),
                "aliases": entity.aliases.join("; "),
            })
        })
        .collect();
    let on_map = |id: &EntityId| map.nodes.contains_key(id) && project.entities.contains_key(id);
    let edges: Vec<serde_json::Value> = project
        .relations
        .values()
        .filter(|relation| on_map(&relation.from) && on_map(&relation.to))
        .map(|relation| {
            serde_json::json!({
                "id": relation.id.as_str(),
                "source": relation.from.as_str(),
                "target": relation.to.as_str(),
                "label": relation.label,
                "directed": relation.directed,
                "start": relation.start,
                "end": relation.end,
                "evidence": relation.evidence.len(),
                "sources": relation.source_count(),
                "disputed": relation.disputed,
            })
        })
        .collect();
    serde_json::json!({ "nodes": nodes, "edges": edges })
}

/// Exports every map of the project in `dir` in every graph format and reads each file
/// back; returns how many read-backs ran.
fn export_and_read_back(dir: &Path, out: &Path) -> usize {
    let project = dossier::store::load(dir).expect("the project loads");
    let dir_arg = dir.to_str().expect("UTF-8 path");
    let mut runs = 0;
    for map in project.maps.values() {
        let map_id = map.id.as_str();
        let expected_path = out.join(format!("{map_id}.expected.json"));
        let text = serde_json::to_string_pretty(&expected(&project, map)).expect("JSON");
        std::fs::write(&expected_path, text).expect("write the expectation");
        let cases: [(&str, &str, &[&str]); 5] = [
            ("graphml", "graphml", &["--format", "graphml"]),
            ("gexf-1.3", "gexf", &["--format", "gexf", "--gexf-version", "1.3"]),
            ("gexf-1.2draft", "1.2.gexf", &["--format", "gexf", "--gexf-version", "1.2draft"]),
            ("csv", "csv", &["--format", "csv"]),
            ("json", "json", &["--format", "json"]),
        ];
        for (reader_format, extension, format_args) in cases {
            let path: PathBuf = out.join(format!("{map_id}.{extension}"));
            let path_arg = path.to_str().expect("UTF-8 path");
            let mut args = vec!["export", dir_arg, "--map", map_id, "-o", path_arg];
            args.extend_from_slice(format_args);
            dossier(&args);
            let output = Command::new("python3")
                .args([READ_BACK, reader_format, path_arg, expected_path.to_str().expect("UTF-8 path")])
                .output()
                .expect("run read_back.py");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "{reader_format} of map {map_id} did not read back:\n{stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            eprint!("{stdout}");
            runs += 1;
        }
    }
    runs
}

#[test]
fn the_sample_maps_read_back_in_networkx_and_igraph() {
    if !python_ready() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let project = dossier::store::load(Path::new(SAMPLE)).expect("the sample loads");
    // Both maps of the sample mix directed and undirected relations: the case networkx
    // refused in GraphML.
    let mixed =
        project.relations.values().any(|r| !r.directed) && project.relations.values().any(|r| r.directed);
    assert!(mixed && project.maps.len() == 2, "the sample still has two mixed maps");
    assert_eq!(export_and_read_back(Path::new(SAMPLE), tmp.path()), 10);
}

fn entity(id: &str, name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
    let mut entity = Entity::new(EntityId::from(id), name, kind);
    entity.aliases = aliases.iter().map(|alias| (*alias).to_owned()).collect();
    entity
}

fn undirected(id: &str, from: &str, to: &str, label: &str) -> Relation {
    let mut relation = Relation::new(RelationId::from(id), EntityId::from(from), EntityId::from(to), label);
    relation.directed = false;
    relation
}

/// A `dossier synth` project made awkward: every third relation undirected, a parallel
/// pair both ways and a self relation on its map, names and labels with non-ASCII and
/// markup-like text, and a second map whose relations are all undirected.
fn awkward_project(dir: &Path) {
    let dir_arg = dir.to_str().expect("UTF-8 path");
    dossier(&["synth", dir_arg, "--sources", "3", "--entities", "12", "--relations", "24", "--seed", "7"]);
    let mut project = dossier::store::load(dir).expect("the synth project loads");
    for (i, relation) in project.relations.values_mut().enumerate() {
        if i % 3 == 1 {
            relation.directed = false;
        }
        if i % 4 == 2 {
            relation.disputed = true;
            relation.start = "2024-12-08".into();
            relation.end = "2025".into();
        }
    }
    let strange_names = [
        ("هيئة تحرير الشام", vec!["Ḥayʼat Taḥrīr al-Shām", "HTS; \"the Committee\""]),
        ("Café <Zürich> & \"Söhne\"", vec!["a, b", "l'apostrophe"]),
        ("Line\nbreak\tand tab", vec![]),
    ];
    let ids: Vec<EntityId> = project.entities.keys().take(strange_names.len()).cloned().collect();
    for (id, (name, aliases)) in ids.iter().zip(strange_names) {
        let Some(entity) = project.entities.get_mut(id) else { continue };
        name.clone_into(&mut entity.name);
        entity.aliases = aliases.into_iter().map(str::to_owned).collect();
    }
    let (first, second) = (ids[0].as_str(), ids[1].as_str());
    for (id, from, to, label, directed) in [
        ("pays-parallel-1", first, second, "paid — «twice»", true),
        ("pays-parallel-2", first, second, "paid <again> & again", true),
        ("pays-back-3", second, first, "paid back", true),
        ("talks-parallel-4", second, first, "talks with", false),
        ("self-loop-5", first, first, "split into factions", true),
        ("self-loop-6", second, second, "مع نفسه", false),
    ] {
        let mut relation =
            Relation::new(RelationId::from(id), EntityId::from(from), EntityId::from(to), label);
        relation.directed = directed;
        project.relations.insert(relation.id.clone(), relation);
    }

    // Three entities that only undirected relations join: a map with no direction at all.
    let circle = [
        entity("ring-a-1", "Ωmega Ring", EntityKind::Organization, &["Ω"]),
        entity("ring-b-2", "Ринг Б", EntityKind::Person, &[]),
        entity("ring-c-3", "环 C", EntityKind::Place, &["C 环"]),
    ];
    let mut map = Map::new(MapId::from("undirected-only"), "Undirected only · 無向");
    for (i, entity) in circle.into_iter().enumerate() {
        let offset = i as f32 * 150.0;
        map.nodes.insert(entity.id.clone(), MapNode { x: offset, y: -offset, pinned: false });
        project.entities.insert(entity.id.clone(), entity);
    }
    for relation in [
        undirected("allied-r1", "ring-a-1", "ring-b-2", "allied with"),
        undirected("allied-r2", "ring-a-1", "ring-b-2", "allied again"),
        undirected("border-r3", "ring-b-2", "ring-c-3", "shares a border with"),
        undirected("self-r4", "ring-c-3", "ring-c-3", "itself"),
    ] {
        project.relations.insert(relation.id.clone(), relation);
    }
    project.maps.insert(map.id.clone(), map);
    assert_eq!(project.validate(), [], "the awkward project is valid");
    dossier::store::save(&project, dir).expect("save the awkward project");
}

#[test]
fn awkward_maps_read_back_in_networkx_and_igraph() {
    if !python_ready() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("awkward");
    awkward_project(&dir);
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    // The synth map and the undirected-only map, five formats each.
    assert_eq!(export_and_read_back(&dir, &out), 10);
}
