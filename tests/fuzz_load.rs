//! Fuzzing in `cargo test`: mutated copies of the sample project's files (bytes flipped,
//! the file cut short, lines repeated or swapped, garbage inserted) must load or fail
//! with errors that are each one line naming the file, `DIR/FILE:LINE:COL: message` or
//! `DIR/FILE: message`; never a panic. The same mutations of a web page, a text file and
//! an entity list must import or fail with a one-line reason. The coverage-guided fuzz
//! targets that go deeper live in `fuzz/` (see fuzz/README.md).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::model::{IdGenerator, Project};
use dossier::store::{self, DATA_FILES, LoadErrors};
use proptest::prelude::*;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const TEXT_FILE: &str = "texts/assad-first-message-erbil-q7k2.txt";

/// One change to a file's bytes; positions are taken modulo the file's length.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    SetByte { at: usize, byte: u8 },
    Truncate { at: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    DeleteLine { line: usize },
    Insert { at: usize, garbage: Vec<u8> },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Bytes that matter to RON and to HTML, so inserted garbage is often nearly valid.
    let interesting = prop::sample::select(
        b"()[]{}:,\"'#r\\\n <>/=&;-0123456789.eE+_abcxyzSomeNone\xff\xc3\x80\xe2".to_vec(),
    );
    prop_oneof![
        (any::<usize>(), 0..8_u8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        (any::<usize>(), prop::collection::vec(interesting, 1..12))
            .prop_map(|(at, garbage)| Mutation::Insert { at, garbage }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..12))
            .prop_map(|(at, garbage)| Mutation::Insert { at, garbage }),
    ]
}

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len().max(1);
    match mutation {
        Mutation::FlipBit { at, bit } => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b ^= 1 << bit;
            }
        }
        Mutation::SetByte { at, byte } => {
            if let Some(b) = bytes.get_mut(at % len) {
                *b = *byte;
            }
        }
        Mutation::Truncate { at } => bytes.truncate(at % len),
        Mutation::Insert { at, garbage } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, garbage.iter().copied());
        }
        Mutation::DuplicateLine { line } | Mutation::DeleteLine { line } => {
            let mut lines = split_lines(bytes);
            if lines.is_empty() {
                return;
            }
            let i = line % lines.len();
            if matches!(mutation, Mutation::DuplicateLine { .. }) {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            } else {
                lines.remove(i);
            }
            *bytes = lines.concat();
        }
        Mutation::SwapLines { a, b } => {
            let mut lines = split_lines(bytes);
            if lines.is_empty() {
                return;
            }
            let n = lines.len();
            lines.swap(a % n, b % n);
            *bytes = lines.concat();
        }
    }
}

/// The files a case may mutate: every RON file and one source text.
fn mutable_files() -> Vec<&'static str> {
    let mut files = DATA_FILES.to_vec();
    files.push(TEXT_FILE);
    files
}

/// Checks that `error` is one line of the form `DIR/FILE:LINE:COL: message` or
/// `DIR/FILE: message`, naming a file of the project.
fn check_error_line(dir: &Path, error: &str) -> Result<(), String> {
    if error.contains(['\n', '\r']) {
        return Err(format!("not one line: {error:?}"));
    }
    let prefix = format!("{}/", dir.display());
    let Some(rest) = error.strip_prefix(&prefix) else {
        return Err(format!("does not start with the project folder: {error:?}"));
    };
    let Some((location, message)) = rest.split_once(": ") else {
        return Err(format!("has no `: message`: {error:?}"));
    };
    if message.trim().is_empty() {
        return Err(format!("has an empty message: {error:?}"));
    }
    let mut parts = location.split(':');
    let file = parts.next().unwrap_or_default();
    let numbers: Vec<&str> = parts.collect();
    let known_file = DATA_FILES.contains(&file) || file.starts_with("texts/");
    let position_ok = numbers.is_empty()
        || (numbers.len() == 2 && numbers.iter().all(|n| n.parse::<usize>().is_ok_and(|n| n > 0)));
    if known_file && position_ok { Ok(()) } else { Err(format!("does not name FILE[:LINE:COL]: {error:?}")) }
}

/// A copy of the sample in a temporary folder, shared by every case of one test; each
/// case writes its mutated file and puts the original back afterwards.
struct Workspace {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    originals: Vec<(&'static str, Vec<u8>)>,
}

fn workspace() -> Workspace {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("project");
    fs::create_dir_all(dir.join("texts")).expect("create");
    for entry in fs::read_dir(Path::new(SAMPLE).join("texts")).expect("texts") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), dir.join("texts").join(entry.file_name())).expect("copy");
    }
    let mut originals = Vec::new();
    for name in mutable_files() {
        let bytes = fs::read(Path::new(SAMPLE).join(name)).expect("read sample");
        fs::write(dir.join(name), &bytes).expect("write");
        originals.push((name, bytes));
    }
    Workspace { _tmp: tmp, dir, originals }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_project_files_load_or_give_one_line_errors_naming_the_file(
        file in 0..8_usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        thread_local! {
            static WORKSPACE: Workspace = workspace();
        }
        WORKSPACE.with(|ws| -> Result<(), TestCaseError> {
            let (name, original) = &ws.originals[file % ws.originals.len()];
            let mut bytes = original.clone();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            fs::write(ws.dir.join(name), &bytes).expect("write mutated file");
            let result = store::load(&ws.dir);
            fs::write(ws.dir.join(name), original).expect("restore");
            if let Err(LoadErrors(errors)) = result {
                prop_assert!(!errors.is_empty());
                for error in &errors {
                    let line = error.to_string();
                    // The loader turns a panicking parser thread into this error: still a bug.
                    prop_assert!(!line.contains("thread failed"), "{}", line);
                    if let Err(problem) = check_error_line(&ws.dir, &line) {
                        return Err(TestCaseError::fail(format!("{name}: {problem}")));
                    }
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn mutated_web_pages_and_texts_import_or_give_a_one_line_reason(
        which in 0..3_usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (file, name) = [
            ("ingest/page.html", "page.html"),
            ("ingest/latin1.txt", "latin1.txt"),
            ("ingest/arabic.txt", "arabic.txt"),
        ][which];
        let mut bytes = fs::read(Path::new(FIXTURES).join(file)).expect("fixture");
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let options = dossier::ingest::PdfOptions::default();
        match dossier::ingest::convert(Path::new(name), &bytes, &options, &dossier::progress::Progress::new()) {
            Ok(document) => prop_assert!(!document.text.contains('\r'), "line endings are normalised"),
            Err(error) => {
                let reason = error.to_string();
                prop_assert!(!reason.contains('\n') && !reason.is_empty(), "{reason:?}");
            }
        }
        // Straight to the HTML reader as well, whatever the bytes look like.
        let _ = dossier::ingest::html_to_text(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_entity_lists_import_or_give_one_line_reasons(
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        static PROJECT: OnceLock<Project> = OnceLock::new();
        let project = PROJECT.get_or_init(|| store::load(Path::new(SAMPLE)).expect("sample loads"));
        let mut bytes = fs::read(Path::new(FIXTURES).join("entities/syria-2024.csv")).expect("fixture");
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let text = String::from_utf8_lossy(&bytes);
        match dossier::analysis::import_entity_list(project, &text, &mut IdGenerator::seeded(1)) {
            Ok((_, report)) => {
                for row in &report.errors {
                    prop_assert!(!row.message.contains('\n'), "{:?}", row.message);
                }
            }
            Err(error) => prop_assert!(!error.to_string().contains('\n'), "{error}"),
        }
    }
}
