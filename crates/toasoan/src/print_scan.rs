//! `generate-issues --scanned`: an issue as a scanner would make it — each page of the typeset
//! PDF drawn by poppler's `pdftoppm` at the resolution asked, in grey, kept as a JPEG, and bound
//! back into a PDF with no text layer (worn, if asked: turned, blurred, grainy). The OCR test
//! archive, its test and `bench/ocr.sh` are made of these.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use image::GrayImage;
use toasoan_media::pdf::{ScannedPage, scanned_pdf};

const JPEG_QUALITY: u8 = 85;

/// The scanned version of `pdf` (its first `pages` pages) at `dpi`; `worn` pages come out as from
/// a tired scanner: turned a little (0.3–0.8°), noisy and slightly blurred.
pub fn scan(pdf: &[u8], pages: usize, dpi: u32, worn: bool) -> Result<Vec<u8>> {
    let mut file = tempfile::Builder::new().prefix("toasoan-scan-").suffix(".pdf").tempfile()?;
    file.write_all(pdf)?;
    let mut scanned = Vec::with_capacity(pages);
    for page in 1..=pages {
        scanned.push(scan_page(file.path(), page, dpi, worn)?);
    }
    scanned_pdf(scanned).context("cannot bind the scanned pages into a PDF")
}

fn scan_page(pdf: &Path, page: usize, dpi: u32, worn: bool) -> Result<ScannedPage> {
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
    if worn {
        grey = wear(&grey, page as u64);
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&grey)
        .with_context(|| format!("page {page}: cannot encode"))?;
    Ok(ScannedPage { jpeg, width: grey.width(), height: grey.height(), grey: true, dpi })
}

/// A page as a worn scanner gives it: turned by 0.3–0.8° (either way, by page), a slight blur,
/// and grain (deterministic per page, so a benchmark's archive is the same every time).
fn wear(page: &GrayImage, seed: u64) -> GrayImage {
    let degrees = 0.3 + (seed % 6) as f32 * 0.1;
    let turned = turn(page, if seed.is_multiple_of(2) { degrees } else { -degrees });
    let mut blurred = image::imageops::blur(&turned, 0.7);
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for pixel in blurred.pixels_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let grain = (state % 49) as i16 - 24;
        pixel.0[0] = (i16::from(pixel.0[0]) + grain).clamp(0, 255) as u8;
    }
    blurred
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
