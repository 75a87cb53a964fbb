//! Fuzzes the import of a plain text file in any encoding: decoding, line endings,
//! title and language detection must return a document or a one-line reason.

#![no_main]

use std::path::Path;

use dossier::ingest::{PdfOptions, convert, decode_text};
use dossier::progress::Progress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode_text(data);
    match convert(Path::new("input.txt"), data, &PdfOptions::default(), &Progress::new()) {
        Ok(document) => assert!(!document.text.contains('\r'), "line endings must be LF"),
        Err(error) => assert!(!error.to_string().contains('\n')),
    }
});
