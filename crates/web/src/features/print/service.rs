//! Where the text of an issue's PDF comes from and goes to, without HTTP types (the binary's
//! imports store pages here too). Reading a PDF is the binary's job (a child process with limits,
//! see `toasoan::pdf_text`); the server is handed that reader at construction (`Tools`). An
//! upload in the newsroom adds two jobs to the jobs table in the same transaction as the issue:
//! read the PDF's text and, when it came without a cover, draw page 1 as one (by poppler's
//! `pdftoppm`, when the binary finds it). Any node with a reader runs them; a node that dies
//! midway leaves them to another (see `crate::jobs`).

use serde::{Deserialize, Serialize};
use toasoan_media::pdf::PageText;
use toasoan_store::{Db, NewJob, NewPage, User};

use crate::SharedState;

/// The jobs table's names for reading an issue's text and drawing its cover.
pub const TEXT_JOB: &str = "print_text";
pub const COVER_JOB: &str = "print_cover";

#[derive(Debug, Serialize, Deserialize)]
struct TextJob {
    issue_id: i64,
    pdf_path: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct CoverJob {
    issue_id: i64,
    /// "Số 6 - 2022", for the picture's alt text.
    label: String,
    uploader_id: i64,
    pdf_path: String,
}

/// The jobs a newly uploaded PDF calls for: its text, and its cover when it has none.
pub fn jobs_for_new_pdf(issue_id: i64, pdf_path: &str, cover: Option<(&str, &User)>) -> Vec<NewJob> {
    let mut jobs = Vec::new();
    let text = TextJob { issue_id, pdf_path: pdf_path.to_owned() };
    if let Ok(payload) = serde_json::to_string(&text) {
        jobs.push(NewJob::now(TEXT_JOB, payload));
    }
    if let Some((label, uploader)) = cover {
        let cover =
            CoverJob { issue_id, label: label.to_owned(), uploader_id: uploader.id, pdf_path: pdf_path.to_owned() };
        if let Ok(payload) = serde_json::to_string(&cover) {
            jobs.push(NewJob::now(COVER_JOB, payload));
        }
    }
    jobs
}

/// Draws page 1 of the issue's PDF as its cover, unless it got one meanwhile; the picture goes
/// through the media library like an uploaded cover. A PDF whose page 1 cannot be drawn is not
/// an error (the issue keeps its blank cover).
pub async fn draw_cover_job(state: &SharedState, payload: &str) -> Result<(), String> {
    let job: CoverJob = serde_json::from_str(payload).map_err(|e| format!("bad cover job {payload:?}: {e}"))?;
    let reader = state.pdf.clone().ok_or("this node has no PDF reader")?;
    let pdf = state.media.get(&job.pdf_path).await.map_err(|e| format!("the issue's PDF: {e}"))?;
    let Some(png) = reader.draw_first_page(pdf.to_vec()).await? else { return Ok(()) };
    let uploader = state.db.user(job.uploader_id).await.map_err(|e| e.to_string())?.ok_or("the uploader is gone")?;
    let name = format!("bia-{}-trang-1.png", job.issue_id);
    let alt = format!("Bìa tạp chí {}", job.label);
    let item = crate::features::library::upload_image(state, &uploader, &name, png, &alt, "")
        .await
        .map_err(|e| format!("the drawn cover could not be stored: {e}"))?;
    let stored = crate::features::library::default_url(&item).unwrap_or_default();
    state.db.set_print_cover_if_none(job.issue_id, &stored).await.map_err(|e| e.to_string())?;
    state.content_changed().await;
    Ok(())
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
    db.set_print_pages(issue_id, &rows).await.map_err(|e| e.to_string())?;
    super::ocr::queue_ocr_if_needed(db, issue_id).await
}

/// Reads the text of the issue's PDF and keeps it by page.
pub async fn read_text_job(state: &SharedState, payload: &str) -> Result<(), String> {
    let job: TextJob = serde_json::from_str(payload).map_err(|e| format!("bad text job {payload:?}: {e}"))?;
    let reader = state.pdf.clone().ok_or("this node has no PDF reader")?;
    let pdf = state.media.get(&job.pdf_path).await.map_err(|e| format!("the issue's PDF: {e}"))?;
    let pages = reader.read_pages(pdf.to_vec()).await?;
    store_pages(&state.db, job.issue_id, &pages).await
}
