//! `dossier relate` and `dossier map`, run as the real binary on a copy of the sample.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const ERBIL: &str = "assad-first-message-erbil-q7k2";
const MOSCOW_REPORT: &str = "assad-assures-from-moscow-m4t8";

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A copy of the sample project in a fresh temporary folder.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("syria");
    for sub in ["", "texts"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        for entry in std::fs::read_dir(Path::new(SAMPLE).join(sub)).expect("read").flatten() {
            if entry.file_type().expect("type").is_file() {
                std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).expect("copy");
            }
        }
    }
    (tmp, dir)
}

fn project(dir: &Path) -> dossier::model::Project {
    dossier::store::load(dir).expect("the project loads")
}

#[test]
fn a_relation_gets_anchored_evidence_and_a_second_call_adds_to_it() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().expect("utf-8");
    let before = project(&dir).relations.len();
    let quote = format!("{MOSCOW_REPORT}=Moscow’s Vnukovo airport");
    let output = dossier(&[
        "relate",
        d,
        "--from",
        "vnukovo",
        "--to",
        "moscow-2v6u",
        "--label",
        "is the airport of",
        "--quote",
        &quote,
        "--credibility",
        "2",
        "--start",
        "2018",
        "--end",
        "2019",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let id = stdout(&output).trim().to_owned();
    assert!(id.starts_with("vnukovo-airport-is-the-airport-"), "{id}");
    let check = dossier(&["check", d]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");

    let loaded = project(&dir);
    assert_eq!(loaded.relations.len(), before + 1);
    let relation = &loaded.relations[&dossier::model::RelationId(id.clone())];
    assert_eq!((relation.from.as_str(), relation.to.as_str()), ("vnukovo-airport-6x8d", "moscow-2v6u"));
    assert_eq!(relation.time_label(), "2018\u{2013}2019");
    let [evidence] = relation.evidence.as_slice() else { panic!("one quote: {relation:?}") };
    let text = &loaded.sources[&dossier::model::SourceId::from(MOSCOW_REPORT)].text;
    assert_eq!(&text[evidence.anchor.start..evidence.anchor.end], "Moscow’s Vnukovo airport");
    assert_eq!(evidence.credibility, Some(dossier::model::Credibility::ProbablyTrue));

    // Same ends and label (case aside): the quote is added, no twin relation is made.
    let second = format!("{MOSCOW_REPORT}=sent about $250 million in cash to Moscow");
    let output = dossier(&[
        "relate",
        d,
        "--from",
        "Vnukovo airport",
        "--to",
        "MOSCOW",
        "--label",
        "Is the airport of",
        "--quote",
        &second,
        "--disputed",
        "--notes",
        "Test note.",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(stdout(&output).trim(), id);
    let loaded = project(&dir);
    assert_eq!(loaded.relations.len(), before + 1);
    let relation = &loaded.relations[&dossier::model::RelationId(id)];
    assert_eq!(relation.evidence.len(), 2);
    assert_eq!(relation.evidence[1].credibility, None);
    assert!(relation.disputed);
    assert_eq!(relation.notes, "Test note.");
    assert_eq!(dossier(&["check", d]).status.code(), Some(0));
}

#[test]
fn mistakes_get_one_clear_line_and_change_nothing() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().expect("utf-8");
    let relations = std::fs::read(dir.join("relations.ron")).expect("read");
    let relate = |from: &str, to: &str, quote: Option<String>| {
        let mut args = vec!["relate".to_owned(), d.to_owned(), "--from".into(), from.into(), "--to".into()];
        args.extend([to.to_owned(), "--label".into(), "granted asylum to".into()]);
        args.extend(quote.map(|q| ["--quote".to_owned(), q]).into_iter().flatten());
        args
    };
    let quote = |text: &str| Some(format!("{ERBIL}={text}"));
    let table = [
        (
            relate("Pution", "Assad", None),
            "unknown entity \"Pution\"; did you mean \"Vladimir Putin\" (vladimir-putin-cwuq)?".to_owned(),
        ),
        (
            relate("Putin", "Xyzzy", None),
            "unknown entity \"Xyzzy\"; give an entity's id, name or alias".into(),
        ),
        (
            relate("Putin", "Assad", quote("flying pigs")),
            format!("quote not found in source {ERBIL}: \"flying pigs\""),
        ),
        (
            relate("Putin", "Assad", quote("hay'at tahrir")),
            format!(
                "quote not found in source {ERBIL}: \"hay'at tahrir\"; the text has \"Hay’at Tahrir\", \
                 which differs in case, accents or punctuation"
            ),
        ),
        (
            relate("Putin", "Assad", quote("Assad")),
            format!("quote \"Assad\" occurs 7 times in source {ERBIL}; give a longer quote"),
        ),
        (
            relate("Putin", "Assad", Some("assad-first-message=Putin".into())),
            format!("unknown source \"assad-first-message\" in --quote; did you mean \"{ERBIL}\"?"),
        ),
    ];
    for (args, expected) in table {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = dossier(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert_eq!(stderr(&output), format!("dossier: {expected}\n"), "{args:?}");
        assert_eq!(stdout(&output), "");
    }
    assert_eq!(std::fs::read(dir.join("relations.ron")).expect("read"), relations, "nothing saved");

    let mut args = relate("Putin", "Assad", None);
    args.extend(["--credibility".to_owned(), "7".to_owned()]);
    let output = dossier(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(output.status.code(), Some(2), "a usage error");
}

#[test]
fn map_creates_then_extends_a_map_with_nodes_notes_and_groups() {
    let (_tmp, dir) = sample_copy();
    let d = dir.to_str().expect("utf-8");
    let before = project(&dir).maps.len();
    let output = dossier(&[
        "map",
        d,
        "--name",
        "Test bases",
        "--entity",
        "Russia",
        "--entity",
        "Hmeimim",
        "--entity",
        "tartus-hp21",
        "--entity",
        "Latakia@400,-200",
        "--note",
        "0,300,Bases, as of December 2024",
        "--group",
        "-100,-100,200,200,Russian military footprint",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let id = dossier::model::MapId(stdout(&output).trim().to_owned());
    assert!(id.as_str().starts_with("test-bases-"), "{id}");
    assert_eq!(dossier(&["check", d]).status.code(), Some(0));

    let loaded = project(&dir);
    assert_eq!(loaded.maps.len(), before + 1);
    let map = &loaded.maps[&id];
    assert_eq!(map.name, "Test bases");
    assert_eq!(map.nodes.len(), 4);
    let latakia = map.nodes[&dossier::model::EntityId::from("latakia-6v42")];
    assert_eq!((latakia.x, latakia.y), (400.0, -200.0));
    let positions: Vec<(f32, f32)> = map.nodes.values().map(|n| (n.x, n.y)).collect();
    for (i, a) in positions.iter().enumerate() {
        for b in &positions[i + 1..] {
            assert!((a.0 - b.0).hypot(a.1 - b.1) >= 150.0, "{a:?} and {b:?} overlap");
        }
    }
    assert_eq!(map.notes[0].text, "Bases, as of December 2024");
    assert_eq!((map.groups[0].width, map.groups[0].label.as_str()), (200.0, "Russian military footprint"));

    // The same name (case aside) extends the map; entities already on it stay put.
    let russia = map.nodes[&dossier::model::EntityId::from("russia-ppm1")];
    let output = dossier(&["map", d, "--name", "test BASES", "--entity", "Russia", "--entity", "Iran"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(stdout(&output).trim(), id.as_str());
    let loaded = project(&dir);
    assert_eq!(loaded.maps.len(), before + 1);
    let map = &loaded.maps[&id];
    assert_eq!(map.nodes.len(), 5);
    assert_eq!(map.nodes[&dossier::model::EntityId::from("russia-ppm1")], russia);
    assert_eq!((map.notes.len(), map.groups.len()), (1, 1));

    let output = dossier(&["map", d, "--name", "Test bases", "--group", "0,0,-5,10,Bad"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "dossier: --group \"0,0,-5,10,Bad\" must be X,Y,W,H,LABEL: four numbers (width and height above 0) \
         and a label\n"
    );
}
