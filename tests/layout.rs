//! Map layouts: the four algorithms through the public API, and `dossier layout` run as
//! the real binary on a copy of the sample project.

// Pinned nodes and repeated runs must give exactly the same numbers, so exact comparison is the point.
#![allow(clippy::float_cmp)]

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use dossier::analysis::layout::{self, Algorithm, LayoutGraph, LayoutOptions};
use dossier::model::{EntityId, Map, MapId, MapNode, Relation, RelationId};
use dossier::progress::{Cancelled, Progress};
use dossier::store::SaveOutcome;

/// A graph of `n` nodes at `positions` (all at the origin when empty) with these edges.
fn graph(n: usize, positions: &[[f32; 2]], edges: &[(u32, u32)]) -> LayoutGraph {
    LayoutGraph {
        ids: (0..n).map(|i| EntityId::from(format!("node-{i:04}").as_str())).collect(),
        positions: if positions.is_empty() { vec![[0.0, 0.0]; n] } else { positions.to_vec() },
        pinned: vec![false; n],
        edges: edges.to_vec(),
    }
}

fn run(graph: &LayoutGraph, algorithm: Algorithm, seed: u64) -> Vec<[f32; 2]> {
    let progress = Progress::with_observer(|p| {
        let f = p.fraction();
        assert!((0.0..=1.0).contains(&f), "progress {f}");
    });
    let out = layout::run(graph, &LayoutOptions { algorithm, seed }, &progress).expect("not cancelled");
    assert_eq!(progress.fraction(), 1.0, "{algorithm:?} reports that it finished");
    assert_eq!(out.len(), graph.positions.len());
    out
}

fn distance(p: [f32; 2], q: [f32; 2]) -> f32 {
    (p[0] - q[0]).hypot(p[1] - q[1])
}

/// Two triangles (0, 1, 2) and (3, 4, 5) joined by the edge 2–3.
fn two_triangles() -> LayoutGraph {
    graph(6, &[], &[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
}

/// A scattered graph of `n` nodes with about two relations per node, some of them
/// repeated, reversed or self-loops.
fn scattered(n: u32, seed: u64) -> LayoutGraph {
    let mut rng = fastrand::Rng::with_seed(seed);
    let positions: Vec<[f32; 2]> = (0..n).map(|_| [rng.f32() * 2000.0, rng.f32() * 1500.0]).collect();
    let mut edges: Vec<(u32, u32)> = (1..n).map(|i| (rng.u32(..i), i)).collect();
    edges.extend((0..n).map(|_| (rng.u32(..n), rng.u32(..n))));
    edges.extend([(0, 0), (1, 2), (1, 2), (2, 1)]);
    graph(n as usize, &positions, &edges)
}

#[test]
fn every_algorithm_is_deterministic_bit_for_bit() {
    // All nodes start on one spot, so the seed decides the force layout's start.
    let mut g = two_triangles();
    g.edges.push((1, 1));
    for algorithm in Algorithm::ALL {
        let a = run(&g, algorithm, 7);
        let b = run(&g, algorithm, 7);
        let bits =
            |p: &[[f32; 2]]| p.iter().flat_map(|q| [q[0].to_bits(), q[1].to_bits()]).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&b), "{algorithm:?}");
    }
    assert_ne!(run(&g, Algorithm::Force, 7), run(&g, Algorithm::Force, 8), "the seed matters");

    // Large enough for Barnes–Hut.
    let big = scattered(700, 3);
    assert_eq!(run(&big, Algorithm::Force, 1), run(&big, Algorithm::Force, 1));
}

#[test]
fn pinned_nodes_stay_exactly_where_they_are() {
    let mut g = scattered(40, 5);
    for i in [0, 3, 17, 39] {
        g.pinned[i] = true;
    }
    g.positions[3] = [1234.567, -89.125];
    for algorithm in Algorithm::ALL {
        let out = run(&g, algorithm, 1);
        for i in [0, 3, 17, 39] {
            assert_eq!(out[i], g.positions[i], "{algorithm:?} moved pinned node {i}");
        }
        assert!(out.iter().zip(&g.positions).any(|(a, b)| a != b), "{algorithm:?} moved nothing");
    }
    // Every node pinned: nothing moves.
    g.pinned = vec![true; 40];
    for algorithm in Algorithm::ALL {
        assert_eq!(run(&g, algorithm, 1), g.positions, "{algorithm:?}");
    }
}

