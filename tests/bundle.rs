//! `.dossier` bundles: one file that holds a whole project, unpacked with the loader's
//! safety rules.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::model::{Project, Source, SourceId};
use dossier::store::bundle::{self, UnbundleError};
use dossier::store::{self, SaveOutcome};
use proptest::prelude::*;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.file_name() == ".dossier" {
            continue;
        }
        if entry.file_type().expect("type").is_dir() {
            out.extend(
                all_files(&entry.path()).into_iter().map(|(p, b)| (Path::new(&entry.file_name()).join(p), b)),
            );
        } else {
            out.push((PathBuf::from(entry.file_name()), fs::read(entry.path()).expect("read")));
        }
    }
    out.sort();
    out
}

fn errors_of(error: UnbundleError) -> Vec<String> {
    match error {
        UnbundleError::Invalid(errors) => errors.0.iter().map(ToString::to_string).collect(),
        other => vec![format!("not an Invalid error: {other}")],
    }
}

#[test]
fn bundle_and_unbundle_give_back_the_sample_byte_for_byte() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("syria.dossier");
    let project = bundle::bundle_folder(Path::new(SAMPLE), &file).expect("bundles");
    let text = fs::read_to_string(&file).expect("the bundle is UTF-8 text");
    assert!(text.starts_with("(\n  dossier_bundle: 1,\n"), "{}", &text[..40]);

    let out = tmp.path().join("unpacked");
    let unpacked = bundle::read_bundle(&file, &out).expect("unbundles");
    assert_eq!(unpacked, project);
    assert_eq!(all_files(&out), all_files(Path::new(SAMPLE)), "the same files, the same bytes");
    assert_eq!(store::save(&unpacked, &out).expect("saves"), SaveOutcome::Unchanged);
    assert_eq!(store::load(&out).expect("loads"), project);
    // Nothing else is left next to the target.
    let siblings: Vec<_> = fs::read_dir(tmp.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(siblings.len(), 2, "{siblings:?}");
}

#[test]
fn unbundle_refuses_a_folder_with_files_and_accepts_an_empty_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("syria.dossier");
    bundle::bundle_folder(Path::new(SAMPLE), &file).expect("bundles");
    let full = tmp.path().join("full");
    fs::create_dir(&full).expect("mkdir");
    fs::write(full.join("mine.txt"), "keep me").expect("write");
    let error = bundle::read_bundle(&file, &full).expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!("{}: the folder is not empty; unpack into a new or empty folder", full.display())
    );
    assert_eq!(fs::read_to_string(full.join("mine.txt")).expect("kept"), "keep me");

    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    bundle::read_bundle(&file, &empty).expect("an empty folder is fine");
    assert!(empty.join("project.ron").is_file());
}

