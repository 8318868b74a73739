//! A magazine's cover as page 1 of an issue's PDF: the masthead on a coloured band, the issue's
//! number and date, a picture across the page, the cover story in large type and the other
//! pieces' titles — laid out as print covers are, so the cover drawn from page 1 (by poppler's
//! `pdftoppm`, see the binary's `pdf_cover`) looks like one. Its words are real text, as on any
//! page we write.

use lopdf::content::Operation;
use lopdf::{Object, Stream, StringFormat, dictionary};

use super::unicode::{Drawn, Font, PAGE_HEIGHT, PAGE_WIDTH, WriteError, build, wrap_within};

/// What the cover shows.
pub struct Cover<'a> {
    /// "TẠP CHÍ TOÀ SOẠN".
    pub masthead: &'a str,
    /// "Số 12 · Tháng 12/2026".
    pub issue_line: &'a str,
    /// The cover story's title.
    pub headline: &'a str,
    /// Other pieces in the issue.
    pub also: &'a [&'a str],
    /// A picture across the page: width, height and RGB bytes (3 per pixel).
    pub picture: Option<(u32, u32, &'a [u8])>,
}

const SIDE: f32 = 36.0;
const BAND: f32 = 118.0;
/// The masthead's red, as on the site.
const RED: [f32; 3] = [0.608, 0.110, 0.110];

/// An issue's PDF: the cover, then `pages` (as [`super::unicode_pdf`] reads them).
pub fn magazine_pdf(cover: &Cover<'_>, pages: &[Option<&str>]) -> Result<Vec<u8>, WriteError> {
    let draw = |font: &mut Font<'_>| draw_cover(font, cover);
    build(Some(&draw), pages)
}

fn colour(operator: &str, [r, g, b]: [f32; 3]) -> Operation {
    Operation::new(operator, vec![r.into(), g.into(), b.into()])
}

fn text(font: &mut Font<'_>, line: &str, size: f32, x: f32, y: f32) -> Vec<Operation> {
    let glyphs: Vec<u8> = vn::nfc(line).chars().flat_map(|c| font.glyph(c).to_be_bytes()).collect();
    vec![
        Operation::new("Tf", vec!["F1".into(), size.into()]),
        Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()]),
        Operation::new("Tj", vec![Object::String(glyphs, StringFormat::Hexadecimal)]),
    ]
}

fn rectangle(x: f32, y: f32, width: f32, height: f32) -> Vec<Operation> {
    vec![Operation::new("re", vec![x.into(), y.into(), width.into(), height.into()]), Operation::new("f", vec![])]
}

fn draw_cover(font: &mut Font<'_>, cover: &Cover<'_>) -> Drawn {
    let mut ops = vec![colour("rg", RED)];
    ops.extend(rectangle(0.0, PAGE_HEIGHT - BAND, PAGE_WIDTH, BAND));
    let mut picture = None;
    let mut y = PAGE_HEIGHT - BAND;
    if let Some((width, height, rgb)) =
        cover.picture.filter(|(w, h, rgb)| *w > 0 && *h > 0 && rgb.len() == (*w * *h * 3) as usize)
    {
        let shown = PAGE_WIDTH * height as f32 / width as f32;
        y -= shown;
        ops.extend([
            Operation::new("q", vec![]),
            Operation::new("cm", vec![PAGE_WIDTH.into(), 0.into(), 0.into(), shown.into(), 0.into(), y.into()]),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ]);
        let dictionary = dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => i64::from(width),
        "Height" => i64::from(height), "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8 };
        let mut stream = Stream::new(dictionary, rgb.to_vec());
        // Compressing a picture of flat colours cannot fail; a failure leaves it uncompressed.
        let _ = stream.compress();
        picture = Some(stream);
    }
    ops.push(Operation::new("BT", vec![]));
    ops.push(colour("rg", [1.0, 1.0, 1.0]));
    ops.extend(text(font, cover.masthead, 40.0, SIDE, PAGE_HEIGHT - 62.0));
    ops.extend(text(font, cover.issue_line, 15.0, SIDE, PAGE_HEIGHT - 96.0));
    ops.push(colour("rg", [0.1, 0.1, 0.1]));
    y -= 22.0;
    for line in wrap_within(font, cover.headline, 30.0, PAGE_WIDTH - 2.0 * SIDE).iter().take(4) {
        y -= 34.0;
        ops.extend(text(font, line, 30.0, SIDE, y));
    }
    y -= 16.0;
    ops.push(colour("rg", [0.25, 0.25, 0.25]));
    for title in cover.also {
        for line in wrap_within(font, &format!("• {title}"), 13.0, PAGE_WIDTH - 2.0 * SIDE).iter().take(2) {
            y -= 18.0;
            if y < 40.0 {
                break;
            }
            ops.extend(text(font, line, 13.0, SIDE, y));
        }
    }
    ops.push(Operation::new("ET", vec![]));
    Drawn { operations: ops, picture }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_is_page_one_with_its_words_and_picture() {
        let rgb = vec![120u8; 60 * 30 * 3];
        let cover = Cover {
            masthead: "TẠP CHÍ TOÀ SOẠN",
            issue_line: "Số 12 · Tháng 12/2026",
            headline: "Kinh tế số, xã hội số",
            also: &["Quốc hội thảo luận", "Giá lúa tăng"],
            picture: Some((60, 30, &rgb)),
        };
        let bytes = magazine_pdf(&cover, &[Some("Trang hai"), None]).expect("written");
        let pages = crate::pdf::extract_pages(&bytes).expect("read back");
        assert_eq!(pages.len(), 3);
        let first = &pages[0].text;
        for words in ["TẠP CHÍ TOÀ SOẠN", "Số 12", "Kinh tế số, xã hội số", "Giá lúa tăng"] {
            assert!(first.contains(words), "{words:?} in {first:?}");
        }
        assert!(pages[1].text.contains("Trang hai"));
        let document = lopdf::Document::load_mem(&bytes).expect("a PDF");
        let images = document.objects.values().filter(|o| {
            o.as_stream()
                .is_ok_and(|s| s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok()) == Some(b"Image".as_slice()))
        });
        assert_eq!(images.count(), 1);
    }
}