#[test]
fn awkward_graphs_give_finite_positions() {
    let cases = [
        ("empty", graph(0, &[], &[])),
        ("one node", graph(1, &[[5.0, 5.0]], &[])),
        ("one node with a self-loop", graph(1, &[], &[(0, 0)])),
        ("two nodes, one spot", graph(2, &[], &[])),
        ("coincident, related", graph(5, &[], &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)])),
        ("repeated relations", graph(3, &[], &[(0, 1), (0, 1), (1, 0), (1, 2), (2, 2)])),
        ("no relations", graph(12, &[], &[])),
        ("coincident, large", graph(600, &[], &[(0, 1), (1, 2), (5, 6)])),
    ];
    for (name, g) in &cases {
        for algorithm in Algorithm::ALL {
            let out = run(g, algorithm, 1);
            assert!(out.iter().flatten().all(|v| v.is_finite()), "{name}, {algorithm:?}: {out:?}");
            if g.positions.len() > 1 && algorithm != Algorithm::Hierarchy {
                let mut seen: Vec<[u32; 2]> = out.iter().map(|p| [p[0].to_bits(), p[1].to_bits()]).collect();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), out.len(), "{name}, {algorithm:?}: nodes share a position");
            }
        }
    }
}

#[test]
fn force_layout_keeps_related_nodes_close_and_edges_readable() {
    let g = two_triangles();
    let out = run(&g, Algorithm::Force, 1);
    let related: Vec<f32> =
        g.edges.iter().map(|&(a, b)| distance(out[a as usize], out[b as usize])).collect();
    let mut unrelated = Vec::new();
    for a in 0..6 {
        for b in a + 1..6 {
            if !g.edges.contains(&(a, b)) && !g.edges.contains(&(b, a)) {
                unrelated.push(distance(out[a as usize], out[b as usize]));
            }
        }
    }
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    assert!(mean(&related) < mean(&unrelated), "{related:?} vs {unrelated:?}");
    // The triangles' own edges are shorter than the distances across the bridge.
    assert!(distance(out[0], out[1]) < distance(out[0], out[4]));
    assert!(related.iter().all(|&d| (100.0..=300.0).contains(&d)), "edge lengths {related:?}");
    let centre = out.iter().fold([0.0, 0.0], |c, p| [c[0] + p[0] / 6.0, c[1] + p[1] / 6.0]);
    assert!(centre[0].abs() < 1.0 && centre[1].abs() < 1.0, "centred: {centre:?}");

    // The same on a map large enough for Barnes–Hut: the median relation is readable.
    let big = scattered(800, 9);
    let out = run(&big, Algorithm::Force, 1);
    let mut lengths: Vec<f32> = big
        .edges
        .iter()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| distance(out[a as usize], out[b as usize]))
        .collect();
    lengths.sort_by(f32::total_cmp);
    let median = lengths[lengths.len() / 2];
    assert!(median >= 160.0, "median edge {median}");
}

/// The "All entities" map of a generated project (the benchmark's input).
fn synthetic(entities: usize, relations: usize) -> LayoutGraph {
    let params = dossier::synth::SynthParams { sources: 20, entities, relations, mentions: 200, seed: 1 };
    let project = dossier::synth::synth(&params);
    let map = project.maps.values().next().expect("synth makes a map");
    LayoutGraph::from_map(&project, map)
}

fn measured(graph: &LayoutGraph, seed: u64) -> layout::LayoutOutcome {
    let options = LayoutOptions { algorithm: Algorithm::Force, seed };
    let last = Arc::new(Mutex::new(0.0f32));
    let previous = Arc::clone(&last);
    let progress = Progress::with_observer(move |p| {
        let f = p.fraction();
        let mut last = previous.lock().expect("not poisoned");
        assert!((*last..=1.0).contains(&f), "progress {f} after {last}");
        *last = f;
    });
    let outcome = layout::run_measured(graph, &options, &progress).expect("not cancelled");
    assert_eq!(*last.lock().expect("not poisoned"), 1.0);
    outcome
}

