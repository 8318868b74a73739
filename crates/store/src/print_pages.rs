//! The text of each page of an issue's PDF, as the extractor found it.

use serde::Serialize;

use crate::{Db, Result, on_pool, on_tx};

/// One page to store: its number (from 1), its text (empty without a text layer), and the legacy
/// encoding it was converted from (empty if none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPage<'a> {
    pub page: i64,
    pub text: &'a str,
    pub encoding: &'a str,
}

/// What OCR read on one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrText<'a> {
    pub text: &'a str,
    /// Mean word confidence, 0–100.
    pub confidence: f32,
    /// "tesseract 5.3.0 vie".
    pub engine: &'a str,
    /// The page as a picture for readers, in the media store ("" when none was made).
    pub picture: &'a str,
}

/// What the newsroom is told about an issue's PDF text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PagesSummary {
    pub pages: i64,
    /// Pages with no text layer (scans), which only OCR could read.
    pub without_text: i64,
    /// Pages converted from a legacy Vietnamese encoding.
    pub converted: i64,
    /// Pages whose text OCR made (of `without_text + ocr` scanned pages).
    pub ocr: i64,
}

impl Db {
    /// Replaces the issue's pages (and has search re-read them).
    pub async fn set_print_pages(&self, issue_id: i64, pages: &[NewPage<'_>]) -> Result<()> {
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, conn => sqlx::query("DELETE FROM print_pages WHERE issue_id = $1").bind(issue_id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        let sql = "INSERT INTO print_pages (issue_id, page, text, encoding) VALUES ($1, $2, $3, $4)";
        for page in pages {
            on_tx!(&mut tx, conn => sqlx::query(sql).bind(issue_id).bind(page.page).bind(page.text)
                .bind(page.encoding).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        tx.queue_print_issue_for_search(issue_id).await?;
        // The issue's page offers a search inside it once it has text.
        tx.bump_content_version().await?;
        tx.commit().await
    }

    pub async fn print_pages_summary(&self, issue_id: i64) -> Result<PagesSummary> {
        let sql = "SELECT COUNT(*), \
             COALESCE(SUM(CASE WHEN TRIM(text) = '' AND source = 'pdf' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN encoding <> '' THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN source = 'ocr' THEN 1 ELSE 0 END), 0) \
             FROM print_pages WHERE issue_id = $1";
        let (pages, without_text, converted, ocr): (i64, i64, i64, i64) =
            on_pool!(self, pool => sqlx::query_as(sql).bind(issue_id).fetch_one(pool).await)?;
        Ok(PagesSummary { pages, without_text, converted, ocr })
    }

    /// The issue's pages that only OCR can read: no text layer, not read yet, not typed by hand.
    pub async fn pages_to_ocr(&self, issue_id: i64) -> Result<Vec<i64>> {
        let sql =
            "SELECT page FROM print_pages WHERE issue_id = $1 AND source = 'pdf' AND TRIM(text) = '' ORDER BY page";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(issue_id).fetch_all(pool).await)?)
    }

    /// Keeps what OCR read on one page (never over a page corrected by hand). Search and the
    /// pages see it at the next [`Db::publish_print_pages`]: the job calls that every few pages,
    /// not after each, since each call re-indexes the whole issue and refreshes every node's
    /// page cache. False when the page is not there to take it.
    pub async fn set_ocr_page(&self, issue_id: i64, page: i64, read: &OcrText<'_>) -> Result<bool> {
        let sql = "UPDATE print_pages SET text = $3, source = 'ocr', confidence = $4, engine = $5, picture = $6 \
             WHERE issue_id = $1 AND page = $2 AND source <> 'hand'";
        let changed = on_pool!(self, pool => sqlx::query(sql).bind(issue_id).bind(page).bind(read.text)
            .bind(read.confidence).bind(read.engine).bind(read.picture).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(changed > 0)
    }

    /// Has search re-read the issue's pages and every node render its pages anew.
    pub async fn publish_print_pages(&self, issue_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.queue_print_issue_for_search(issue_id).await?;
        tx.bump_content_version().await?;
        tx.commit().await
    }

    /// Pages with text in the whole print archive (what search indexes of it).
    pub async fn print_pages_with_text(&self) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM print_pages WHERE TRIM(text) <> ''";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// One page's text, if the issue has that page.
    pub async fn print_page_text(&self, issue_id: i64, page: i64) -> Result<Option<String>> {
        let sql = "SELECT text FROM print_pages WHERE issue_id = $1 AND page = $2";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(issue_id).bind(page).fetch_optional(pool).await)?)
    }
}

/// A page whose text is not the PDF's own: a scan, read by OCR or not yet, or typed by hand.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ScannedPage {
    pub page: i64,
    /// `pdf` (not read yet), `ocr` or `hand`.
    pub source: String,
    pub confidence: Option<f32>,
    pub engine: String,
    /// Media path of the page drawn for readers; empty when none was made.
    pub picture: String,
    pub text: String,
}

impl Db {
    /// The issue's scanned pages, in order, without their text (a list of 1,000 pages stays
    /// small).
    pub async fn scanned_pages(&self, issue_id: i64) -> Result<Vec<ScannedPage>> {
        let sql = "SELECT page, source, confidence, engine, picture, '' AS text FROM print_pages WHERE issue_id = $1 \
             AND (source <> 'pdf' OR TRIM(text) = '') ORDER BY page";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(issue_id).fetch_all(pool).await)?)
    }

    /// One page with where its text came from.
    pub async fn print_page(&self, issue_id: i64, page: i64) -> Result<Option<ScannedPage>> {
        let sql =
            "SELECT page, source, confidence, engine, picture, text FROM print_pages WHERE issue_id = $1 AND page = $2";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(issue_id).bind(page).fetch_optional(pool).await)?)
    }

    /// Keeps a page's text as corrected by hand: OCR never reads it again. False when there is
    /// no such page.
    pub async fn set_hand_page(&self, issue_id: i64, page: i64, text: &str) -> Result<bool> {
        let mut tx = self.begin().await?;
        let sql = "UPDATE print_pages SET text = $3, source = 'hand' WHERE issue_id = $1 AND page = $2";
        let changed = on_tx!(&mut tx, conn => sqlx::query(sql).bind(issue_id).bind(page).bind(text)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.queue_print_issue_for_search(issue_id).await?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// Forgets what OCR read in the issue (pages corrected by hand stay), so it is read again.
    pub async fn reset_ocr_pages(&self, issue_id: i64) -> Result<u64> {
        let sql = "UPDATE print_pages SET text = '', source = 'pdf', confidence = NULL, engine = '' \
             WHERE issue_id = $1 AND source = 'ocr'";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(issue_id).execute(pool).await.map(|r| r.rows_affected()))?)
    }
}
