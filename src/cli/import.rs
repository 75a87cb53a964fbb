//! `dossier import` and the hidden `dossier extract-pdf` that the importer runs in a
//! child process.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use serde_json::json;

use crate::ingest::{self, ImportOptions, ImportReport, IngestError};
use crate::progress::Progress;
use crate::store;

/// Imports `files` into the project at `project_dir`, saves it and prints a summary.
/// Exit 0 when every file was imported or was a duplicate, 1 when any failed.
pub fn import(project_dir: &Path, files: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let mut project = super::load_project(project_dir)?;
    let progress = Progress::with_observer(|progress| {
        log::info!("importing {} of {}: {}", progress.done(), progress.total(), progress.step());
    });
    let report = ingest::import_paths(&project, files, &ImportOptions::default(), &progress);
    crate::edit::apply(&mut project, &report.edit()).context("adding the imported sources")?;
    if !report.imported.is_empty() {
        store::save(&project, project_dir).with_context(|| format!("saving {}", project_dir.display()))?;
    }
    if json {
        println!("{}", report_json(&report));
    } else {
        print_summary(&report);
    }
    Ok(if report.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// One line per imported source, duplicate and error.
fn print_summary(report: &ImportReport) {
    for imported in &report.imported {
        let source = &imported.source;
        println!("imported {}: {} ({})", imported.file.display(), source.title, source.id);
    }
    for duplicate in &report.duplicates {
        println!("duplicate {}: same text as source {}", duplicate.file.display(), duplicate.duplicate_of);
    }
    for error in &report.errors {
        println!("error {error}");
    }
    println!(
        "{} imported, {} duplicates, {} errors",
        report.imported.len(),
        report.duplicates.len(),
        report.errors.len()
    );
}

/// The `--json` output: `{"imported": [...], "duplicates": [...], "errors": [...]}`.
fn report_json(report: &ImportReport) -> serde_json::Value {
    json!({
        "imported": report.imported.iter().map(|i| json!({
            "id": i.source.id.as_str(),
            "title": i.source.title,
            "file": i.file.display().to_string(),
        })).collect::<Vec<_>>(),
        "duplicates": report.duplicates.iter().map(|d| json!({
            "file": d.file.display().to_string(),
            "duplicate_of": d.duplicate_of.as_str(),
        })).collect::<Vec<_>>(),
        "errors": report.errors.iter().map(|e| json!({
            "file": e.file.display().to_string(),
            "error": e.error.to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// Prints the text of the PDF `file` (`-` for standard input) with pages separated by a
/// form feed. Exits [`ingest::EXIT_PDF_ERROR`] with the reason on stderr when the PDF
/// cannot be read, [`ingest::EXIT_NO_TEXT`] when it has no text.
pub fn extract_pdf(file: &Path, max_memory: Option<u64>) -> anyhow::Result<ExitCode> {
    if let Some(bytes) = max_memory {
        ingest::limit_memory(bytes).context("limiting memory")?;
    }
    let mut pdf = Vec::new();
    if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut pdf).context("reading standard input")?;
    } else {
        pdf = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    }
    match ingest::pdf_text(&pdf) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(IngestError::NoText) => Ok(ExitCode::from(ingest::EXIT_NO_TEXT)),
        Err(IngestError::Pdf(message)) => {
            eprintln!("{message}");
            Ok(ExitCode::from(ingest::EXIT_PDF_ERROR))
        }
        Err(other) => Err(other.into()),
    }
}