/// The map of issue 5, 10,000 nodes and 20,000 random relations with no clusters to settle
/// into, comes to rest by the stop test, well before the iteration cap.
#[test]
fn large_random_force_layout_becomes_stable_before_the_cap() {
    let g = synthetic(10_000, 20_000);
    let outcome = measured(&g, 1);
    assert!(outcome.stable, "ended at the cap: {} iterations", outcome.iterations);
    assert!(outcome.iterations < layout::MAX_ITERATIONS_LARGE, "{} iterations", outcome.iterations);
    // The multilevel start leaves the full-size run little to untangle: from the synthetic
    // grid it took 215 iterations before it.
    assert!(outcome.iterations < 150, "{} iterations at full size", outcome.iterations);
    assert!(outcome.last_step < layout::STABLE_STEP, "last mean step {}", outcome.last_step);
    assert!(outcome.positions.iter().flatten().all(|v| v.is_finite()));
    let mut spots: Vec<[u32; 2]> =
        outcome.positions.iter().map(|p| [p[0].to_bits(), p[1].to_bits()]).collect();
    spots.sort_unstable();
    spots.dedup();
    assert_eq!(spots.len(), g.ids.len(), "no two nodes on one spot");
}

/// A smaller random map through the same Barnes–Hut path: stable, and the same numbers
/// again for the same seed, with or without pinned nodes.
#[test]
fn random_force_layout_is_stable_and_repeatable() {
    let mut g = synthetic(2_000, 4_000);
    let first = measured(&g, 3);
    assert!(first.stable && first.iterations < layout::MAX_ITERATIONS_LARGE, "{first:?}");
    assert!(first.last_step < layout::STABLE_STEP, "last mean step {}", first.last_step);
    assert_eq!(measured(&g, 3), first);

    for i in [0, 500, 1999] {
        g.pinned[i] = true;
    }
    let pinned = measured(&g, 3);
    assert!(pinned.stable, "{} iterations", pinned.iterations);
    for i in [0, 500, 1999] {
        assert_eq!(pinned.positions[i], g.positions[i], "pinned node {i} moved");
    }
    assert_eq!(measured(&g, 3), pinned);
}

/// Small maps settle by the stop test too, and the one-pass layouts say they took none.
#[test]
fn measured_layouts_report_how_they_ended() {
    for g in [two_triangles(), scattered(40, 5), scattered(300, 6)] {
        let outcome = measured(&g, 1);
        assert!(outcome.stable && outcome.iterations > 0, "{} nodes: {outcome:?}", g.ids.len());
        assert!(outcome.iterations < layout::MAX_ITERATIONS_SMALL, "{} nodes", g.ids.len());
        assert_eq!(outcome.positions, run(&g, Algorithm::Force, 1), "run gives the same positions");
    }
    let g = scattered(40, 5);
    for algorithm in [Algorithm::Circle, Algorithm::Grid, Algorithm::Hierarchy] {
        let options = LayoutOptions { algorithm, seed: 1 };
        let outcome = layout::run_measured(&g, &options, &Progress::new()).expect("ran");
        assert_eq!((outcome.iterations, outcome.stable, outcome.last_step), (0, true, 0.0), "{algorithm:?}");
    }
}

#[test]
fn hierarchy_reads_along_the_relations() {
    // central bank → Moscow → Russian banks, and a cycle back to the start.
    let g = graph(3, &[], &[(0, 1), (1, 2)]);
    let out = run(&g, Algorithm::Hierarchy, 1);
    assert!(out[0][1] < out[1][1] && out[1][1] < out[2][1], "{out:?}");

    let g = graph(4, &[], &[(0, 1), (1, 2), (2, 0), (0, 3)]);
    let out = run(&g, Algorithm::Hierarchy, 1);
    assert!(out[0][1] < out[1][1] && out[1][1] < out[2][1], "cycle broken at its start: {out:?}");
    assert!(out[0][1] < out[3][1]);
    let mut layers: Vec<u32> = out.iter().map(|p| p[1].to_bits()).collect();
    layers.sort_unstable();
    layers.dedup();
    assert_eq!(layers.len(), 3);
}

#[test]
fn hierarchy_sweeps_remove_crossings() {
    // Two parents, each with its own two children, listed crosswise.
    let g = graph(6, &[], &[(0, 5), (1, 2), (0, 3), (1, 4)]);
    let out = run(&g, Algorithm::Hierarchy, 1);
    let left = |a: usize, b: usize| out[a][0] < out[b][0];
    // Both children of the left parent are left of both children of the right parent.
    let (l, r) = if left(0, 1) { ((3, 5), (2, 4)) } else { ((2, 4), (3, 5)) };
    for a in [l.0, l.1] {
        for b in [r.0, r.1] {
            assert!(left(a, b), "{out:?}");
        }
    }
}

