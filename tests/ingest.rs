//! Importing files as sources: formats, encodings, errors, duplicates, folders, and the
//! `dossier import` command run as the real binary.

#[path = "common/pdf_builder.rs"]
mod pdf_builder;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dossier::edit::apply;
use dossier::ingest::{
    self, Duplicate, Format, ImportOptions, ImportReport, IngestError, PAGE_BREAK, PdfOptions,
};
use dossier::model::{Project, Source};
use dossier::progress::Progress;
use dossier::store;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest");
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// Options that read PDFs through the real binary, as the app does.
fn options() -> ImportOptions {
    ImportOptions {
        pdf: PdfOptions { extractor: Some(DOSSIER.into()), ..PdfOptions::default() },
        ..ImportOptions::default()
    }
}

fn import(project: &Project, paths: &[PathBuf]) -> ImportReport {
    ingest::import_paths(project, paths, &options(), &Progress::new())
}

/// Imports one file into an empty project and returns its source.
fn import_one(path: &Path) -> Source {
    let report = import(&Project::default(), &[path.to_owned()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported.len(), 1);
    report.imported.into_iter().next().expect("one source").source
}

/// The one error importing `path` gives, as the user sees it.
fn import_error(path: &Path) -> String {
    let report = import(&Project::default(), &[path.to_owned()]);
    assert!(report.imported.is_empty());
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    report.errors[0].to_string()
}

/// A PDF with one line of text on each page, in the standard Helvetica font.
fn two_page_pdf(pages: &[&str]) -> Vec<u8> {
    use pdf_builder::{Page, build_pdf, op, text};
    let page = |line: &str| Page {
        operations: vec![
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), 18.into()]),
            op("Td", vec![72.into(), 720.into()]),
            op("Tj", vec![text(line)]),
            op("ET", vec![]),
        ],
        rotate: 0,
    };
    build_pdf(pages.iter().map(|line| page(line)).collect())
}

#[test]
fn latin1_text_is_decoded() {
    let source = import_one(&fixture("latin1.txt"));
    assert_eq!(
        &*source.text,
        "Déclaration de Moscou\nLe président déchu a affirmé qu'il n'avait jamais envisagé de quitter le pays. \
         Selon lui, son départ vers la base aérienne s'est décidé à la hâte, sous la pression des événements. \
         Les journalistes à Damas ont reçu le texte tard dans la soirée; ça a surpris même ses proches.\n"
    );
    assert_eq!(source.title, "Déclaration de Moscou");
    assert_eq!(source.language, "fr");
    assert_eq!(source.original_file, "latin1.txt");
    assert_eq!(source.original_path, "latin1.txt");
    assert_eq!(source.size, Some(297));
    assert_eq!(source.sha256, ingest::sha256_hex(source.text.as_bytes()));
    assert!(source.id.as_str().starts_with("declaration-de-moscou-"), "{}", source.id);
    assert_eq!(source.text_file, Source::default_text_file(&source.id));
}

#[test]
fn utf16_with_bom_and_crlf_is_decoded_to_lf() {
    let source = import_one(&fixture("utf16le.txt"));
    assert_eq!(
        &*source.text,
        "Moscow statement\nHe said the departure was never planned.\nThe text was published on Monday.\n"
    );
    assert_eq!(source.title, "Moscow statement");
}

#[test]
fn crlf_becomes_lf() {
    let source = import_one(&fixture("crlf.txt"));
    assert_eq!(&*source.text, "First line of the notes\nSecond line\nThird line, no newline at the end");
}

#[test]
fn markdown_title_is_the_first_heading() {
    let source = import_one(&fixture("notes.md"));
    assert_eq!(source.title, "Assad's statement from Moscow");
    assert_eq!(&*source.text, &std::fs::read_to_string(fixture("notes.md")).expect("read"));
}

#[test]
fn arabic_text_is_kept_exactly_and_detected() {
    let source = import_one(&fixture("arabic.txt"));
    assert_eq!(&*source.text, std::fs::read_to_string(fixture("arabic.txt")).expect("read"));
    assert_eq!(source.language, "ar");
    assert!(source.id.as_str().starts_with("source-"), "{}", source.id);
}

