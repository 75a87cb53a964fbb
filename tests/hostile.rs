//! Hostile and broken projects: each folder of `tests/hostile/` is one case, applied to a
//! copy of the sample project, with the exact errors loading must give.
//!
//! A case folder holds:
//!
//! - `expected-error.txt`: the errors, one per line, exactly as `dossier check` prints
//!   them; `{dir}` stands for the project folder and `{outside}` for the file outside it
//!   that a symbolic link points to;
//! - `about.txt`: what the case is, in a sentence;
//! - `setup.txt` (optional): steps that cannot be checked in as files, one per line,
//!   fields separated by tabs: `remove PATH`, `replace PATH FROM TO` (in the file's
//!   text), `sparse PATH BYTES` (a file of that size that takes no disk space),
//!   `symlink-outside PATH` (PATH becomes a link to a file outside the project);
//! - any other file: copied over the sample's file at the same path.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::store::{self, LoadErrors};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
/// Files of a case folder that describe the case rather than being copied.
const CASE_FILES: [&str; 3] = ["expected-error.txt", "about.txt", "setup.txt"];

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.file_name() == ".dossier" || CASE_FILES.iter().any(|f| entry.file_name() == *f) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Applies the steps of `setup.txt` to the project in `dir`; `outside` is a file outside
/// the project for links to point at.
fn run_setup(case: &str, setup: &str, dir: &Path, outside: &Path) {
    for line in setup.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let path = dir.join(fields.get(1).copied().unwrap_or_default());
        match fields.as_slice() {
            ["remove", _] => fs::remove_file(&path).expect("remove"),
            ["replace", _, from, to] => {
                let text = fs::read_to_string(&path).expect("read");
                assert!(text.contains(from), "{case}: {from:?} is not in {}", path.display());
                fs::write(&path, text.replace(from, to)).expect("write");
            }
            ["sparse", _, bytes] => {
                let file = fs::File::create(&path).expect("create");
                file.set_len(bytes.parse().expect("a size in bytes")).expect("grow");
            }
            ["symlink-outside", _] => symlink_outside(&path, outside),
            _ => panic!("{case}: cannot read the setup line {line:?}"),
        }
    }
}

#[cfg(unix)]
fn symlink_outside(path: &Path, outside: &Path) {
    let _ = fs::remove_file(path);
    std::os::unix::fs::symlink(outside, path).expect("symlink");
}

#[cfg(not(unix))]
fn symlink_outside(_path: &Path, _outside: &Path) {
    unreachable!("cases with links are skipped where links need privileges");
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(CORPUS)
        .expect("the corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_hostile_project_gives_exactly_its_expected_errors() {
    let cases = cases();
    assert!(cases.len() >= 20, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case_dir in &cases {
        let case = case_dir.file_name().expect("name").to_string_lossy().into_owned();
        let setup = fs::read_to_string(case_dir.join("setup.txt")).unwrap_or_default();
        if cfg!(not(unix)) && setup.contains("symlink-outside") {
            continue;
        }
        assert!(case_dir.join("about.txt").is_file(), "{case} has no about.txt");
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("project");
        copy_dir(Path::new(SAMPLE), &dir);
        copy_dir(case_dir, &dir);
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, "not part of the project\n").expect("write");
        run_setup(&case, &setup, &dir, &outside);

        let expected: Vec<String> = fs::read_to_string(case_dir.join("expected-error.txt"))
            .expect("expected-error.txt")
            .lines()
            .map(|line| {
                line.replace("{dir}", &dir.display().to_string())
                    .replace("{outside}", &outside.canonicalize().expect("outside").display().to_string())
            })
            .collect();
        let got: Vec<String> = match store::load(&dir) {
            Ok(_) => vec!["(loaded without errors)".to_owned()],
            Err(LoadErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
        };
        if got != expected {
            failures.push(format!("{case}:\n  expected {expected:#?}\n  got      {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The corpus is also what `dossier check` reports, one error per line, exit code 1.
#[test]
fn dossier_check_prints_the_same_errors() {
    let case_dir = Path::new(CORPUS).join("duplicate-ids");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("project");
    copy_dir(Path::new(SAMPLE), &dir);
    copy_dir(&case_dir, &dir);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg(&dir)
        .output()
        .expect("run dossier");
    assert_eq!(output.status.code(), Some(1));
    let expected = fs::read_to_string(case_dir.join("expected-error.txt"))
        .expect("expected")
        .replace("{dir}", &dir.display().to_string());
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}