#[test]
fn grid_and_circle_space_the_nodes() {
    let g = scattered(30, 2);
    for algorithm in [Algorithm::Grid, Algorithm::Circle] {
        let out = run(&g, algorithm, 1);
        let closest = (0..30)
            .flat_map(|a| (a + 1..30).map(move |b| (a, b)))
            .map(|(a, b)| distance(out[a], out[b]))
            .fold(f32::MAX, f32::min);
        assert!(closest >= 130.0, "{algorithm:?}: closest pair {closest}");
    }
}

#[test]
fn cancel_stops_the_layout() {
    let g = scattered(100, 1);
    let cancel = Progress::new();
    cancel.cancel();
    for algorithm in [Algorithm::Force, Algorithm::Hierarchy] {
        let options = LayoutOptions { algorithm, seed: 1 };
        assert_eq!(layout::run(&g, &options, &cancel), Err(Cancelled), "{algorithm:?}");
    }
}

#[test]
fn graph_from_a_map_and_back() {
    let mut project = dossier::synth::synth(&dossier::synth::SynthParams {
        sources: 3,
        entities: 12,
        relations: 20,
        mentions: 30,
        seed: 2,
    });
    let map = project.maps.values_mut().next().expect("a map");
    let first = map.nodes.keys().next().cloned().expect("a node");
    map.nodes.insert(first.clone(), MapNode { x: 1.0, y: 2.0, pinned: true });
    let map = map.clone();
    let g = LayoutGraph::from_map(&project, &map);
    assert_eq!(g.edges.len(), 20);
    let out = run(&g, Algorithm::Force, 1);
    let laid_out = g.apply(&map, &out);
    assert_eq!(laid_out.nodes[&first], MapNode { x: 1.0, y: 2.0, pinned: true });
    assert_eq!(laid_out.nodes.len(), 12);
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

/// A copy of the sample project with a map of every entity, all on one spot, and a few
/// relations between them.
fn sample_with_map(tmp: &Path) -> (std::path::PathBuf, MapId) {
    let dir = common::copy_sample_to(tmp, "syria");
    let mut project = dossier::store::load(&dir).expect("the sample loads");
    let ids: Vec<EntityId> = project.entities.keys().cloned().collect();
    for (k, pair) in ids.windows(2).take(10).enumerate() {
        let id = RelationId::from(format!("linked-{k:04}").as_str());
        project
            .relations
            .insert(id.clone(), Relation::new(id, pair[0].clone(), pair[1].clone(), "linked to"));
    }
    let map_id = MapId::from("everyone-0001");
    let mut map = Map::new(map_id.clone(), "Everyone");
    for id in &ids {
        map.nodes.insert(id.clone(), MapNode { x: 0.0, y: 0.0, pinned: false });
    }
    project.maps.insert(map_id.clone(), map);
    dossier::store::save(&project, &dir).expect("saves");
    (dir, map_id)
}

#[test]
fn layout_command_lays_out_and_saves() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, map) = sample_with_map(tmp.path());
    let d = dir.to_str().expect("utf-8");
    for algorithm in ["force", "hierarchy"] {
        let output = dossier(&["layout", d, "--map", map.as_str(), "--algorithm", algorithm, "--seed", "4"]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.starts_with(&format!("laid out map `{map}` (Everyone) with {algorithm}")), "{text}");
        let project = dossier::store::load(&dir).expect("still loads");
        let nodes = &project.maps[&map].nodes;
        assert_eq!(nodes.len(), project.entities.len());
        let mut spots: Vec<[u32; 2]> = nodes.values().map(|n| [n.x.to_bits(), n.y.to_bits()]).collect();
        spots.sort_unstable();
        spots.dedup();
        assert!(spots.len() > 20, "{algorithm}: positions changed and spread out");
    }
}