#[test]
fn html_keeps_the_article_and_its_metadata() {
    let source = import_one(&fixture("page.html"));
    let text = &*source.text;
    for absent in [
        "TRACKING-SCRIPT-TEXT",
        "ANOTHER-SCRIPT-TEXT",
        "World news menu",
        "Sport menu",
        "Copyright footer",
        "font-family",
    ] {
        assert!(!text.contains(absent), "{absent} in {text}");
    }
    assert!(text.contains("The former Syrian president said in a statement published on Monday"), "{text}");
    assert!(text.contains("could not yet be confirmed independently by any news organisation."), "{text}");
    assert!(
        text.contains("his Russian hosts.\n\nAccording to the statement"),
        "paragraphs are separated by a blank line: {text}"
    );
    assert_eq!(source.title, "Assad breaks his silence from Moscow");
    assert_eq!(source.author, "Rana Haddad");
    assert_eq!(source.published, "2024-12-16T10:00:00Z");
    assert_eq!(source.url, "https://ledger.example/2024/12/assad-breaks-silence");
    assert_eq!(source.language, "en");
}

#[test]
fn pdf_pages_are_separated_by_form_feeds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("report.pdf");
    std::fs::write(&path, two_page_pdf(&["First page of the report", "Second page of the report"]))
        .expect("write");
    let source = import_one(&path);
    assert_eq!(&*source.text, "First page of the report\u{000C}Second page of the report");
    assert_eq!(source.text.matches(PAGE_BREAK).count(), 1);
    assert_eq!(source.title, "First page of the report");
    // The same text in this process, for library use without the binary.
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(ingest::pdf_text(&bytes).expect("text"), &*source.text);
}

#[test]
fn corrupt_pdf_gives_a_clear_error() {
    assert_eq!(
        import_error(&fixture("corrupt.pdf")),
        format!(
            "{}: cannot read the PDF: PDF error: failed parsing cross reference table: invalid start value",
            fixture("corrupt.pdf").display()
        )
    );
    // In this process too, without a crash.
    let bytes = std::fs::read(fixture("corrupt.pdf")).expect("read");
    assert!(matches!(ingest::pdf_text(&bytes), Err(IngestError::Pdf(_))));
}

/// PDF options whose extractor is a shell script standing in for a misbehaving reader.
#[cfg(unix)]
fn fake_extractor(dir: &Path, script: &str) -> PdfOptions {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join("fake-extractor");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    PdfOptions { extractor: Some(path), ..PdfOptions::default() }
}

#[cfg(unix)]
#[test]
fn a_misbehaving_pdf_reader_is_stopped() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pdf = b"%PDF-1.4\n";

    let hangs =
        PdfOptions { time_limit: Duration::from_millis(300), ..fake_extractor(tmp.path(), "exec sleep 30") };
    let error = ingest::pdf_text_isolated(pdf, &hangs, &Progress::new()).expect_err("stopped");
    assert_eq!(error.to_string(), "reading the PDF took longer than 300ms and was stopped");

    // A cancel stops the child at once, well before its time limit.
    let patient = PdfOptions { time_limit: Duration::from_secs(30), ..hangs.clone() };
    let cancelled = Progress::new();
    cancelled.cancel();
    let error = ingest::pdf_text_isolated(pdf, &patient, &cancelled).expect_err("cancelled");
    assert!(matches!(error, IngestError::Cancelled(_)), "{error:?}");

    let floods = PdfOptions { max_text_bytes: 1000, ..fake_extractor(tmp.path(), "exec yes") };
    let error = ingest::pdf_text_isolated(pdf, &floods, &Progress::new()).expect_err("stopped");
    assert_eq!(error.to_string(), "the PDF's text is over the limit of 1000 bytes");

    let crashes = fake_extractor(tmp.path(), "echo 'out of memory' >&2; kill -9 $$");
    let error = ingest::pdf_text_isolated(pdf, &crashes, &Progress::new()).expect_err("crashed");
    assert_eq!(error.to_string(), "the PDF reader crashed on this file (out of memory)");
}

