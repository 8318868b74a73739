//! Writing a scanned PDF: each page one JPEG picture and no text layer, as a scanner makes it.
//! For the OCR test archive (`toasoan generate-issues --scanned`) and tests.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// One scanned page: a JPEG, its size in pixels, and whether it is grey (one channel) or colour.
pub struct ScannedPage {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub grey: bool,
    /// Resolution it was scanned at, which sets the page's printed size.
    pub dpi: u32,
}

/// A PDF whose pages are the given pictures, each filling its page.
pub fn scanned_pdf(pages: Vec<ScannedPage>) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let (points_w, points_h) = (points(page.width, page.dpi), points(page.height, page.dpi));
        let colour = if page.grey { "DeviceGray" } else { "DeviceRGB" };
        let picture = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(page.width),
                "Height" => i64::from(page.height), "ColorSpace" => colour, "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            page.jpeg,
        ));
        let draw = Content {
            operations: vec![
                Operation::new("q", vec![]),
                Operation::new("cm", vec![points_w.into(), 0.into(), 0.into(), points_h.into(), 0.into(), 0.into()]),
                Operation::new("Do", vec!["Scan".into()]),
                Operation::new("Q", vec![]),
            ],
        }
        .encode()?;
        let contents = doc.add_object(Stream::new(dictionary! {}, draw));
        let resources = dictionary! { "XObject" => dictionary! { "Scan" => picture } };
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), points_w.into(), points_h.into()],
        })));
    }
    super::write::finish(doc, pages_id, kids)
}

/// Pixels at `dpi` as PDF points (1/72 inch).
fn points(pixels: u32, dpi: u32) -> f32 {
    pixels as f32 * 72.0 / dpi.max(1) as f32
}
