//! Writing a plain PDF: text lines in Helvetica, one byte a character (WinAnsi). Enough for test
//! fixtures and generated archives, and exactly how documents typeset with the legacy Vietnamese
//! fonts store their text (pass `vn::legacy::encode`d text to make one).

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A PDF with one page per entry: its lines of text, or `None` for a page with no text layer
/// (as a scanned page is). Characters beyond one byte become `?`.
pub fn simple_pdf(pages: &[Option<&str>]) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let content = Content { operations: page.map(text_operations).unwrap_or_default() }.encode()?;
        let stream = doc.add_object(Stream::new(dictionary! {}, content));
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => stream, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        })));
    }
    finish(doc, pages_id, kids)
}

/// Every writer's last step: the page tree under `pages_id` with `kids`, the catalog, the bytes.
pub(super) fn finish(mut doc: Document, pages_id: lopdf::ObjectId, kids: Vec<Object>) -> Result<Vec<u8>, lopdf::Error> {
    let count = kids.len() as i64;
    let tree = dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count };
    doc.objects.insert(pages_id, Object::Dictionary(tree));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)?;
    Ok(bytes)
}

fn text_operations(text: &str) -> Vec<Operation> {
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 12.into()]),
        Operation::new("Td", vec![50.into(), 780.into()]),
        Operation::new("TL", vec![16.into()]),
    ];
    for line in text.lines() {
        let bytes: Vec<u8> = line.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
        operations.push(Operation::new("Tj", vec![Object::string_literal(bytes)]));
        operations.push(Operation::new("T*", vec![]));
    }
    operations.push(Operation::new("ET", vec![]));
    operations
}
