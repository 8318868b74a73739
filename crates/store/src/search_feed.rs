//! What the search index reads: the outbox of changes, and articles and print pages in the shape
//! it indexes.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use toasoan_core::Block;

use crate::{Db, Result, StoreError, on_pool};

/// An article as the search index needs it: its words and its filters.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    pub id: i64,
    pub title: String,
    pub lead: String,
    /// Paragraphs, headings, quotes and captions, one a line.
    pub body: String,
    pub category_id: i64,
    pub parent_category_id: Option<i64>,
    pub published_at: DateTime<Utc>,
    /// Only published articles are searchable; anything else is removed from the index.
    pub published: bool,
}

/// One page of a print issue as the search index needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintPageEntry {
    pub issue_id: i64,
    pub page: i64,
    pub text: String,
    /// The issue's publication date (the first of its year when unknown), for date filters.
    pub published_at: DateTime<Utc>,
}

/// What an outbox change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutboxTarget {
    Article(i64),
    /// Every page of the issue is re-read (or removed with the issue).
    PrintIssue(i64),
    Video(i64),
}

/// A clip as the search index needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VideoEntry {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
    #[sqlx(rename = "parent_id")]
    pub parent_category_id: Option<i64>,
    pub published_at: DateTime<Utc>,
    /// Only published clips are searchable.
    pub published: bool,
}

/// A change to apply to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub target: OutboxTarget,
}

/// The columns an [`IndexEntry`] is read from.
#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    title: String,
    lead: String,
    body: String,
    category_id: i64,
    parent_id: Option<i64>,
    published_at: DateTime<Utc>,
    status: String,
}

impl TryFrom<EntryRow> for IndexEntry {
    type Error = StoreError;

    fn try_from(row: EntryRow) -> Result<Self> {
        Ok(IndexEntry {
            id: row.id,
            body: body_text(row.id, &row.body)?,
            title: row.title,
            lead: row.lead,
            category_id: row.category_id,
            parent_category_id: row.parent_id,
            published_at: row.published_at,
            published: row.status == "published",
        })
    }
}

impl Db {
    /// Outbox items after `after`, oldest first.
    pub async fn outbox_after(&self, after: i64, limit: i64) -> Result<Vec<OutboxItem>> {
        let sql = "SELECT id, article_id, issue_id, video_id FROM search_outbox WHERE id > $1 ORDER BY id LIMIT $2";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(after).bind(limit).fetch_all(pool).await?;
            rows.iter().map(|r| {
                let id: i64 = r.try_get("id")?;
                let article: Option<i64> = r.try_get("article_id")?;
                let issue: Option<i64> = r.try_get("issue_id")?;
                let video: Option<i64> = r.try_get("video_id")?;
                let target = match (article, issue, video) {
                    (Some(article), _, _) => OutboxTarget::Article(article),
                    (None, Some(issue), _) => OutboxTarget::PrintIssue(issue),
                    (None, None, Some(video)) => OutboxTarget::Video(video),
                    (None, None, None) => {
                        return Err(StoreError::Corrupt(format!("search outbox item {id} names nothing")));
                    }
                };
                Ok(OutboxItem { id, target })
            }).collect()
        })
    }

    /// The newest outbox id (0 when empty): what an index built now from the articles covers.
    pub async fn last_outbox_id(&self) -> Result<i64> {
        let sql = "SELECT COALESCE(MAX(id), 0) FROM search_outbox";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// One article for the index, whatever its status; `None` if it was deleted.
    pub async fn index_entry(&self, id: i64) -> Result<Option<IndexEntry>> {
        let sql = "SELECT a.id, a.title, a.lead, a.body, a.category_id, c.parent_id, a.published_at, a.status \
             FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = $1";
        let row = on_pool!(self, pool => sqlx::query_as::<_, EntryRow>(sql).bind(id).fetch_optional(pool).await)?;
        row.map(IndexEntry::try_from).transpose()
    }

    /// Articles with an id above `after`, in id order, whatever their status (the caller skips
    /// the unpublished): a full rebuild pages through these. Filtering by status here made
    /// SQLite walk the status index and sort every published article for each page, which made
    /// a rebuild quadratic (a second per page at 85,000 articles).
    pub async fn index_entries_after(&self, after: i64, limit: i64) -> Result<Vec<IndexEntry>> {
        let sql = "SELECT a.id, a.title, a.lead, a.body, a.category_id, c.parent_id, a.published_at, a.status \
             FROM articles a JOIN categories c ON c.id = a.category_id \
             WHERE a.id > $1 ORDER BY a.id LIMIT $2";
        let rows =
            on_pool!(self, pool => sqlx::query_as::<_, EntryRow>(sql).bind(after).bind(limit).fetch_all(pool).await)?;
        rows.into_iter().map(IndexEntry::try_from).collect()
    }
}