#[cfg(target_os = "linux")]
#[test]
fn the_pdf_reader_runs_with_capped_memory() {
    let pdf = PdfOptions { memory_limit_bytes: 1 << 20, ..options().pdf };
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(16 << 20, b' ');
    let error = ingest::pdf_text_isolated(&big, &pdf, &Progress::new()).expect_err("out of memory");
    assert_eq!(
        error.to_string(),
        "the PDF reader crashed on this file (dossier: reading standard input: out of memory)"
    );
}

#[test]
fn empty_and_binary_files_are_refused() {
    assert_eq!(
        import_error(&fixture("empty.txt")),
        format!("{}: the file is empty", fixture("empty.txt").display())
    );
    assert_eq!(
        import_error(&fixture("binary.dat")),
        format!("{}: not a text file (it contains binary data)", fixture("binary.dat").display())
    );
    let missing = fixture("missing.txt");
    assert_eq!(
        import_error(&missing),
        format!("{}: cannot read the file: No such file or directory (os error 2)", missing.display())
    );
}

#[test]
fn files_over_the_limit_are_refused() {
    let options = ImportOptions { max_file_bytes: 10, ..options() };
    let report =
        ingest::import_paths(&Project::default(), &[fixture("crlf.txt")], &options, &Progress::new());
    assert_eq!(
        report.errors[0].to_string(),
        format!("{}: the file is 71 bytes, over the import limit of 10 bytes", fixture("crlf.txt").display())
    );
}

#[test]
fn seeds_import_byte_identical() {
    let Ok(entries) = std::fs::read_dir(SEEDS) else {
        eprintln!("skipped: no seeds at {SEEDS}");
        return;
    };
    let mut seeds: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    let report = import(&Project::default(), &seeds);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported.len(), 5);
    for (seed, source) in seeds.iter().zip(report.sources()) {
        let bytes = std::fs::read(seed).expect("read");
        assert_eq!(source.text.as_bytes(), bytes.as_slice(), "{}", seed.display());
        assert_eq!(source.language, "en");
        assert_eq!(source.size, Some(bytes.len() as u64));
    }
}

#[test]
fn duplicates_of_the_project_and_of_the_import_are_skipped() {
    let project = store::load(Path::new(SAMPLE)).expect("sample loads");
    let existing = project.sources.values().next().expect("a source");
    let tmp = tempfile::tempdir().expect("tmp");
    let copy = tmp.path().join("copy.txt");
    std::fs::write(&copy, existing.text.as_bytes()).expect("write");
    let report = import(&project, &[copy.clone(), fixture("folder")]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported.len(), 2, "a.txt and b.txt");
    let alpha = &report.imported[0].source;
    assert_eq!(
        report.duplicates,
        vec![
            Duplicate { file: copy, duplicate_of: existing.id.clone() },
            Duplicate { file: fixture("folder").join("sub/c.txt"), duplicate_of: alpha.id.clone() },
        ]
    );
}

#[test]
fn folders_are_walked_in_order_without_hidden_files() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&seen);
    let progress = Progress::with_observer(move |p| {
        shared.lock().expect("not poisoned").push((p.done(), p.total(), p.step()));
    });
    let report = ingest::import_paths(&Project::default(), &[fixture("folder")], &options(), &progress);
    let folder = fixture("folder");
    let step = |name: &str| folder.join(name).display().to_string();
    assert_eq!(
        *seen.lock().expect("not poisoned"),
        vec![(1, 3, step("a.txt")), (2, 3, step("sub/b.txt")), (3, 3, step("sub/c.txt"))]
    );
    let paths: Vec<&str> = report.sources().map(|s| s.original_path.as_str()).collect();
    assert_eq!(paths, ["a.txt", "sub/b.txt"]);
    assert_eq!(report.imported[1].source.original_file, "b.txt");
    assert_eq!(report.imported[1].file, folder.join("sub/b.txt"));
    assert!(report.sources().all(|s| s.imported_at.ends_with('Z') && s.imported_at.len() == 20));
}

#[test]
fn progress_can_cancel() {
    let stop_at_two = Progress::with_observer(|p| {
        if p.done() >= 2 {
            p.cancel();
        }
    });
    let report = ingest::import_paths(&Project::default(), &[fixture("folder")], &options(), &stop_at_two);
    assert!(report.cancelled);
    assert_eq!(report.imported.len(), 1);
    assert!(!report.is_complete());
}

