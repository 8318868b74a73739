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
}