/// Each row: a name, the bundle's text, and the errors unbundling must give
/// (`{file}` is the bundle's path).
#[test]
fn hostile_bundles_are_refused_with_exact_errors_and_leave_nothing_behind() {
    let manifest = r#"(path: "project.ron", text: "(\n  format: 1,\n  title: \"T\",\n)\n")"#;
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        ("not a bundle", "hello".to_owned(), vec!["{file}:1:1: Expected struct `Bundle` but found `hello`"]),
        (
            "truncated",
            "(\n  dossier_bundle: 1,\n  files: [\n    (path: \"project.ron\", text: \"(\n  form".to_owned(),
            vec!["{file}:4:33: a string is not closed (is the file truncated?)"],
        ),
        (
            "newer version",
            "(\n  dossier_bundle: 7,\n  files: [],\n  signature: \"x\",\n)\n".to_owned(),
            vec![
                "{file}: the bundle is in version 7, newer than this Dossier understands (1); update Dossier to open it",
            ],
        ),
        (
            "a path out of the folder",
            format!("(dossier_bundle: 1, files: [{manifest}, (path: \"../evil.txt\", text: \"x\")])"),
            vec![
                "{file}: holds a file named \"../evil.txt\"; only the project's RON files and texts/NAME.txt are allowed",
            ],
        ),
        (
            "an absolute path",
            format!("(dossier_bundle: 1, files: [{manifest}, (path: \"/tmp/evil.txt\", text: \"x\")])"),
            vec![
                "{file}: holds a file named \"/tmp/evil.txt\"; only the project's RON files and texts/NAME.txt are allowed",
            ],
        ),
        (
            "a hidden file",
            format!(
                "(dossier_bundle: 1, files: [{manifest}, (path: \".dossier/workspace.ron\", text: \"x\")])"
            ),
            vec![
                "{file}: holds a file named \".dossier/workspace.ron\"; only the project's RON files and texts/NAME.txt are allowed",
            ],
        ),
        (
            "a file twice",
            format!("(dossier_bundle: 1, files: [{manifest}, {manifest}])"),
            vec!["{file}/project.ron: appears twice in the bundle"],
        ),
        (
            "no project.ron",
            "(dossier_bundle: 1, files: [(path: \"entities.ron\", text: \"[]\")])".to_owned(),
            vec!["{file}: holds no project.ron; it is not a Dossier bundle"],
        ),
        (
            // Every field has a type, so deep nesting stops at the first value out of place.
            "deep nesting",
            format!(
                "(dossier_bundle: 1, files: [{manifest}], extra: {}{})",
                "[".repeat(100),
                "]".repeat(100)
            ),
            vec![
                "{file}:1:100: Unexpected field named `extra` in `Bundle`, expected one of `dossier_bundle`, `written_at`, `saved_base`, or `files` instead",
            ],
        ),
        (
            "deep nesting where a list of files belongs",
            format!("(dossier_bundle: 1, files: {}{})", "[".repeat(100), "]".repeat(100)),
            vec!["{file}:1:29: Expected opening `(` for struct `File`"],
        ),
        (
            "a broken project inside",
            format!(
                "(dossier_bundle: 1, files: [{manifest}, (path: \"entities.ron\", text: \"[\\n  (\\n    id: \\\"x-1\\\",\\n    name: 7,\\n  ),\\n]\\n\")])"
            ),
            vec!["{file}/entities.ron:4:10: Expected string"],
        ),
        (
            "a source whose text is missing",
            format!(
                "(dossier_bundle: 1, files: [{manifest}, (path: \"sources.ron\", text: \"[(id: \\\"a-1\\\", title: \\\"A\\\", text_file: \\\"texts/a-1.txt\\\")]\")])"
            ),
            vec!["{file}/texts/a-1.txt: file is missing"],
        ),
    ];
    let tmp = tempfile::tempdir().expect("tmp");
    for (name, text, expected) in table {
        let file = tmp.path().join("case.dossier");
        fs::write(&file, text).expect("write");
        let target = tmp.path().join("out");
        let got = errors_of(bundle::read_bundle(&file, &target).expect_err(name));
        let expected: Vec<String> =
            expected.iter().map(|e| e.replace("{file}", &file.display().to_string())).collect();
        assert_eq!(got, expected, "{name}");
        let left: Vec<_> = fs::read_dir(tmp.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("case.dossier")], "{name}: nothing is left behind");
    }
}

#[test]
fn a_huge_bundle_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("huge.dossier");
    fs::File::create(&file).expect("create").set_len(bundle::MAX_BUNDLE_BYTES + 1).expect("grow");
    let got = errors_of(bundle::read_bundle(&file, &tmp.path().join("out")).expect_err("refused"));
    assert_eq!(
        got,
        vec![format!(
            "{}: file is 1073741825 bytes, larger than the 1073741824 byte limit of a bundle; refusing to read it",
            file.display()
        )]
    );
}

#[test]
fn the_cli_bundles_and_unbundles() {
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("syria.dossier");
    let out = Command::new(DOSSIER).args(["bundle", SAMPLE, "-o"]).arg(&file).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("wrote {}: 5 sources, 28 entities, 152 mentions, 42 relations, 2 maps\n", file.display())
    );
    let dir = tmp.path().join("copy");
    let out = Command::new(DOSSIER).arg("unbundle").arg(&file).arg(&dir).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(all_files(&dir), all_files(Path::new(SAMPLE)));

    // A second unbundle into the same folder is refused; exit 1, the reason on stderr.
    let out = Command::new(DOSSIER).arg("unbundle").arg(&file).arg(&dir).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the folder is not empty"));
    let help = Command::new(DOSSIER).arg("--help").output().expect("run");
    assert!(!String::from_utf8_lossy(&help.stdout).contains("resave"), "resave is hidden");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any text (quotes, backslashes, `"#`, control characters, any script) survives a
    /// bundle unchanged.
    #[test]
    fn any_text_survives_a_bundle(text in "(\\PC|[\"#\\\\\r\t\u{c}\u{0}])*", title in "\\PC*") {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut project = Project::new(title);
        let id = SourceId::from("s-0001");
        project.sources.insert(id.clone(), Source::new(id, "S", text));
        let file = tmp.path().join("p.dossier");
        bundle::write_bundle(&project, &file).expect("writes");
        let back = bundle::read_bundle(&file, &tmp.path().join("out")).expect("reads");
        prop_assert_eq!(back, project);
    }
}
