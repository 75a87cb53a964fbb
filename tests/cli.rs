//! The command line, run as the real binary in fresh temporary folders.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn check_passes_on_the_sample_with_counts() {
    let output = dossier(&["check", SAMPLE]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        stdout(&output),
        format!("{SAMPLE}: valid: 5 sources, 28 entities, 152 mentions, 42 relations, 2 maps, 5 claims\n")
    );
}

#[test]
fn check_json_prints_counts_and_errors() {
    let output = dossier(&["check", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["valid"], true);
    assert_eq!(value["sources"], 5);
    assert_eq!(value["entities"], 28);
    assert_eq!(value["mentions"], 152);
    assert_eq!(value["relations"], 42);
    assert_eq!(value["maps"], 2);
    assert_eq!(value["claims"], 5);
    assert_eq!(value["errors"], serde_json::json!([]));
}

/// Where the five reports disagree, their claims are contested.
#[test]
fn claims_json_lists_the_samples_contested_claims() {
    let output = dossier(&["claims", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let claims = value["claims"].as_array().expect("a claims array");
    assert_eq!(claims.len(), 5);
    assert!(claims.iter().all(|c| c["contested"] == true), "{claims:#?}");
    let telegram = claims
        .iter()
        .find(|c| c["statement"] == "Assad's statement was published on Telegram")
        .expect("the Telegram claim");
    assert_eq!(
        telegram["supporting"],
        serde_json::json!([
            "assad-assures-from-moscow-m4t8",
            "assad-denies-fleeing-leaders-v3n5",
            "telegram-statement-commentary-h9w1"
        ])
    );
    assert_eq!(telegram["contradicting"], serde_json::json!(["assad-facebook-statement-peskov-b6r4"]));
    assert_eq!(telegram["mentioning"], serde_json::json!(["assad-first-message-erbil-q7k2"]));
    // Reliability C is 60 %, D 40 %, F 50 %; the quotes' credibility 2 is 80 %, 3 is 60 %.
    assert_eq!(telegram["support_weight"], 60 * 80 / 100 + 40 * 80 / 100 + 50 * 80 / 100);
    assert_eq!(telegram["contradiction_weight"], 60 * 60 / 100);
    let ids: Vec<&str> = claims.iter().filter_map(|c| c["id"].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "claims in id order");
}

#[test]
fn claim_add_records_quotes_and_refuses_what_is_not_in_the_text() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = sample_copy(tmp.path());
    let path = dir.to_str().expect("utf-8");
    let statement = "Assad reached Moscow on 8 December";
    let add = |flag: &str, quote: &str| {
        dossier(&["claim", "add", path, "--statement", statement, "--entity", "Moscow", flag, quote])
    };
    let output = add(
        "--supports",
        "assad-facebook-statement-peskov-b6r4=the Russians decided to move him on the night of December 8 to Moscow",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let id = stdout(&output).trim().to_owned();
    assert!(id.starts_with("assad-reached-moscow-on"), "{id}");
    let output = add("--contradicts", "assad-first-message-erbil-q7k2=this quote is not in the report");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("quote not found"), "{output:?}");
    let value: serde_json::Value =
        serde_json::from_slice(&dossier(&["claims", path, "--json"]).stdout).expect("json");
    let claim = value["claims"].as_array().expect("claims").iter().find(|c| c["id"] == id.as_str()).cloned();
    let claim = claim.expect("the new claim");
    assert_eq!(claim["contested"], false);
    assert_eq!(claim["supporting"], serde_json::json!(["assad-facebook-statement-peskov-b6r4"]));
    let dump: serde_json::Value = serde_json::from_slice(&dossier(&["dump", path]).stdout).expect("json");
    let dumped = dump["claims"].as_array().expect("claims in the dump");
    assert_eq!(dumped.len(), 6);
    assert!(dumped.iter().any(|c| c["evidence"][0]["stance"] == "supports" && c["id"] == id.as_str()));
}

/// A new project in `parent/broken` whose entities.ron names an entity kind that does not
/// exist, at line 5, column 11.
fn broken_project(parent: &Path) -> std::path::PathBuf {
    let dir = parent.join("broken");
    assert!(dossier(&["new", dir.to_str().expect("utf-8"), "--title", "Broken"]).status.success());
    std::fs::write(
        dir.join("entities.ron"),
        "[\n  (\n    id: \"a-0000\",\n    name: \"A\",\n    kind: Nation,\n  ),\n]\n",
    )
    .expect("write");
    dir
}

#[test]
fn check_fails_with_one_line_per_error_and_exit_1() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = broken_project(tmp.path());
    std::fs::write(dir.join("maps.ron"), "[\n  (\n    id: \"m\",\n    name: \"Map\",\n    nodes: {\"ghost-0000\": (x: 0.0, y: 0.0)},\n  ),\n]\n").expect("write");
    let output = dossier(&["check", dir.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("{}/entities.ron:5:11: Unexpected variant named `Nation`", dir.display())),
        "{text}"
    );

    let output = dossier(&["check", dir.to_str().expect("utf-8"), "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["valid"], false);
    assert_eq!(value["errors"].as_array().map(Vec::len), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dossier(&["check"]).status.code(), Some(2));
    assert_eq!(dossier(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(dossier(&["--help"]).status.code(), Some(0));
}

#[test]
fn new_creates_a_project_that_checks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("case");
    let output = dossier(&["new", dir.to_str().expect("utf-8"), "--title", "A new case"]);
    assert!(output.status.success(), "{output:?}");
    let output = dossier(&["check", dir.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("valid: 0 sources, 0 entities, 0 mentions, 0 relations, 0 maps\n"));
    let again = dossier(&["new", dir.to_str().expect("utf-8")]);
    assert_eq!(again.status.code(), Some(1), "must not overwrite");
}

#[test]
fn dump_has_the_documented_shape() {
    let output = dossier(&["dump", SAMPLE]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["format"], 1);
    assert_eq!(value["title"], "Syria, December 2024");
    let sources = value["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 5);
    for key in ["id", "title", "outlet", "published", "language", "reliability", "credibility", "text"] {
        assert!(sources[0].get(key).is_some(), "sources[0] lacks {key}");
    }
    let seed = std::fs::read_to_string(Path::new(SAMPLE).join("texts/assad-first-message-erbil-q7k2.txt"))
        .expect("text");
    assert!(sources.iter().any(|s| s["text"] == seed.as_str()));
    for key in ["entities", "mentions", "relations", "maps", "rejections", "conflicts", "claims"] {
        assert!(value[key].is_array(), "{key}");
    }
}

#[test]
fn synth_writes_a_valid_project_of_the_asked_size_and_dump_shows_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("synth");
    let d = dir.to_str().expect("utf-8");
    let output = dossier(&[
        "synth",
        d,
        "--sources",
        "12",
        "--entities",
        "40",
        "--relations",
        "30",
        "--mentions",
        "300",
        "--seed",
        "9",
    ]);
    assert!(output.status.success(), "{output:?}");
    let output = dossier(&["check", d]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        stdout(&output).ends_with("valid: 12 sources, 40 entities, 300 mentions, 30 relations, 1 maps\n"),
        "{}",
        stdout(&output)
    );

    let value: serde_json::Value = serde_json::from_slice(&dossier(&["dump", d]).stdout).expect("json");
    let mention = &value["mentions"][0];
    let source = value["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == mention["source"])
        .expect("source");
    let text = source["text"].as_str().expect("text");
    let (start, end) =
        (mention["start"].as_u64().expect("start") as usize, mention["end"].as_u64().expect("end") as usize);
    assert_eq!(&text[start..end], mention["exact"].as_str().expect("exact"));
    let relation = &value["relations"][0];
    for key in ["id", "from", "to", "label", "directed", "evidence"] {
        assert!(relation.get(key).is_some(), "relation lacks {key}");
    }
    let node = &value["maps"][0]["nodes"][0];
    for key in ["entity", "x", "y", "pinned"] {
        assert!(node.get(key).is_some(), "node lacks {key}");
    }

    // The same seed gives the same files.
    let again = tmp.path().join("again");
    assert!(
        dossier(&[
            "synth",
            again.to_str().expect("utf-8"),
            "--sources",
            "12",
            "--entities",
            "40",
            "--relations",
            "30",
            "--mentions",
            "300",
            "--seed",
            "9"
        ])
        .status
        .success()
    );
    for file in dossier::store::DATA_FILES {
        assert_eq!(std::fs::read(dir.join(file)).ok(), std::fs::read(again.join(file)).ok(), "{file}");
    }
}

/// A copy of the sample project in a fresh temporary folder.
fn sample_copy(tmp: &Path) -> std::path::PathBuf {
    common::copy_sample_to(tmp, "syria")
}

#[test]
fn tag_reports_per_entity_and_accept_saves_mentions() {
    let output = dossier(&["tag", SAMPLE, "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["suggestions"], 0);
    assert_eq!(value["entities"].as_array().map(Vec::len), Some(28));

    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("case");
    let d = dir.to_str().expect("utf-8");
    assert!(dossier(&["new", d]).status.success());
    let list = tmp.path().join("list.csv");
    std::fs::write(&list, "name,kind,aliases\nRussia,State,\nNowhere,Place,\nX,Nation,\n").expect("write");
    let output = dossier(&["entities", "import", d, list.to_str().expect("utf-8"), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["created"], 2);
    assert_eq!(value["errors"].as_array().map(Vec::len), Some(1));

    let copy = sample_copy(tmp.path());
    let c = copy.to_str().expect("utf-8");
    // Same name and kind as the sample's Russia: updated, not duplicated.
    assert!(
        stdout(&dossier(&["entities", "import", c, list.to_str().expect("utf-8")]))
            .starts_with("1 entities created, 0 updated, 1 unchanged, 1 rows skipped")
    );
    let other = tmp.path().join("other.csv");
    std::fs::write(&other, "name,kind,aliases\nRussian Federation,State,Russia\n").expect("write");
    assert!(dossier(&["entities", "import", c, other.to_str().expect("utf-8")]).status.success());
    let output = dossier(&["tag", c, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["suggestions"], 18, "Russia, 18 times");
    let russia = value["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Russian Federation")
        .expect("new Russia");
    assert_eq!(russia["mentions"], 0);
    assert_eq!((russia["sources"].as_u64(), russia["ambiguous"].as_u64()), (Some(5), Some(0)));
    let id = russia["id"].as_str().expect("id").to_owned();
    let others = |dir: &Path| -> Vec<(std::ffi::OsString, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && e.file_name() != "mentions.ron")
            .map(|e| (e.file_name(), std::fs::read(e.path()).expect("read")))
            .collect();
        files.sort();
        files
    };
    let before = others(&copy);
    let output = dossier(&["tag", c, "--entity", &id, "--accept"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // Accepting writes mentions.ron and nothing else: relations and maps are not even read.
    assert_eq!(others(&copy), before);
    let output = dossier(&["tag", c, "--entity", &id, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["suggestions"], 0);
    assert_eq!(value["entities"][0]["mentions"], 18);
    assert!(stdout(&dossier(&["check", c])).contains("30 entities, 170 mentions"));

    assert_eq!(dossier(&["tag", c, "--entity", "ghost"]).status.code(), Some(2));
    assert_eq!(dossier(&["tag", tmp.path().to_str().expect("utf-8")]).status.code(), Some(1));
}

#[test]
fn check_lists_a_few_possible_duplicates_and_counts_the_rest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dupes");
    assert!(dossier(&["new", dir.to_str().expect("utf-8"), "--title", "Dupes"]).status.success());
    // Seven pairs of the same state written two ways, and two organisations that only
    // share an acronym, which is an ambiguous name and not a duplicate.
    let mut entities = String::from("[\n");
    for (i, name) in
        ["Aleppo", "Bahrain", "Cyprus", "Denmark", "Estonia", "France", "Georgia"].iter().enumerate()
    {
        for (suffix, spelling) in [("a", (*name).to_owned()), ("b", name.to_uppercase())] {
            let row = format!("  (id: \"s{i}-{suffix}\", name: \"{spelling}\", kind: State),\n");
            entities.push_str(&row);
        }
    }
    entities.push_str("  (id: \"org-1\", name: \"En Ro Group\", kind: Organization, aliases: [\"ERG\"]),\n");
    entities
        .push_str("  (id: \"org-2\", name: \"Enal Romi Group\", kind: Organization, aliases: [\"ERG\"]),\n");
    entities.push_str("]\n");
    std::fs::write(dir.join("entities.ron"), entities).expect("write");

    let path = dir.to_str().expect("utf-8");
    let output = dossier(&["check", path]);
    assert_eq!(output.status.code(), Some(0), "duplicates are a hint, not an error: {output:?}");
    assert_eq!(
        stdout(&output),
        format!(
            "possible duplicates: 7 groups of entities\n  s0-a (Aleppo), s0-b (ALEPPO)\n  s1-a (Bahrain), s1-b (BAHRAIN)\n  \
             s2-a (Cyprus), s2-b (CYPRUS)\n  s3-a (Denmark), s3-b (DENMARK)\n  s4-a (Estonia), s4-b (ESTONIA)\n  \
             … and 2 more (dossier check --json lists them all)\n{path}: valid: 0 sources, 16 entities, 0 mentions, 0 relations, 0 maps\n"
        )
    );
    let output = dossier(&["check", path, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let groups = value["duplicates"].as_array().expect("an array");
    assert_eq!(groups.len(), 7);
    assert_eq!(
        groups[6],
        serde_json::json!([{"id": "s6-a", "name": "Georgia"}, {"id": "s6-b", "name": "GEORGIA"}])
    );
}

#[test]
fn every_command_reports_a_broken_project_alike() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = broken_project(tmp.path());
    let path = dir.to_str().expect("utf-8");
    let note = tmp.path().join("note.txt");
    std::fs::write(&note, "A note.").expect("write");
    let bundle = tmp.path().join("b.dossier");
    let expected = format!("{path}/entities.ron:5:11: Unexpected variant named `Nation`");
    let calls: &[&[&str]] = &[
        &["tag", path],
        &["dump", path],
        &["export", path, "--format", "graphml", "-o", "/dev/null"],
        &["relate", path, "--from", "A", "--to", "B", "--label", "knows"],
        &["import", path, note.to_str().expect("utf-8")],
        &["layout", path, "--map", "m"],
        &["bundle", path, "-o", bundle.to_str().expect("utf-8")],
    ];
    for args in calls {
        let output = dossier(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with(&expected), "{args:?} printed {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?} printed {stderr}");
    }
}
