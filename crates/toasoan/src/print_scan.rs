//! `generate-issues --scanned`: an issue as a scanner would make it — each page of the typeset
//! PDF drawn by poppler's `pdftoppm` at the resolution asked, in grey, kept as a JPEG, and bound
//! back into a PDF with no text layer. The OCR test archive and its test are made of these.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use toasoan_media::pdf::{ScannedPage, scanned_pdf};

const JPEG_QUALITY: u8 = 85;

/// The scanned version of `pdf` (its first `pages` pages) at `dpi`.
pub fn scan(pdf: &[u8], pages: usize, dpi: u32) -> Result<Vec<u8>> {
    let mut file = tempfile::Builder::new().prefix("toasoan-scan-").suffix(".pdf").tempfile()?;
    file.write_all(pdf)?;
    let mut scanned = Vec::with_capacity(pages);
    for page in 1..=pages {
        scanned.push(scan_page(file.path(), page, dpi)?);
    }
    scanned_pdf(scanned).context("cannot bind the scanned pages into a PDF")
}

fn scan_page(pdf: &Path, page: usize, dpi: u32) -> Result<ScannedPage> {
    let number = page.to_string();
    let output = Command::new("pdftoppm")
        .args(["-f", &number, "-l", &number, "-r", &dpi.to_string(), "-gray", "-png", "-singlefile"])
        .arg(pdf)
        .output()
        .context("cannot run pdftoppm (install Debian's poppler-utils)")?;
    if !output.status.success() {
        bail!("pdftoppm could not draw page {page}: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    let grey =
        image::load_from_memory(&output.stdout).with_context(|| format!("page {page}: no picture"))?.into_luma8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&grey)
        .with_context(|| format!("page {page}: cannot encode"))?;
    Ok(ScannedPage { jpeg, width: grey.width(), height: grey.height(), grey: true, dpi })
}
