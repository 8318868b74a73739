//! Where the text of an issue's PDF comes from and goes to, without HTTP types (the binary's
//! imports store pages here too). Reading a PDF is the binary's job (a child process with limits,
//! see `toasoan::pdf_text`); the server is handed that reader at construction (`Tools`), so an upload in the newsroom has its text read in the background — and, when it comes
//! without a cover, page 1 drawn as one (by poppler's `pdftoppm`, when the binary finds it).

use toasoan_media::pdf::PageText;
use toasoan_store::{Db, NewPage, User};

use crate::SharedState;

/// Draws page 1 of the issue's PDF (at `pdf_path` in the media store) as its cover in the
/// background, when this server has a drawer; the picture goes through the media library like
/// an uploaded cover.
pub fn draw_cover_in_background(state: &SharedState, issue_id: i64, label: String, uploader: User, pdf_path: String) {
    let Some(reader) = state.pdf.clone() else { return };
    let state = state.clone();
    tokio::spawn(async move {
        let pdf = match state.media.get(&pdf_path).await {
            Ok(pdf) => pdf.to_vec(),
            Err(error) => {
                tracing::warn!(issue = issue_id, %error, "the issue's PDF could not be read back to draw its cover");
                return;
            }
        };
        let png = match reader.draw_first_page(pdf).await {
            Ok(Some(png)) => png,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(issue = issue_id, %error, "page 1 of an issue's PDF could not be drawn");
                return;
            }
        };
        let alt = format!("Bìa tạp chí {label}");
        let name = format!("bia-{issue_id}-trang-1.png");
        let stored = match crate::features::library::upload_image(&state, &uploader, &name, png, &alt, "").await {
            Ok(item) => crate::features::library::default_url(&item).unwrap_or_default(),
            Err(error) => {
                tracing::warn!(issue = issue_id, %error, "the drawn cover could not be stored");
                return;
            }
        };
        match state.db.set_print_cover_if_none(issue_id, &stored).await {
            Ok(_) => state.content_changed().await,
            Err(error) => tracing::warn!(issue = issue_id, %error, "the drawn cover could not be saved"),
        }
    });
}

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

/// Reads the text of the PDF at `pdf_path` in the media store in the background, if this server
/// has a reader; failures are logged (the issue stays, without searchable text).
pub fn read_in_background(state: &SharedState, issue_id: i64, pdf_path: String) {
    let Some(reader) = state.pdf.clone() else { return };
    let (db, media) = (state.db.clone(), state.media.clone());
    tokio::spawn(async move {
        let pdf = match media.get(&pdf_path).await {
            Ok(pdf) => pdf.to_vec(),
            Err(error) => {
                tracing::warn!(issue = issue_id, %error, "the issue's PDF could not be read back");
                return;
            }
        };
        let stored = match reader.read_pages(pdf).await {
            Ok(pages) => store_pages(&db, issue_id, &pages).await,
            Err(error) => Err(error),
        };
        if let Err(error) = stored {
            tracing::warn!(issue = issue_id, %error, "the text of an issue's PDF could not be read");
        }
    });
}