macro_rules! print_pages_where {
    ($condition:literal) => {
        concat!(
            "SELECT p.issue_id, p.page, p.text, i.year, i.published_on \
             FROM print_pages p JOIN print_issues i ON i.id = p.issue_id WHERE TRIM(p.text) <> '' AND ",
            $condition
        )
    };
}

impl Db {
    /// The pages of an issue that have text (none if the issue was deleted).
    pub async fn print_page_entries(&self, issue_id: i64) -> Result<Vec<PrintPageEntry>> {
        let sql = print_pages_where!("p.issue_id = $1 ORDER BY p.page");
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(issue_id).fetch_all(pool).await?;
            rows.iter().map(|row| print_page_entry(row.try_get("issue_id")?, row.try_get("page")?,
                row.try_get("text")?, row.try_get("year")?, row.try_get("published_on")?)).collect()
        })
    }

    /// Pages with text after (`issue_id`, `page`), in that order: a full rebuild pages through these.
    pub async fn print_page_entries_after(&self, after: (i64, i64), limit: i64) -> Result<Vec<PrintPageEntry>> {
        let sql = print_pages_where!(
            "(p.issue_id > $1 OR (p.issue_id = $1 AND p.page > $2)) ORDER BY p.issue_id, p.page LIMIT $3"
        );
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(after.0).bind(after.1).bind(limit).fetch_all(pool).await?;
            rows.iter().map(|row| print_page_entry(row.try_get("issue_id")?, row.try_get("page")?,
                row.try_get("text")?, row.try_get("year")?, row.try_get("published_on")?)).collect()
        })
    }
}

macro_rules! video_entry_sql {
    ($where:literal) => {
        concat!(
            "SELECT v.id, v.title, v.description, v.category_id, c.parent_id, v.published_at, v.published ",
            "FROM videos v LEFT JOIN categories c ON c.id = v.category_id WHERE ",
            $where
        )
    };
}

impl Db {
    /// One clip for the index, published or not; `None` if it was deleted.
    pub async fn video_entry(&self, id: i64) -> Result<Option<VideoEntry>> {
        let sql = video_entry_sql!("v.id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as::<_, VideoEntry>(sql).bind(id).fetch_optional(pool).await)?)
    }

    /// Published clips with an id above `after`, in id order: a full rebuild pages through these.
    pub async fn video_entries_after(&self, after: i64, limit: i64) -> Result<Vec<VideoEntry>> {
        let sql = video_entry_sql!("v.id > $1 AND v.published ORDER BY v.id LIMIT $2");
        Ok(on_pool!(self, pool => sqlx::query_as::<_, VideoEntry>(sql).bind(after).bind(limit).fetch_all(pool).await)?)
    }
}

fn print_page_entry(
    issue_id: i64,
    page: i64,
    text: String,
    year: i64,
    published_on: Option<NaiveDate>,
) -> Result<PrintPageEntry> {
    let first_of_year = || NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, 1, 1);
    let date = published_on.or_else(first_of_year).unwrap_or_default();
    let published_at = vn::time::start_of_day(date);
    Ok(PrintPageEntry { issue_id, page, text, published_at })
}

fn body_text(id: i64, body: &str) -> Result<String> {
    let blocks: Vec<Block> = serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("article {id} has an unreadable body: {e}")))?;
    Ok(blocks.iter().map(Block::text).collect::<Vec<_>>().join("\n"))
}

impl Db {
    /// The search changes an index that applied up to `applied` still lacks: how many, and when
    /// the oldest was written (what a node's readiness and its search lag are judged by).
    pub async fn search_backlog(&self, applied: i64) -> Result<(i64, Option<chrono::DateTime<chrono::Utc>>)> {
        let count = "SELECT COUNT(*) FROM search_outbox WHERE id > $1";
        let oldest = "SELECT created_at FROM search_outbox WHERE id > $1 ORDER BY id LIMIT 1";
        let waiting: i64 = on_pool!(self, pool => sqlx::query_scalar(count).bind(applied).fetch_one(pool).await)?;
        let since: Option<chrono::DateTime<chrono::Utc>> =
            on_pool!(self, pool => sqlx::query_scalar(oldest).bind(applied).fetch_optional(pool).await)?;
        Ok((waiting, since))
    }
}

impl Db {
    /// The oldest change the outbox still keeps (`None` when it is empty).
    pub async fn first_outbox_id(&self) -> Result<Option<i64>> {
        let sql = "SELECT MIN(id) FROM search_outbox";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// Forgets changes written before `before`, always keeping the newest one, so that an index
    /// older than what is kept can tell (its mark is below the oldest id) and rebuild. Returns
    /// how many were removed.
    pub async fn prune_search_outbox(&self, before: chrono::DateTime<chrono::Utc>) -> Result<u64> {
        let sql = "DELETE FROM search_outbox WHERE created_at < $1 \
             AND id < (SELECT MAX(id) FROM search_outbox)";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(before).execute(pool).await.map(|r| r.rows_affected()))?)
    }
}
