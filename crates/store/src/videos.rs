//! Video clips as stored: title, description, category, poster, duration, publication, and the
//! source (a file in object storage, or a provider's link). Every change bumps the content
//! version: the "Video clips" box is on the home and article pages.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use crate::{Db, Result, StoreError, on_pool, on_tx};

/// Where a clip plays from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum VideoSource {
    /// An MP4 or WebM file in object storage.
    File { path: String, bytes: i64, mime: String },
    /// A provider's link (read by `toasoan_core::video::Embed`).
    Embed { url: String },
}

/// What the newsroom edits about a clip; saving replaces all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoFields {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
    pub poster_url: String,
    pub duration_seconds: Option<i64>,
    pub source: VideoSource,
    pub published: bool,
    pub published_at: DateTime<Utc>,
}

/// A clip as read, with its category's name and slug when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Video {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub category: Option<(i64, String, String)>,
    pub poster_url: String,
    pub duration_seconds: Option<i64>,
    pub source: VideoSource,
    pub published: bool,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Video {
    /// The clip's public address: `/video/{slug}-{id}`.
    pub fn path(&self) -> String {
        format!("/video/{}-{}", self.slug, self.id)
    }
}

/// Which clips a list shows, newest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VideoFilter {
    /// This category and its children.
    pub category: Option<i64>,
    /// Drafts too (the newsroom's list).
    pub drafts: bool,
    /// Leave out this clip (a clip's "related" list).
    pub except: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

const COLUMNS: &str = "SELECT v.id, v.slug, v.title, v.description, v.category_id, c.name AS cname, c.slug AS cslug, \
     v.poster_url, v.duration_seconds, v.source_kind, v.file_path, v.file_bytes, v.file_type, v.embed_url, \
     v.published, v.published_at, v.updated_at FROM videos v LEFT JOIN categories c ON c.id = v.category_id";

/// Conditions of a list; `$1` category, `$2` drafts too, `$3` the clip left out (0: none).
const WHERE: &str = " WHERE ($2 OR v.published) AND v.id <> $3 \
     AND ($1 = 0 OR v.category_id IN (SELECT id FROM categories WHERE id = $1 OR parent_id = $1))";

impl Db {
    /// Creates (`id` None) or replaces a clip; `None` back when `id` names no clip.
    pub async fn save_video(&self, id: Option<i64>, fields: &VideoFields) -> Result<Option<i64>> {
        let now = Utc::now().trunc_subsecs(6);
        let (kind, path, bytes, mime, url) = match &fields.source {
            VideoSource::File { path, bytes, mime } => ("file", path.as_str(), *bytes, mime.as_str(), ""),
            VideoSource::Embed { url } => ("embed", "", 0, "", url.as_str()),
        };
        let published_at = fields.published_at.trunc_subsecs(6);
        let mut tx = self.begin().await?;
        let saved: Option<i64> = match id {
            None => {
                let sql = "INSERT INTO videos (slug, title, description, category_id, poster_url, duration_seconds, \
                     source_kind, file_path, file_bytes, file_type, embed_url, published, published_at, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id";
                Some(on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(&fields.slug).bind(&fields.title)
                    .bind(&fields.description).bind(fields.category_id).bind(&fields.poster_url)
                    .bind(fields.duration_seconds).bind(kind).bind(path).bind(bytes).bind(mime).bind(url)
                    .bind(fields.published).bind(published_at).bind(now).fetch_one(conn).await)?)
            }
            Some(id) => {
                let sql = "UPDATE videos SET slug = $1, title = $2, description = $3, category_id = $4, poster_url = $5, \
                     duration_seconds = $6, source_kind = $7, file_path = $8, file_bytes = $9, file_type = $10, \
                     embed_url = $11, published = $12, published_at = $13, updated_at = $14 WHERE id = $15 RETURNING id";
                on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(&fields.slug).bind(&fields.title)
                    .bind(&fields.description).bind(fields.category_id).bind(&fields.poster_url)
                    .bind(fields.duration_seconds).bind(kind).bind(path).bind(bytes).bind(mime).bind(url)
                    .bind(fields.published).bind(published_at).bind(now).bind(id).fetch_optional(conn).await)?
            }
        };
        if let Some(saved) = saved {
            tx.queue_video_for_search(saved).await?;
        }
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(saved)
    }

    pub async fn delete_video(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let deleted = on_tx!(&mut tx, conn => sqlx::query("DELETE FROM videos WHERE id = $1").bind(id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.queue_video_for_search(id).await?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(deleted > 0)
    }

    /// One clip, published or not (callers decide who may see it).
    pub async fn video(&self, id: i64) -> Result<Option<Video>> {
        let sql = format!("{COLUMNS} WHERE v.id = $1");
        let row = on_pool!(self, pool =>
            sqlx::query_as::<_, VideoRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await)?;
        row.map(Video::try_from).transpose()
    }

    /// A page of clips, newest first, and how many the filter finds in all.
    pub async fn videos(&self, filter: &VideoFilter) -> Result<(i64, Vec<Video>)> {
        let count_sql = format!("SELECT COUNT(*) FROM videos v{WHERE}");
        let list_sql = format!("{COLUMNS}{WHERE} ORDER BY v.published_at DESC, v.id DESC LIMIT $4 OFFSET $5");
        let (category, except) = (filter.category.unwrap_or(0), filter.except.unwrap_or(0));
        on_pool!(self, pool => {
            let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)).bind(category).bind(filter.drafts)
                .bind(except).fetch_one(pool).await?;
            let rows = sqlx::query_as::<_, VideoRow>(sqlx::AssertSqlSafe(list_sql)).bind(category).bind(filter.drafts)
                .bind(except).bind(filter.limit).bind(filter.offset).fetch_all(pool).await?;
            let videos = rows.into_iter().map(Video::try_from).collect::<Result<Vec<Video>>>()?;
            Ok((total, videos))
        })
    }
}

/// A `videos` row with its category's name and slug (the source as its kind and columns).
#[derive(sqlx::FromRow)]
struct VideoRow {
    id: i64,
    slug: String,
    title: String,
    description: String,
    category_id: Option<i64>,
    cname: Option<String>,
    cslug: Option<String>,
    poster_url: String,
    duration_seconds: Option<i64>,
    source_kind: String,
    file_path: Option<String>,
    file_bytes: Option<i64>,
    file_type: Option<String>,
    embed_url: Option<String>,
    published: bool,
    published_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<VideoRow> for Video {
    type Error = StoreError;

    fn try_from(row: VideoRow) -> Result<Self> {
        let id = row.id;
        let corrupt =
            || StoreError::Corrupt(format!("video {id} has the source kind {:?} without its columns", row.source_kind));
        let source = match row.source_kind.as_str() {
            "file" => match (row.file_path, row.file_bytes, row.file_type) {
                (Some(path), Some(bytes), Some(mime)) => VideoSource::File { path, bytes, mime },
                _ => return Err(corrupt()),
            },
            "embed" => VideoSource::Embed { url: row.embed_url.ok_or_else(corrupt)? },
            other => return Err(StoreError::Corrupt(format!("video {id} has the source kind {other:?}"))),
        };
        let category = match (row.category_id, row.cname, row.cslug) {
            (Some(cid), Some(name), Some(slug)) => Some((cid, name, slug)),
            _ => None,
        };
        Ok(Video {
            id,
            slug: row.slug,
            title: row.title,
            description: row.description,
            category,
            poster_url: row.poster_url,
            duration_seconds: row.duration_seconds,
            source,
            published: row.published,
            published_at: row.published_at,
            updated_at: row.updated_at,
        })
    }
}