#[test]
fn layout_command_names_what_is_wrong() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, map) = sample_with_map(tmp.path());
    let d = dir.to_str().expect("utf-8");
    let before = std::fs::read(dir.join("maps.ron")).expect("maps.ron");

    let output = dossier(&["layout", d, "--map", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "dossier: {d}: there is no map `nowhere` (maps: assads-exit-k14g, {map}, money-and-bases-xhmr)\n"
        )
    );

    let output = dossier(&["layout", d, "--map", map.as_str(), "--algorithm", "spiral"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: invalid value 'spiral' for '--algorithm <ALGORITHM>'"), "{stderr}");
    assert!(stderr.contains("[possible values: force, circle, grid, hierarchy]"), "{stderr}");

    let empty = tmp.path().join("empty");
    dossier::store::create(&empty, "Empty").expect("an empty project");
    let output = dossier(&["layout", empty.to_str().expect("utf-8"), "--map", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).ends_with("(the project has no maps)\n"));
    assert_eq!(std::fs::read(dir.join("maps.ron")).expect("maps.ron"), before, "nothing saved");
}

/// The gap between the bounding boxes of two sets of positions (0 when they overlap).
fn box_gap(out: &[[f32; 2]], a: &[usize], b: &[usize]) -> f32 {
    let bounds = |set: &[usize]| {
        set.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |r, &i| {
            [r[0].min(out[i][0]), r[1].min(out[i][1]), r[2].max(out[i][0]), r[3].max(out[i][1])]
        })
    };
    let (p, q) = (bounds(a), bounds(b));
    let dx = (q[0] - p[2]).max(p[0] - q[2]).max(0.0);
    let dy = (q[1] - p[3]).max(p[1] - q[3]).max(0.0);
    dx.hypot(dy)
}

#[test]
fn separate_groups_and_lone_nodes_are_placed_beside_the_main_picture() {
    // A ring of 12, a separate triangle, a separate pair and two nodes with no relation.
    let mut edges: Vec<(u32, u32)> = (0..12).map(|i| (i, (i + 1) % 12)).collect();
    edges.extend([(0, 6), (3, 9), (12, 13), (13, 14), (14, 12), (15, 16)]);
    let g = graph(19, &[], &edges);
    let out = run(&g, Algorithm::Force, 3);
    let ring: Vec<usize> = (0..12).collect();
    for (group, name) in
        [(&[12, 13, 14][..], "triangle"), (&[15, 16], "pair"), (&[17], "lone 17"), (&[18], "lone 18")]
    {
        let gap = box_gap(&out, &ring, group);
        assert!(gap <= 2.0 * layout::TARGET_EDGE_LENGTH, "the {name} is {gap} away from the ring");
    }
    // The small groups are not pressed together: their relations are about as long as
    // the ring's.
    let mut ring_edges: Vec<f32> = (0..12).map(|i| distance(out[i], out[(i + 1) % 12])).collect();
    ring_edges.sort_by(f32::total_cmp);
    let ring_median = ring_edges[6];
    for (a, b) in [(12, 13), (13, 14), (14, 12), (15, 16)] {
        let length = distance(out[a], out[b]);
        assert!(length >= 0.7 * ring_median, "{a}–{b} is {length} long, the ring's median {ring_median}");
    }
    // Nothing overlaps: every node keeps its distance from the others.
    for a in 0..19 {
        for b in a + 1..19 {
            assert!(distance(out[a], out[b]) >= 40.0, "{a} and {b} at {:?} {:?}", out[a], out[b]);
        }
    }
}

/// `dossier layout` rewrites `maps.ron` alone: every other file keeps its bytes, and a
/// save of one file leaves no journal behind.
#[test]
fn layout_command_rewrites_only_the_map_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, map) = sample_with_map(tmp.path());
    let others: Vec<(&str, Vec<u8>)> = dossier::store::DATA_FILES
        .iter()
        .filter(|&&name| name != dossier::store::MAPS_FILE)
        .map(|&name| (name, std::fs::read(dir.join(name)).expect("a data file")))
        .collect();
    let maps_before = std::fs::read(dir.join("maps.ron")).expect("maps.ron");
    let output = dossier(&["layout", dir.to_str().expect("utf-8"), "--map", map.as_str()]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_ne!(std::fs::read(dir.join("maps.ron")).expect("maps.ron"), maps_before, "the map moved");
    for (name, bytes) in &others {
        assert_eq!(&std::fs::read(dir.join(name)).expect("still there"), bytes, "{name} changed");
    }
    assert!(!dir.join(".save-journal").exists() && !dir.join("maps.ron.new").exists());
    dossier::store::load(&dir).expect("still loads");
}