#[test]
fn the_report_edit_adds_every_source_in_one_step() {
    let mut project = store::load(Path::new(SAMPLE)).expect("sample loads");
    let report = import(&project, &[fixture("notes.md"), fixture("crlf.txt")]);
    let before = project.clone();
    let undo = apply(&mut project, &report.edit()).expect("applies");
    assert_eq!(project.sources.len(), before.sources.len() + 2);
    apply(&mut project, &undo).expect("undoes");
    assert_eq!(project, before);
}

#[test]
fn format_detection_falls_back_to_content() {
    assert_eq!(Format::detect(Path::new("download"), b"%PDF-1.7"), Format::Pdf);
    assert_eq!(Format::detect(Path::new("saved"), b"<!doctype html><html></html>"), Format::Html);
}

fn dossier(args: &[&str]) -> Output {
    Command::new(DOSSIER).args(args).output().expect("the binary runs")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn cli_import_saves_and_reports() {
    let tmp = tempfile::tempdir().expect("tmp");
    let project = tmp.path().join("syria");
    copy_dir(Path::new(SAMPLE), &project);
    let project_arg = project.to_str().expect("utf-8");
    let html = fixture("page.html");
    let folder = fixture("folder");

    let output = dossier(&[
        "import",
        project_arg,
        html.to_str().expect("utf-8"),
        folder.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let imported = value["imported"].as_array().expect("imported");
    assert_eq!(imported.len(), 3);
    assert_eq!(imported[0]["title"], "Assad breaks his silence from Moscow");
    assert_eq!(imported[0]["file"], html.display().to_string());
    assert!(imported[0]["id"].as_str().expect("id").starts_with("assad-breaks-his-silence-from-mo"));
    assert_eq!(
        value["duplicates"],
        serde_json::json!([{"file": folder.join("sub/c.txt").display().to_string(), "duplicate_of": imported[1]["id"]}])
    );
    assert_eq!(value["errors"], serde_json::json!([]));

    let check = dossier(&["check", project_arg]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    // The import metadata is saved and shows in `dossier dump`.
    let dump: serde_json::Value =
        serde_json::from_slice(&dossier(&["dump", project_arg]).stdout).expect("json");
    let sources = dump["sources"].as_array().expect("sources");
    let page = sources.iter().find(|s| s["id"] == imported[0]["id"]).expect("the page is saved");
    assert_eq!(page["original_file"], "page.html");
    assert_eq!(page["original_path"], "page.html");
    assert_eq!(page["size"], 1755);
    assert_eq!(page["author"], "Rana Haddad");
    assert_eq!(page["tags"], serde_json::json!([]));
    assert_eq!(page["retrieved"], "");
    assert_eq!(page["sha256"].as_str().map(str::len), Some(64));
    assert!(page["imported_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    let seed = sources.iter().find(|s| s["id"] == "assad-first-message-erbil-q7k2").expect("seed");
    assert_eq!(seed["size"], serde_json::Value::Null);
    assert_eq!(seed["sha256"], "");
    assert!(String::from_utf8_lossy(&check.stdout).contains("valid: 8 sources"));

    // A failing file exits 1; the good one is still imported and saved.
    let empty = fixture("empty.txt");
    let crlf = fixture("crlf.txt");
    let output =
        dossier(&["import", project_arg, empty.to_str().expect("utf-8"), crlf.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(&format!("imported {}: First line of the notes (", crlf.display())),
        "{text}"
    );
    assert_eq!(lines[1], format!("error {}: the file is empty", empty.display()));
    assert_eq!(lines[2], "1 imported, 0 duplicates, 1 errors");
    let check = dossier(&["check", project_arg, "--json"]);
    assert_eq!(check.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    assert_eq!(value["sources"], 9);

    // Usage errors exit 2.
    assert_eq!(dossier(&["import", project_arg]).status.code(), Some(2));
    assert_eq!(dossier(&["import"]).status.code(), Some(2));
}

#[test]
fn cli_extract_pdf_prints_pages() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("two.pdf");
    std::fs::write(&path, two_page_pdf(&["One", "Two"])).expect("write");
    let output = dossier(&["extract-pdf", path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "One\u{000C}Two");
}
