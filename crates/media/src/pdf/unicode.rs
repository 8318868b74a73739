//! Writing PDFs whose Vietnamese text is real Unicode: an embedded TrueType font (DejaVu Sans cut
//! down to the letters Vietnamese needs, see `fonts/README.md`) addressed by glyph number
//! (`Identity-H`), with a `ToUnicode` map so readers and extractors get the letters back. The
//! demo's print issues and the benchmark's archive are made with it.

use std::collections::BTreeMap;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, StringFormat, dictionary};
use ttf_parser::{Face, GlyphId};

/// The embedded font.
const FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans-Vietnamese.ttf");
pub(super) const PAGE_WIDTH: f32 = 595.0;
pub(super) const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY_SIZE: f32 = 11.0;
const HEADING_SIZE: f32 = 16.0;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the embedded font cannot be read: {0}")]
    Font(String),
    #[error("the PDF cannot be written: {0}")]
    Pdf(#[from] lopdf::Error),
    #[error("the PDF cannot be written: {0}")]
    Io(#[from] std::io::Error),
}

/// The font's glyphs and widths, read once per document.
pub(super) struct Font<'a> {
    face: Face<'a>,
    /// Glyphs drawn so far, with the text each stands for (for `ToUnicode`).
    used: BTreeMap<u16, char>,
}

impl Font<'_> {
    pub(super) fn glyph(&mut self, c: char) -> u16 {
        let glyph = self.face.glyph_index(c).or_else(|| self.face.glyph_index('?')).unwrap_or(GlyphId(0));
        self.used.entry(glyph.0).or_insert(c);
        glyph.0
    }

    /// Width of a glyph in thousandths of the font size.
    fn advance(&self, glyph: u16) -> f32 {
        let units = f32::from(self.face.units_per_em().max(1));
        f32::from(self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)) * 1000.0 / units
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let glyph = |c| self.face.glyph_index(c).map_or(0, |g| g.0);
        text.chars().map(|c| self.advance(glyph(c))).sum::<f32>() * size / 1000.0
    }
}

/// A PDF with one A4 page per entry: its text (a line starting with `# ` is a heading; long lines
/// wrap at word boundaries; text past the bottom of the page is not drawn), or `None` for a page
/// with no text layer, as a scanned page is.
pub fn unicode_pdf(pages: &[Option<&str>]) -> Result<Vec<u8>, WriteError> {
    build(None, pages)
}

/// What one page draws: its operations, and a picture it places as `/Im1`.
pub(super) struct Drawn {
    pub operations: Vec<Operation>,
    pub picture: Option<Stream>,
}

/// The document: an optional first page drawn by `first` (given the font), then `pages` as
/// [`unicode_pdf`] describes them.
pub(super) fn build(
    first: Option<&dyn Fn(&mut Font<'_>) -> Drawn>,
    pages: &[Option<&str>],
) -> Result<Vec<u8>, WriteError> {
    let face = Face::parse(FONT, 0).map_err(|e| WriteError::Font(e.to_string()))?;
    let mut font = Font { face, used: BTreeMap::new() };
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.new_object_id();
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut drawn: Vec<Drawn> = first.map(|draw| draw(&mut font)).into_iter().collect();
    for page in pages {
        let operations = page.map(|text| page_operations(&mut font, text)).unwrap_or_default();
        drawn.push(Drawn { operations, picture: None });
    }
    let mut kids = Vec::with_capacity(drawn.len());
    for page in drawn {
        let mut stream = Stream::new(dictionary! {}, Content { operations: page.operations }.encode()?);
        stream.compress()?;
        let contents = doc.add_object(stream);
        let page_resources: Object = match page.picture {
            Some(picture) => {
                let image = doc.add_object(picture);
                doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "Im1" => image } })
                    .into()
            }
            None => resources.into(),
        };
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => contents, "Resources" => page_resources,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        })));
    }
    let font_object = type0_font(&mut doc, &font)?;
    doc.objects.insert(font_id, font_object);
    Ok(super::write::finish(doc, pages_id, kids)?)
}

