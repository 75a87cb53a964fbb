//! Hand-built PDFs for the import tests, made with lopdf: each page is a list of content
//! operators, so a test can draw text exactly as a given producer would.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A page of a hand-built PDF: its operators and its `/Rotate`.
pub struct Page {
    /// The content stream's operators.
    pub operations: Vec<Operation>,
    /// The page's `/Rotate`, in degrees.
    pub rotate: i64,
}

/// One content operator.
pub fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

/// A string operand.
pub fn text(s: &str) -> Object {
    Object::string_literal(s)
}

/// A PDF of `pages`, with Helvetica as `F1` and Times-Roman as `F2` (standard fonts,
/// not embedded, no widths: the reader must know them).
pub fn build_pdf(pages: Vec<Page>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let tree_id = doc.new_object_id();
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let times = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id =
        doc.add_object(dictionary! { "Font" => dictionary! { "F1" => helvetica, "F2" => times } });
    let mut kids = Vec::new();
    for page in pages {
        let content = Content { operations: page.operations };
        let stream = Stream::new(dictionary! {}, content.encode().expect("content encodes"));
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => tree_id,
            "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Rotate" => page.rotate,
        });
        kids.push(Object::from(page_id));
    }
    let count = i64::try_from(kids.len()).expect("few pages");
    doc.objects.insert(
        tree_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("pdf saves");
    bytes
}
