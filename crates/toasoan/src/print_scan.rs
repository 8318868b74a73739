//! `generate-issues --scanned`: an issue as a scanner would make it — each page of the typeset
//! PDF drawn by poppler's `pdftoppm` at the resolution asked, in grey, kept as a JPEG, and bound
//! back into a PDF with no text layer, clean, worn (turned, blurred, grainy) or aged (old paper,
//! faded ink, a rough JPEG). The OCR test archive, its test and `bench/ocr.sh` are made of these.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use image::GrayImage;
use toasoan_media::pdf::{ScannedPage, scanned_pdf};

/// How worn a generated scan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Wear {
    /// As the page was drawn.
    Clean,
    /// A tired scanner: turned 0.3–0.8°, slightly blurred, grainy.
    Worn,
    /// A 1990s page through a cheap scanner: yellowed, blotchy paper, faded ink, dust specks,
    /// turned 0.6–1.6°, blurred more, kept as a rough JPEG (quality 45).
    Aged,
}

impl Wear {
    fn jpeg_quality(self) -> u8 {
        if self == Wear::Aged { 45 } else { 85 }
    }
}

/// The scanned version of `pdf` (its first `pages` pages) at `dpi`, as worn as `wear` says.
pub fn scan(pdf: &[u8], pages: usize, dpi: u32, wear: Wear) -> Result<Vec<u8>> {
    let mut file = tempfile::Builder::new().prefix("toasoan-scan-").suffix(".pdf").tempfile()?;
    file.write_all(pdf)?;
    let mut scanned = Vec::with_capacity(pages);
    for page in 1..=pages {
        scanned.push(scan_page(file.path(), page, dpi, wear)?);
    }
    scanned_pdf(scanned).context("cannot bind the scanned pages into a PDF")
}

fn scan_page(pdf: &Path, page: usize, dpi: u32, wear: Wear) -> Result<ScannedPage> {
    let number = page.to_string();
    let output = Command::new("pdftoppm")
        .args(["-f", &number, "-l", &number, "-r", &dpi.to_string(), "-gray", "-png", "-singlefile"])
        .arg(pdf)
        .output()
        .context("cannot run pdftoppm (install Debian's poppler-utils)")?;
    if !output.status.success() {
        bail!("pdftoppm could not draw page {page}: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    let mut grey =
        image::load_from_memory(&output.stdout).with_context(|| format!("page {page}: no picture"))?.into_luma8();
    match wear {
        Wear::Clean => {}
        Wear::Worn => grey = worn(&grey, page as u64),
        Wear::Aged => grey = aged(&grey, page as u64),
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, wear.jpeg_quality())
        .encode_image(&grey)
        .with_context(|| format!("page {page}: cannot encode"))?;
    Ok(ScannedPage { jpeg, width: grey.width(), height: grey.height(), grey: true, dpi })
}

/// A page as a worn scanner gives it: turned by 0.3–0.8° (either way, by page), a slight blur,
/// and grain (deterministic per page, so a benchmark's archive is the same every time).
fn worn(page: &GrayImage, seed: u64) -> GrayImage {
    let turned = turn(page, angle(seed, 0.3, 0.1));
    let mut blurred = image::imageops::blur(&turned, 0.7);
    add_grain(&mut blurred, &mut Noise::new(seed), 24);
    blurred
}

/// An old page: the ink faded to dark grey on paper whose tone wanders in blotches (as yellowed
/// paper comes out in grey), dust specks, turned 0.6–1.6°, blurred more than `worn`, and grain.
fn aged(page: &GrayImage, seed: u64) -> GrayImage {
    const INK: f32 = 75.0;
    let turned = turn(page, angle(seed, 0.6, 0.2));
    let mut noise = Noise::new(seed);
    let blotches = Blotches::new(page.width(), page.height(), &mut noise);
    let mut faded = GrayImage::from_fn(page.width(), page.height(), |x, y| {
        let paper = 208.0 + blotches.at(x, y);
        let shade = f32::from(turned.get_pixel(x, y).0[0]) / 255.0;
        let speck = noise.next().is_multiple_of(6000);
        image::Luma([if speck { 60 } else { (INK + (paper - INK) * shade) as u8 }])
    });
    faded = image::imageops::blur(&faded, 1.0);
    add_grain(&mut faded, &mut noise, 20);
    faded
}

/// The turn of page `seed`: `least` degrees plus one of six `steps`, clockwise on even pages.
fn angle(seed: u64, least: f32, step: f32) -> f32 {
    let degrees = least + (seed % 6) as f32 * step;
    if seed.is_multiple_of(2) { degrees } else { -degrees }
}

/// Each pixel lighter or darker by up to `spread` grey levels.
fn add_grain(page: &mut GrayImage, noise: &mut Noise, spread: u64) {
    for pixel in page.pixels_mut() {
        let grain = (noise.next() % (2 * spread + 1)) as i16 - spread as i16;
        pixel.0[0] = (i16::from(pixel.0[0]) + grain).clamp(0, 255) as u8;
    }
}

/// Paper tone that wanders by −18…+22 grey levels over a few centimetres: random values on a
/// coarse grid, interpolated between its corners.
struct Blotches {
    cell: u32,
    columns: usize,
    values: Vec<f32>,
}

impl Blotches {
    fn new(width: u32, height: u32, noise: &mut Noise) -> Blotches {
        let cell = 96;
        let columns = (width / cell + 2) as usize;
        let rows = (height / cell + 2) as usize;
        let values = (0..columns * rows).map(|_| (noise.next() % 41) as f32 - 18.0).collect();
        Blotches { cell, columns, values }
    }

    fn at(&self, x: u32, y: u32) -> f32 {
        let (cx, cy) = ((x / self.cell) as usize, (y / self.cell) as usize);
        let (fx, fy) = ((x % self.cell) as f32 / self.cell as f32, (y % self.cell) as f32 / self.cell as f32);
        let value = |col: usize, row: usize| self.values[row * self.columns + col];
        let top = value(cx, cy) * (1.0 - fx) + value(cx + 1, cy) * fx;
        let bottom = value(cx, cy + 1) * (1.0 - fx) + value(cx + 1, cy + 1) * fx;
        top * (1.0 - fy) + bottom * fy
    }
}

/// A small deterministic generator (xorshift), so a benchmark's archive is the same every time.
struct Noise(u64);

impl Noise {
    fn new(seed: u64) -> Noise {
        Noise(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The page turned by `degrees` about its centre, white where the turn uncovers (nearest pixel:
/// a scanner's own resampling is no finer).
fn turn(page: &GrayImage, degrees: f32) -> GrayImage {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (page.width() as f32 / 2.0, page.height() as f32 / 2.0);
    GrayImage::from_fn(page.width(), page.height(), |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        let inside = sx >= 0.0 && sy >= 0.0 && (sx as u32) < page.width() && (sy as u32) < page.height();
        if inside { *page.get_pixel(sx as u32, sy as u32) } else { image::Luma([255]) }
    })
}
