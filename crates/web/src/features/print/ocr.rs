//! Scanned pages read by OCR, as a job: when an issue's text is stored and some pages had no
//! text layer, an OCR job is added (one per issue: a dedupe key). A node with an OCR engine
//! (see `toasoan::ocr`) claims it and reads the pages one at a time, storing each as it goes,
//! so a node that dies midway leaves only the pages not yet read to the next; a page corrected
//! by hand is never read again. The newsroom shows how far it got.

use serde::{Deserialize, Serialize};
use toasoan_store::{Db, NewJob, OcrText};

use crate::SharedState;

/// The jobs table's name for reading an issue's scanned pages.
pub const OCR_JOB: &str = "print_ocr";
/// Pages read between two publications to search and the page caches: a long scan becomes
/// searchable as it goes without re-indexing the whole issue after every page.
const PUBLISH_EVERY: usize = 10;

#[derive(Debug, Serialize, Deserialize)]
struct OcrJob {
    issue_id: i64,
}

/// One OCR job per issue waits at a time.
pub fn ocr_job_key(issue_id: i64) -> String {
    format!("{OCR_JOB}:{issue_id}")
}

/// Adds the issue's OCR job if it has pages only OCR can read.
pub async fn queue_ocr_if_needed(db: &Db, issue_id: i64) -> Result<(), String> {
    if db.pages_to_ocr(issue_id).await.map_err(|e| e.to_string())?.is_empty() {
        return Ok(());
    }
    let payload = serde_json::to_string(&OcrJob { issue_id }).map_err(|e| e.to_string())?;
    let mut job = NewJob::now(OCR_JOB, payload);
    job.dedupe_key = Some(ocr_job_key(issue_id));
    db.add_job(&job).await.map_err(|e| e.to_string())
}

/// Reads the issue's pages that need it. A page that fails is skipped and named in the error
/// at the end (the job is tried again later, for those pages only).
pub async fn ocr_job(state: &SharedState, payload: &str) -> Result<(), String> {
    let job: OcrJob = serde_json::from_str(payload).map_err(|e| format!("bad OCR job {payload:?}: {e}"))?;
    let pages = state.db.pages_to_ocr(job.issue_id).await.map_err(|e| e.to_string())?;
    if pages.is_empty() {
        return Ok(());
    }
    let reader = state.pdf.clone().ok_or("this node has no PDF reader")?;
    let issue = state.db.print_issue(job.issue_id).await.map_err(|e| e.to_string())?.ok_or("the issue is gone")?;
    let pdf = state.media.get(&issue.pdf_path).await.map_err(|e| format!("the issue's PDF: {e}"))?;
    let session = reader.open_for_ocr(pdf.to_vec()).await?.ok_or("this node has no OCR engine")?;
    let mut failed = Vec::new();
    for (done, page) in pages.into_iter().enumerate() {
        if done > 0 && done % PUBLISH_EVERY == 0 {
            publish(state, job.issue_id).await?;
        }
        let number = u32::try_from(page).map_err(|_| format!("page {page} is out of range"))?;
        match session.read_page(number).await {
            Ok(read) => {
                let picture = store_picture(state, job.issue_id, page, read.picture).await;
                let text =
                    OcrText { text: &read.text, confidence: read.confidence, engine: &read.engine, picture: &picture };
                state.db.set_ocr_page(job.issue_id, page, &text).await.map_err(|e| e.to_string())?;
            }
            Err(error) => {
                tracing::warn!(issue = job.issue_id, page, %error, "OCR could not read a page");
                failed.push(format!("page {page}: {error}"));
            }
        }
    }
    publish(state, job.issue_id).await?;
    if failed.is_empty() { Ok(()) } else { Err(failed.join("; ")) }
}

/// Has search re-read the pages read so far and every node's page cache refreshed — this
/// node's at once, the others' at their next look at the content version.
async fn publish(state: &SharedState, issue_id: i64) -> Result<(), String> {
    state.db.publish_print_pages(issue_id).await.map_err(|e| e.to_string())?;
    state.content_changed().await;
    Ok(())
}

/// Keeps the page's picture for readers; its path, or "" when there is none or it could not be
/// stored (the text matters more: it is kept either way). A new name each time, since media
/// files are cached as never changing.
async fn store_picture(state: &SharedState, issue_id: i64, page: i64, picture: Option<Vec<u8>>) -> String {
    let Some(bytes) = picture else { return String::new() };
    let Ok(token) = crate::kernel::random::new_token() else { return String::new() };
    let path = format!("print/pages/{issue_id}/trang-{page}-{}.jpg", &token[..8]);
    match state.media.put(&path, bytes).await {
        Ok(()) => path,
        Err(error) => {
            tracing::warn!(issue_id, page, %error, "the page's picture could not be stored");
            String::new()
        }
    }
}

/// What the newsroom says about an issue's OCR.
#[derive(Debug, Serialize)]
pub struct OcrStatus {
    /// This node's engine; `None` when Tesseract is not installed here.
    pub engine: Option<String>,
    /// The issue's OCR job: `waiting`, `running`, `done`, `failed`, or `None` if it never had one.
    pub job: Option<String>,
    pub error: String,
}

pub async fn ocr_status(state: &SharedState, issue_id: i64) -> OcrStatus {
    let engine = state.pdf.as_ref().and_then(|reader| reader.ocr_engine());
    let (job, error) = match state.db.job_state(&ocr_job_key(issue_id)).await {
        Ok(Some((job, error))) => (Some(job), error),
        Ok(None) => (None, String::new()),
        Err(error) => (None, error.to_string()),
    };
    OcrStatus { engine, job, error }
}
