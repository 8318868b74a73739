//! Where the text of an issue's PDF comes from and goes to. Reading a PDF is the binary's job
//! (a child process with limits, see `toasoan::pdf_text`); the server is handed that reader at
//! start, so an upload in the newsroom has its text read in the background.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use toasoan_media::pdf::PageText;
use toasoan_store::{Db, NewPage};

use crate::SharedState;

pub type PdfTextFuture = Pin<Box<dyn Future<Output = Result<Vec<PageText>, String>> + Send>>;
/// Reads a PDF's pages; the error says why not, in English.
pub type PdfTextReader = Arc<dyn Fn(Vec<u8>) -> PdfTextFuture + Send + Sync>;

/// Keeps the text of each page of the issue's PDF.
pub async fn store_pages(db: &Db, issue_id: i64, pages: &[PageText]) -> Result<(), String> {
    let rows: Vec<NewPage> = pages
        .iter()
        .map(|p| NewPage {
            page: i64::from(p.page),
            text: &p.text,
            encoding: p.encoding.as_deref().unwrap_or_default(),
        })
        .collect();
    db.set_print_pages(issue_id, &rows).await.map_err(|e| e.to_string())
}

/// Reads the PDF's text in the background, if this server has a reader; failures are logged
/// (the issue stays, without searchable text).
pub fn read_in_background(state: &SharedState, issue_id: i64, pdf: Vec<u8>) {
    let Some(reader) = state.pdf_text.get().cloned() else { return };
    let db = state.db.clone();
    tokio::spawn(async move {
        let stored = match reader(pdf).await {
            Ok(pages) => store_pages(&db, issue_id, &pages).await,
            Err(error) => Err(error),
        };
        if let Err(error) = stored {
            tracing::warn!(issue = issue_id, %error, "the text of an issue's PDF could not be read");
        }
    });
}
