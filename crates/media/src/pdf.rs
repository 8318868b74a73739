//! Text of a PDF, page by page, in Unicode: what the print archive searches. Old issues were
//! typeset with legacy Vietnamese fonts (TCVN3, VNI, VISCII), whose text comes out as Latin-1
//! gibberish ("Hµ Néi"); each page is recognised and converted (`vn::legacy`). A page with no
//! text layer (a scan) is kept as such: nothing here reads images.
//!
//! Parsing a hostile PDF can take unbounded time or memory, or panic inside the parser: call
//! this only in a child process with limits (the binary's `extract-pdf`), never in the server.

mod cover;
pub mod layout;
mod reader;
mod scan;
mod unicode;
mod write;

use serde::{Deserialize, Serialize};

pub use cover::{Cover, magazine_pdf};
pub use reader::{OcrPage, OcrSession, PdfFuture, PdfReader};
pub use scan::{ScannedPage, scanned_pdf};
pub use unicode::{WriteError, unicode_pdf};
pub use write::simple_pdf;

/// One page's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageText {
    /// From 1.
    pub page: u32,
    /// NFC Unicode; empty for a page without a text layer.
    pub text: String,
    /// The legacy encoding the text was found in and converted from, if any.
    pub encoding: Option<String>,
}

impl PageText {
    pub fn has_text(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a PDF (it does not start with %PDF-)")]
    NotPdf,
    #[error("the PDF cannot be read: {0}")]
    Unreadable(String),
}

/// Every page's text.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<PageText>, PdfError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| PdfError::Unreadable("the parser gave up on its structure".to_owned()))?
        .map_err(|e| PdfError::Unreadable(e.to_string()))?;
    Ok(pages
        .iter()
        .enumerate()
        .map(|(index, raw)| {
            let tidy = tidy(raw);
            let (text, encoding) = vn::legacy::to_unicode(&tidy);
            PageText { page: index as u32 + 1, text: vn::nfc(&text), encoding: encoding.map(|e| e.name().to_owned()) }
        })
        .collect())
}

/// Lines trimmed, runs of blank lines collapsed: extractors pad pages generously.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = false;
    for line in raw.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests;