fn page_operations(font: &mut Font<'_>, text: &str) -> Vec<Operation> {
    let text = vn::nfc(text);
    let mut operations = vec![Operation::new("BT", vec![])];
    let mut y = PAGE_HEIGHT - MARGIN;
    for paragraph in text.lines() {
        let (size, paragraph) = match paragraph.strip_prefix("# ") {
            Some(heading) => (HEADING_SIZE, heading),
            None => (BODY_SIZE, paragraph),
        };
        for line in wrap(font, paragraph, size) {
            y -= size * 1.4;
            if y < MARGIN {
                break;
            }
            let glyphs: Vec<u8> = line.chars().flat_map(|c| font.glyph(c).to_be_bytes()).collect();
            operations.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
            operations
                .push(Operation::new("Tm", vec![1.into(), 0.into(), 0.into(), 1.into(), MARGIN.into(), y.into()]));
            operations.push(Operation::new("Tj", vec![Object::String(glyphs, StringFormat::Hexadecimal)]));
        }
    }
    operations.push(Operation::new("ET", vec![]));
    operations
}

/// The paragraph cut into lines that fit between the margins (an empty paragraph is a blank line).
fn wrap(font: &Font<'_>, paragraph: &str, size: f32) -> Vec<String> {
    wrap_within(font, paragraph, size, PAGE_WIDTH - 2.0 * MARGIN)
}

/// The paragraph cut into lines of at most `room` points.
pub(super) fn wrap_within(font: &Font<'_>, paragraph: &str, size: f32, room: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in paragraph.split_whitespace() {
        let Some(line) = lines.last_mut() else { break };
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if line.is_empty() || font.width(&candidate, size) <= room {
            *line = candidate;
        } else {
            lines.push(word.to_owned());
        }
    }
    lines
}

/// The composite font: Type0 → CIDFontType2 → the embedded TrueType file, with widths and the
/// glyph-to-letter map of the glyphs used.
fn type0_font(doc: &mut Document, font: &Font<'_>) -> Result<Object, WriteError> {
    let mut file = Stream::new(dictionary! { "Length1" => FONT.len() as i64 }, FONT.to_vec());
    file.compress()?;
    let file = doc.add_object(file);
    let face = &font.face;
    let scale = 1000.0 / f32::from(face.units_per_em().max(1));
    let bbox = face.global_bounding_box();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "DejaVuSans-Vietnamese", "Flags" => 32,
        "FontBBox" => [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max].map(|v| Object::from(f32::from(v) * scale)).to_vec(),
        "ItalicAngle" => 0, "Ascent" => f32::from(face.ascender()) * scale,
        "Descent" => f32::from(face.descender()) * scale,
        "CapHeight" => f32::from(face.capital_height().unwrap_or(face.ascender())) * scale, "StemV" => 80,
        "FontFile2" => file,
    });
    let widths: Vec<Object> =
        font.used.keys().flat_map(|g| [Object::from(i64::from(*g)), vec![font.advance(*g).into()].into()]).collect();
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "DejaVuSans-Vietnamese",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => descriptor, "W" => widths, "CIDToGIDMap" => "Identity",
    });
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap(&font.used).into_bytes()));
    Ok(Object::Dictionary(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "DejaVuSans-Vietnamese",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::from(cid_font)], "ToUnicode" => to_unicode,
    }))
}

/// The CMap that turns glyph numbers back into letters (at most 100 entries a block, as the
/// format requires).
fn to_unicode_cmap(used: &BTreeMap<u16, char>) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = used.iter().collect();
    for block in entries.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for (glyph, letter) in block {
            let mut units = [0u16; 2];
            let hex: String = letter.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            cmap.push_str(&format!("<{glyph:04X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}