/// `store::save_files` writes only the files it is given, and only when they differ.
#[test]
fn saving_only_the_map_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (dir, map) = sample_with_map(tmp.path());
    let mut project = dossier::store::load(&dir).expect("loads");
    let maps = [dossier::store::MAPS_FILE];
    assert_eq!(dossier::store::save_files(&project, &dir, &maps).expect("saves"), SaveOutcome::Unchanged);
    // A change outside the named files is not saved by it.
    project.meta.title.push_str(" (renamed)");
    if let Some(node) = project.maps.get_mut(&map).and_then(|m| m.nodes.values_mut().next()) {
        node.x = 42.5;
    }
    assert_eq!(
        dossier::store::save_files(&project, &dir, &maps).expect("saves"),
        SaveOutcome::Wrote(vec![dossier::store::MAPS_FILE])
    );
    let loaded = dossier::store::load(&dir).expect("loads");
    assert_eq!(loaded.maps, project.maps);
    assert_ne!(loaded.meta.title, project.meta.title, "project.ron was left alone");
    assert_eq!(
        dossier::store::save(&project, &dir).expect("saves"),
        SaveOutcome::Wrote(vec![dossier::store::PROJECT_FILE])
    );
}

/// A 7 × 7 mesh (nodes 0–48, relations between neighbours and along one diagonal), with
/// ten lone nodes (49–58), a separate pair (59, 60) and a separate triangle (61–63).
fn mesh_with_strays() -> LayoutGraph {
    let mut edges = Vec::new();
    for row in 0..7u32 {
        for col in 0..7u32 {
            let i = row * 7 + col;
            if col < 6 {
                edges.push((i, i + 1));
            }
            if row < 6 {
                edges.push((i, i + 7));
            }
            if row < 6 && col < 6 {
                edges.push((i, i + 8));
            }
        }
    }
    edges.extend([(59, 60), (61, 62), (62, 63), (63, 61)]);
    graph(64, &[], &edges)
}

/// The parts of a map that are not joined to its main picture go around it, in every
/// direction and close to its edge, rather than in rows under it; none lies inside it.
#[test]
fn separate_groups_and_lone_nodes_surround_the_main_picture() {
    let g = mesh_with_strays();
    for seed in 1..=6 {
        strays_surround_the_mesh(&g, seed);
    }
}

fn strays_surround_the_mesh(g: &LayoutGraph, seed: u64) {
    let out = run(g, Algorithm::Force, seed);
    let main: Vec<usize> = (0..49).collect();
    let centre = main.iter().fold([0.0, 0.0], |c, &i| [c[0] + out[i][0] / 49.0, c[1] + out[i][1] / 49.0]);
    let angle = |p: [f32; 2]| (p[1] - centre[1]).atan2(p[0] - centre[0]);
    let mut sides = [false; 4];
    for stray in 49..64 {
        let p = out[stray];
        // Outside the main picture: farther from its centre than every one of its nodes
        // in about the same direction (within 20°).
        let reach = main
            .iter()
            .filter(|&&i| {
                let turn = (angle(out[i]) - angle(p)).rem_euclid(std::f32::consts::TAU);
                turn.min(std::f32::consts::TAU - turn) < 20f32.to_radians()
            })
            .map(|&i| distance(out[i], centre))
            .fold(0.0, f32::max);
        assert!(
            distance(p, centre) > reach,
            "node {stray} at {p:?} is inside the main picture (seed {seed})"
        );
        // Close to it: at most three relations from its nearest node.
        let nearest = main.iter().map(|&i| distance(out[i], p)).fold(f32::MAX, f32::min);
        assert!(
            nearest <= 3.0 * layout::TARGET_EDGE_LENGTH,
            "node {stray} is {nearest} from the main picture (seed {seed})"
        );
        assert!(nearest >= 40.0, "node {stray} touches the main picture");
        let quadrant = ((angle(p) + std::f32::consts::PI) / std::f32::consts::FRAC_PI_2) as usize;
        sides[quadrant.min(3)] = true;
    }
    assert_eq!(sides, [true; 4], "the strays are on every side of the main picture (seed {seed})");
    for a in 49..64 {
        for b in a + 1..64 {
            assert!(distance(out[a], out[b]) >= 40.0, "{a} and {b} at {:?} {:?}", out[a], out[b]);
        }
    }
    // The placement is part of the layout, so it repeats bit for bit.
    assert_eq!(run(g, Algorithm::Force, seed), out);
}
