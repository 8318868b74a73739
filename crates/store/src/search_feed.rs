//! What the search index reads: the outbox of changes, and articles in the shape it indexes.

use chrono::{DateTime, Utc};
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

/// A change to apply to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub article_id: i64,
}

macro_rules! entry_from_row {
    ($row:expr) => {{
        let id: i64 = $row.try_get("id")?;
        let body: String = $row.try_get("body")?;
        let status: String = $row.try_get("status")?;
        IndexEntry {
            id,
            title: $row.try_get("title")?,
            lead: $row.try_get("lead")?,
            body: body_text(id, &body)?,
            category_id: $row.try_get("category_id")?,
            parent_category_id: $row.try_get("parent_id")?,
            published_at: $row.try_get("published_at")?,
            published: status == "published",
        }
    }};
}

impl Db {
    /// Outbox items after `after`, oldest first.
    pub async fn outbox_after(&self, after: i64, limit: i64) -> Result<Vec<OutboxItem>> {
        let sql = "SELECT id, article_id FROM search_outbox WHERE id > $1 ORDER BY id LIMIT $2";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(after).bind(limit).fetch_all(pool).await?;
            rows.iter().map(|r| Ok(OutboxItem { id: r.try_get("id")?, article_id: r.try_get("article_id")? })).collect()
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
        on_pool!(self, pool => {
            let row = sqlx::query(sql).bind(id).fetch_optional(pool).await?;
            row.map(|row| Ok(entry_from_row!(row))).transpose()
        })
    }

    /// Published articles with an id above `after`, in id order: a full rebuild pages through these.
    pub async fn index_entries_after(&self, after: i64, limit: i64) -> Result<Vec<IndexEntry>> {
        let sql = "SELECT a.id, a.title, a.lead, a.body, a.category_id, c.parent_id, a.published_at, a.status \
             FROM articles a JOIN categories c ON c.id = a.category_id \
             WHERE a.id > $1 AND a.status = 'published' ORDER BY a.id LIMIT $2";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(after).bind(limit).fetch_all(pool).await?;
            rows.iter().map(|row| Ok(entry_from_row!(row))).collect()
        })
    }
}

fn body_text(id: i64, body: &str) -> Result<String> {
    let blocks: Vec<Block> = serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("article {id} has an unreadable body: {e}")))?;
    Ok(blocks.iter().map(Block::text).collect::<Vec<_>>().join("\n"))
}
