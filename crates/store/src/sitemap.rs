//! What sitemaps list: every published article's address parts and last change, page by page in
//! a stable order, and the newest ones for the Google News sitemap.

use chrono::{DateTime, Utc};

use crate::model::article_path;
use crate::{Db, Result, on_pool};

/// An article as a sitemap lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub path: String,
    pub title: String,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The article's picture (empty without one), for the news sitemap.
    pub image: String,
}

macro_rules! sitemap_sql {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.slug, a.title, a.published_at, a.updated_at, a.featured_image, c.slug AS cslug ",
            "FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.status = 'published'",
            $tail
        )
    };
}

/// The columns of [`sitemap_sql!`].
#[derive(sqlx::FromRow)]
struct SitemapRow {
    id: i64,
    slug: String,
    cslug: String,
    title: String,
    published_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    featured_image: String,
}

impl From<SitemapRow> for SitemapEntry {
    fn from(row: SitemapRow) -> Self {
        SitemapEntry {
            path: article_path(&row.cslug, &row.slug, row.id),
            title: row.title,
            published_at: row.published_at,
            updated_at: row.updated_at,
            image: row.featured_image,
        }
    }
}

impl Db {
    /// Published articles in id order (so a sitemap file keeps its addresses as new ones come).
    pub async fn sitemap_articles(&self, offset: i64, limit: i64) -> Result<Vec<SitemapEntry>> {
        let sql = sitemap_sql!(" ORDER BY a.id LIMIT $1 OFFSET $2");
        let rows = on_pool!(self, pool => sqlx::query_as::<_, SitemapRow>(sql).bind(limit).bind(offset).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(SitemapEntry::from).collect())
    }

    /// Articles published since `since`, newest first, at most `limit`.
    pub async fn sitemap_news(&self, since: DateTime<Utc>, limit: i64) -> Result<Vec<SitemapEntry>> {
        let sql = sitemap_sql!(" AND a.published_at >= $1 ORDER BY a.published_at DESC, a.id DESC LIMIT $2");
        let rows =
            on_pool!(self, pool => sqlx::query_as::<_, SitemapRow>(sql).bind(since).bind(limit).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(SitemapEntry::from).collect())
    }
}
