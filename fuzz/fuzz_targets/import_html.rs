//! Fuzzes the import of a web page: the readable-text extraction and the metadata
//! reader must return a document or a one-line reason for any bytes.

#![no_main]

use std::path::Path;

use dossier::ingest::{PdfOptions, convert, html_to_text};
use dossier::progress::Progress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = html_to_text(&String::from_utf8_lossy(data));
    if let Err(error) = convert(Path::new("input.html"), data, &PdfOptions::default(), &Progress::new()) {
        assert!(!error.to_string().contains('\n'));
    }
});
