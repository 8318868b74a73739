//! What a server asks of an uploaded PDF, behind a trait: the binary reads PDFs in a child
//! process with limits (`toasoan::pdf_text`) and draws covers with poppler's `pdftoppm`; tests
//! read in-process. The server is handed one at construction (`toasoan_web::Tools`).

use std::future::Future;
use std::pin::Pin;

use super::PageText;

/// A reading in progress; its error says why not, in English.
pub type PdfFuture<T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send>>;

/// Reads what the site needs of a PDF.
pub trait PdfReader: Send + Sync {
    /// The text of each page (see [`super::extract_pages`]).
    fn read_pages(&self, pdf: Vec<u8>) -> PdfFuture<Vec<PageText>>;

    /// Page 1 drawn as a PNG, for an issue that came without a cover; `None` when no renderer is
    /// installed.
    fn draw_first_page(&self, pdf: Vec<u8>) -> PdfFuture<Option<Vec<u8>>>;

    /// The OCR engine and model this reader would read scans with ("tesseract 5.3.0 vie"), or
    /// `None` when none is installed (the node then leaves OCR jobs to others).
    fn ocr_engine(&self) -> Option<String> {
        None
    }

    /// Readies a PDF for reading its scanned pages one at a time (the PDF is handed over once,
    /// not once a page); `None` when no OCR engine is installed.
    fn open_for_ocr(&self, pdf: Vec<u8>) -> PdfFuture<Option<Box<dyn OcrSession>>> {
        drop(pdf);
        Box::pin(async { Ok(None) })
    }
}

/// One PDF being read by OCR.
pub trait OcrSession: Send + Sync {
    /// Page `page` (from 1), drawn and read.
    fn read_page(&self, page: u32) -> PdfFuture<OcrPage>;
}

/// What OCR made of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrPage {
    pub text: String,
    /// The engine's mean word confidence, 0–100.
    pub confidence: f32,
    /// Which engine and model ("tesseract 5.3.0 vie").
    pub engine: String,
    /// The page drawn for readers (a JPEG about 1,000 pixels wide), when the engine made one.
    pub picture: Option<Vec<u8>>,
}
