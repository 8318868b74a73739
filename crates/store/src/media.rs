//! The media library's records: what was uploaded, by whom, with its alt text and the stored
//! variants (the files themselves live in object storage).

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use crate::{Db, Result, StoreError, on_pool};

/// One stored size of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredVariant {
    pub width: u32,
    pub height: u32,
    /// Path in object storage (and under `/media/` on the site).
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaItem {
    pub id: i64,
    pub original_name: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub alt: String,
    pub caption: String,
    pub variants: Vec<StoredVariant>,
    pub uploaded_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What recording an upload needs.
#[derive(Debug, Clone)]
pub struct NewMedia<'a> {
    pub original_name: &'a str,
    pub mime: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub alt: &'a str,
    pub caption: &'a str,
    /// The account that uploaded it; `None` for command-line imports.
    pub uploaded_by: Option<i64>,
}

macro_rules! media_select {
    ($tail:literal) => {
        concat!(
            "SELECT m.id, m.original_name, m.mime, m.width, m.height, m.bytes, m.alt, m.caption, m.variants, ",
            "u.name AS uploaded_by, m.created_at FROM media m LEFT JOIN users u ON u.id = m.uploaded_by ",
            $tail
        )
    };
}

impl Db {
    /// Reserves an id for an upload whose files are about to be stored; variants come after.
    pub async fn create_media(&self, media: &NewMedia<'_>) -> Result<i64> {
        let sql = "INSERT INTO media (kind, original_name, mime, width, height, bytes, alt, caption, variants, \
             uploaded_by, created_at) VALUES ('image', $1, $2, $3, $4, $5, $6, $7, '[]', $8, $9) RETURNING id";
        let now = Utc::now().trunc_subsecs(6);
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(media.original_name).bind(media.mime)
            .bind(i64::from(media.width)).bind(i64::from(media.height)).bind(media.bytes as i64).bind(media.alt)
            .bind(media.caption).bind(media.uploaded_by).bind(now).fetch_one(pool).await)?)
    }

    pub async fn set_media_variants(&self, id: i64, variants: &[StoredVariant]) -> Result<()> {
        let json = serde_json::to_string(variants).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "UPDATE media SET variants = $1 WHERE id = $2";
        on_pool!(self, pool => sqlx::query(sql).bind(&json).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Removes a record whose files could not be stored.
    pub async fn delete_media(&self, id: i64) -> Result<()> {
        let sql = "DELETE FROM media WHERE id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn media(&self, id: i64) -> Result<Option<MediaItem>> {
        let sql = media_select!("WHERE m.id = $1");
        let row = on_pool!(self, pool => sqlx::query_as::<_, MediaRow>(sql).bind(id).fetch_optional(pool).await)?;
        row.map(MediaItem::try_from).transpose()
    }

    /// The library, newest first, optionally only items whose alt text, caption or file name
    /// contains `search` (as typed; case-insensitive for ASCII).
    pub async fn media_library(&self, search: &str, limit: i64, offset: i64) -> Result<(i64, Vec<MediaItem>)> {
        let pattern = if search.trim().is_empty() {
            String::new()
        } else {
            format!("%{}%", search.trim().to_lowercase().replace(['%', '_'], " "))
        };
        let count = "SELECT COUNT(*) FROM media m \
             WHERE ($1 = '' OR LOWER(m.alt) LIKE $1 OR LOWER(m.caption) LIKE $1 OR LOWER(m.original_name) LIKE $1)";
        let list = media_select!(
            "WHERE ($1 = '' OR LOWER(m.alt) LIKE $1 OR LOWER(m.caption) LIKE $1 OR LOWER(m.original_name) LIKE $1) \
             ORDER BY m.id DESC LIMIT $2 OFFSET $3"
        );
        on_pool!(self, pool => {
            let total: i64 = sqlx::query_scalar(count).bind(&pattern).fetch_one(pool).await?;
            let rows = sqlx::query_as::<_, MediaRow>(list).bind(&pattern).bind(limit).bind(offset).fetch_all(pool).await?;
            let items = rows.into_iter().map(MediaItem::try_from).collect::<Result<Vec<_>>>()?;
            Ok((total, items))
        })
    }
}

/// A `media` row as stored (the variants as JSON text).
#[derive(sqlx::FromRow)]
struct MediaRow {
    id: i64,
    original_name: String,
    mime: String,
    width: i64,
    height: i64,
    bytes: i64,
    alt: String,
    caption: String,
    variants: String,
    uploaded_by: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<MediaRow> for MediaItem {
    type Error = StoreError;

    fn try_from(row: MediaRow) -> Result<Self> {
        let variants =
            serde_json::from_str(&row.variants).map_err(|e| StoreError::Corrupt(format!("media variants: {e}")))?;
        Ok(MediaItem {
            id: row.id,
            original_name: row.original_name,
            mime: row.mime,
            width: row.width,
            height: row.height,
            bytes: row.bytes,
            alt: row.alt,
            caption: row.caption,
            variants,
            uploaded_by: row.uploaded_by,
            created_at: row.created_at,
        })
    }
}
