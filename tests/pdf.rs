//! PDF import on what real producers write: every text-showing operator, fonts with
//! `ToUnicode` maps and standard encodings, rotated pages and columns in reading order.
//!
//! Exact-text tests build their PDFs with lopdf. The corpus tests compare our text with
//! poppler's `pdftotext` on PDFs made by `LibreOffice`, Ghostscript and reportlab
//! (`tests/fixtures/pdf/`, made by `scripts/make-pdf-corpus.sh`) and on the lopdf ones:
//! the same words in the same order, page by page.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::ingest::{self, ImportOptions, IngestError, PAGE_BREAK, PdfOptions};
use dossier::model::Project;
use dossier::progress::Progress;
use lopdf::content::Operation;
use lopdf::{Document, Object, Stream, dictionary};

#[path = "common/pdf_builder.rs"]
mod pdf_builder;
use pdf_builder::{Page, build_pdf, op, text};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

/// An upright page whose text object is `body` (font F1 at 12 points, leading 14).
fn page(body: Vec<Operation>) -> Page {
    let mut operations =
        vec![op("BT", vec![]), op("Tf", vec!["F1".into(), 12.into()]), op("TL", vec![14.into()])];
    operations.extend(body);
    operations.push(op("ET", vec![]));
    Page { operations, rotate: 0 }
}

/// Two pages whose lines after the first are drawn with `'` only (the failing input of
/// the issue: it imported as "no text found").
fn quote_operator_pdf() -> Vec<u8> {
    build_pdf(vec![
        page(vec![
            op("Td", vec![72.into(), 720.into()]),
            op("Tj", vec![text("Statement from Moscow")]),
            op("'", vec![text("The departure was never planned.")]),
            op("'", vec![text("He left on the evening of 8 December.")]),
        ]),
        page(vec![
            op("Td", vec![72.into(), 720.into()]),
            op("'", vec![text("Second page, first line.")]),
            op("'", vec![text("Second page, second line.")]),
        ]),
    ])
}

/// A page with the `"` operator, which also sets word and character spacing.
fn double_quote_operator_pdf() -> Vec<u8> {
    build_pdf(vec![page(vec![
        op("Td", vec![72.into(), 720.into()]),
        op("Tj", vec![text("Spacing set by the operator:")]),
        op("\"", vec![3.into(), Object::Real(0.5), text("wide words here")]),
        op("\"", vec![0.into(), 0.into(), text("and normal ones again.")]),
    ])])
}

/// TJ arrays: kerning inside words, and word gaps made by offsets with no space.
fn kerning_pdf() -> Vec<u8> {
    build_pdf(vec![page(vec![
        op("Td", vec![72.into(), 720.into()]),
        op(
            "TJ",
            vec![Object::Array(vec![
                text("Hmei"),
                25.into(),
                text("mim"),
                (-300).into(),
                text("air"),
                (-280).into(),
                text("base"),
                text(" and "),
                text("T"),
                80.into(),
                text("artus."),
            ])],
        ),
        // A line in Times by hand-placed words, as some producers write them.
        op("Tf", vec!["F2".into(), 12.into()]),
        op("Td", vec![0.into(), (-20).into()]),
        op("Tj", vec![text("Placed")]),
        op("Td", vec![38.into(), 0.into()]),
        op("Tj", vec![text("word")]),
        op("Td", vec![28.into(), 0.into()]),
        op("Tj", vec![text("by")]),
        op("Td", vec![16.into(), 0.into()]),
        op("Tj", vec![text("word.")]),
    ])])
}

/// A portrait page shown as landscape (`/Rotate 90`), its text drawn turned so that it
/// reads upright when shown, plus a page in two columns whose lines are drawn
/// alternately left and right.
fn rotated_and_columns_pdf() -> Vec<u8> {
    let turned = |y: i64, s: &str| {
        vec![
            op("Tm", vec![0.into(), 1.into(), (-1).into(), 0.into(), y.into(), 72.into()]),
            op("Tj", vec![text(s)]),
        ]
    };
    let mut rotated = Vec::new();
    rotated.extend(turned(80, "Landscape page, read upright."));
    rotated.extend(turned(100, "Its second line follows."));
    let mut columns = vec![op("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 740.into()])];
    columns.push(op("Tj", vec![text("A heading across the whole page, over both of the columns")]));
    for line in 1..=3 {
        let y = 720 - 14 * line;
        columns.push(op("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), y.into()]));
        columns.push(op("Tj", vec![text(&format!("left column line {line}"))]));
        columns.push(op("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), 320.into(), y.into()]));
        columns.push(op("Tj", vec![text(&format!("right column line {line}"))]));
    }
    let mut rotated_page = page(rotated);
    rotated_page.rotate = 90;
    build_pdf(vec![rotated_page, page(columns)])
}

#[test]
fn the_quote_operator_reads_on_both_pages() {
    let text = ingest::pdf_text(&quote_operator_pdf()).expect("text");
    assert_eq!(
        text,
        "Statement from Moscow\nThe departure was never planned.\nHe left on the evening of 8 December.\
         \u{c}Second page, first line.\nSecond page, second line."
    );
    assert_eq!(text.matches(PAGE_BREAK).count(), 1);
}

#[test]
fn the_quote_operator_pdf_imports_through_the_child_process() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("quote.pdf");
    std::fs::write(&path, quote_operator_pdf()).expect("write");
    let options = ImportOptions {
        pdf: PdfOptions { extractor: Some(DOSSIER.into()), ..PdfOptions::default() },
        ..ImportOptions::default()
    };
    let report = ingest::import_paths(&Project::default(), &[path], &options, &Progress::new());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let source = &report.imported[0].source;
    assert_eq!(source.title, "Statement from Moscow");
    assert_eq!(source.text.split(PAGE_BREAK).count(), 2);
    assert!(source.text.ends_with("Second page, second line."), "{}", source.text);
}

#[test]
fn the_double_quote_operator_sets_spacing_and_shows() {
    assert_eq!(
        ingest::pdf_text(&double_quote_operator_pdf()).expect("text"),
        "Spacing set by the operator:\nwide words here\nand normal ones again."
    );
}

#[test]
fn kerning_joins_and_offsets_split_words() {
    assert_eq!(
        ingest::pdf_text(&kerning_pdf()).expect("text"),
        "Hmeimim air base and Tartus.\nPlaced word by word."
    );
}

#[test]
fn rotated_pages_read_upright_and_columns_in_order() {
    assert_eq!(
        ingest::pdf_text(&rotated_and_columns_pdf()).expect("text"),
        "Landscape page, read upright.\nIts second line follows.\u{c}A heading across the whole page, over both of the columns\n\n\
         left column line 1\nleft column line 2\nleft column line 3\n\n\
         right column line 1\nright column line 2\nright column line 3"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture")
}

/// Ghostscript keeps `StandardEncoding`, where byte 39 is a right quote; the third line is
/// 30 points below the second (the others 20), so it starts a block.
#[test]
fn ghostscript_standard_fonts_and_encoding() {
    assert_eq!(
        ingest::pdf_text(&fixture("ghostscript.pdf")).expect("text"),
        "The statement from Moscow was read out on Monday.\nIt said the departure had never been planned.\n\n\
         Officials in Damascus didn\u{2019}t confirm it; the quote\u{2019}s source is a channel.\
         \u{c}Page two lists the bases: Hmeimim and Tartus.\n\
         Reports disagree on the evening, the night, the afternoon."
    );
}

#[test]
fn reportlab_truetype_accents_come_from_the_to_unicode_map() {
    assert_eq!(
        ingest::pdf_text(&fixture("reportlab-truetype.pdf")).expect("text"),
        "Déclaration de Moscou : le président déchu s'exprime.\n\
         Ça a surpris même ses proches à Damas, où l'on a reçu le texte tard.\n\
         Überraschung in Köln; «niño» y señor en Málaga."
    );
}

#[test]
fn reportlab_rotated_page_and_quote_operators() {
    assert_eq!(
        ingest::pdf_text(&fixture("reportlab-rotated.pdf")).expect("text"),
        "An upright first page before the rotated one.\u{c}\
         This landscape page reads upright once it is turned.\nIts second line comes after the first one."
    );
    // reportlab's textLine ends with T*, and the quote operator moves down a line again:
    // the second line is two lines below the first, so a block starts there.
    assert_eq!(
        ingest::pdf_text(&fixture("reportlab-quote-operators.pdf")).expect("text"),
        "A first line from reportlab's own textLine.\n\nA second line drawn with the quote operator.\n\
         A third line drawn with the double quote operator."
    );
}

#[test]
fn libreoffice_columns_read_column_by_column() {
    let text = ingest::pdf_text(&fixture("libreoffice-columns.pdf")).expect("text");
    let pages: Vec<&str> = text.split(PAGE_BREAK).collect();
    assert_eq!(pages.len(), 2);
    // Paragraphs are numbered in reading order; column two starts part-way through.
    let numbers = |page: &str, topic: &str| -> Vec<u32> {
        let words: Vec<&str> = page.split_whitespace().collect();
        words
            .windows(3)
            .filter(|w| w[0] == topic && w[1] == "paragraph")
            .filter_map(|w| w[2].parse().ok())
            .collect()
    };
    assert_eq!(numbers(pages[0], "Damascus"), (1..=16).collect::<Vec<_>>());
    assert!(
        pages[1].starts_with("Second page: the Moscow statement.\n\nMoscow paragraph 1 tells"),
        "{}",
        pages[1]
    );
    assert_eq!(numbers(pages[1], "Moscow"), vec![1, 2, 3, 4]);
}

#[test]
fn bad_pdfs_give_one_line_errors() {
    // Cut in the middle: the cross-reference table is gone.
    let whole = fixture("ghostscript.pdf");
    let Err(IngestError::Pdf(message)) = ingest::pdf_text(&whole[..whole.len() / 2]) else {
        panic!("a truncated PDF must be an error");
    };
    assert!(!message.is_empty() && !message.contains('\n'), "{message}");
    // A page with no text is "no text", not an error of the parser.
    let empty = build_pdf(vec![Page {
        operations: vec![
            op("m", vec![0.into(), 0.into()]),
            op("l", vec![100.into(), 100.into()]),
            op("S", vec![]),
        ],
        rotate: 0,
    }]);
    assert!(matches!(ingest::pdf_text(&empty), Err(IngestError::NoText)));
}

#[test]
fn a_form_that_draws_itself_ends() {
    let mut doc = Document::with_version("1.5");
    let tree_id = doc.new_object_id();
    let form_id = doc.new_object_id();
    let font =
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources =
        dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "X" => form_id } };
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()], "Resources" => resources.clone() },
        b"/X Do /X Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content = b"BT /F1 12 Tf 72 720 Td (Before the loop) Tj ET /X Do".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree_id, "Contents" => content_id, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        tree_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    assert_eq!(ingest::pdf_text(&bytes).expect("text"), "Before the loop");
}

/// The words of each page of `text` (pages split at form feeds).
fn page_words(text: &str) -> Vec<Vec<String>> {
    text.split(PAGE_BREAK).map(|page| page.split_whitespace().map(str::to_owned).collect()).collect()
}

/// The text `pdftotext` (default mode) reads from `path`, or `None` when it is not
/// installed and this is not CI.
fn pdftotext(path: &Path) -> Option<String> {
    let output = match Command::new("pdftotext").arg(path).arg("-").output() {
        Ok(output) => output,
        Err(error) => {
            assert!(std::env::var_os("CI").is_none(), "pdftotext (poppler-utils) is needed on CI: {error}");
            eprintln!("note: pdftotext not found ({error}); install poppler-utils to compare with it");
            return None;
        }
    };
    assert!(output.status.success(), "pdftotext failed on {}", path.display());
    let mut text = String::from_utf8(output.stdout).expect("pdftotext prints UTF-8");
    // pdftotext ends every page, the last one too, with a form feed.
    if text.ends_with(PAGE_BREAK) {
        text.pop();
    }
    Some(text)
}

#[test]
fn the_corpus_reads_like_pdftotext() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    for (name, bytes) in [
        ("quote.pdf", quote_operator_pdf()),
        ("double-quote.pdf", double_quote_operator_pdf()),
        ("kerning.pdf", kerning_pdf()),
        ("rotated-columns.pdf", rotated_and_columns_pdf()),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        files.push(path);
    }
    for file in &files {
        let Some(expected) = pdftotext(file) else { return };
        let ours = ingest::pdf_text(&std::fs::read(file).expect("read")).expect("text");
        let (expected, ours) = (page_words(&expected), page_words(&ours));
        assert_eq!(ours.len(), expected.len(), "page count of {}", file.display());
        for (page, (ours, expected)) in ours.iter().zip(&expected).enumerate() {
            assert_eq!(ours, expected, "words of page {} of {}", page + 1, file.display());
        }
    }
}

/// A composite font (`Type0`, `Identity-H`, two-byte codes) whose text comes only from
/// its `ToUnicode` map, with widths from the descendant's `/W`.
#[test]
fn composite_fonts_read_through_their_to_unicode_map() {
    let mut doc = Document::with_version("1.5");
    let tree_id = doc.new_object_id();
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar <0001> <0048> <0002> <0069> endbfchar\n\
        1 beginbfrange <0003> <0005> <00E9> endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end"
        .to_vec();
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Sans",
        "DW" => 600, "W" => vec![1.into(), vec![700.into(), 300.into()].into()],
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Sans", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    });
    let content = b"BT /F1 12 Tf 72 720 Td [<00010002> -400 <000300040005>] TJ ET".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => tree_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        tree_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    assert_eq!(ingest::pdf_text(&bytes).expect("text"), "Hi éêë");
}
