//! What the newsroom reads: its dashboards and lists (any status), an article's editable
//! content, and autosaves.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;
use toasoan_core::{ArticleContent, Status};

use crate::{Db, Result, StoreError, on_pool};

/// Which articles a newsroom list shows, most recently changed first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsroomFilter {
    pub status: Option<Status>,
    /// Only this person's articles (a writer sees nothing else).
    pub author_id: Option<i64>,
    /// Words the title must contain (case-insensitive, as typed).
    pub title: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewsroomRow {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub status: Status,
    pub category_name: String,
    pub category_slug: String,
    pub author_name: Option<String>,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const LIST: &str = "SELECT a.id, a.title, a.slug, a.status, c.name AS category_name, c.slug AS category_slug, \
     u.name AS author_name, a.published_at, a.updated_at FROM articles a JOIN categories c ON c.id = a.category_id \
     LEFT JOIN users u ON u.id = a.author_id \
     WHERE ($1 = '' OR a.status = $1) AND ($2 = 0 OR a.author_id = $2) AND ($3 = '' OR LOWER(a.title) LIKE $3) \
     ORDER BY a.updated_at DESC, a.id DESC LIMIT $4 OFFSET $5";
const COUNT: &str = "SELECT COUNT(*) FROM articles a \
     WHERE ($1 = '' OR a.status = $1) AND ($2 = 0 OR a.author_id = $2) AND ($3 = '' OR LOWER(a.title) LIKE $3)";

impl Db {
    /// One page of a newsroom list and how many match in all.
    pub async fn newsroom_articles(&self, filter: &NewsroomFilter) -> Result<(i64, Vec<NewsroomRow>)> {
        let status = filter.status.map_or("", |s| s.as_str());
        let author = filter.author_id.unwrap_or(0);
        let title = filter.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).map_or(String::new(), |t| {
            let escaped = t.to_lowercase().replace(['%', '_'], " ");
            format!("%{escaped}%")
        });
        on_pool!(self, pool => {
            let total: i64 = sqlx::query_scalar(COUNT).bind(status).bind(author).bind(&title).fetch_one(pool).await?;
            let rows = sqlx::query(LIST).bind(status).bind(author).bind(&title).bind(filter.limit).bind(filter.offset)
                .fetch_all(pool).await?;
            let rows = rows.iter().map(|row| {
                let status: String = row.try_get("status")?;
                Ok(NewsroomRow {
                    id: row.try_get("id")?,
                    title: row.try_get("title")?,
                    slug: row.try_get("slug")?,
                    status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
                    category_name: row.try_get("category_name")?,
                    category_slug: row.try_get("category_slug")?,
                    author_name: row.try_get("author_name")?,
                    published_at: row.try_get("published_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }).collect::<Result<Vec<_>>>()?;
            Ok((total, rows))
        })
    }

    /// The article's editable content, as the editor opens it.
    pub async fn article_content(&self, id: i64) -> Result<Option<ArticleContent>> {
        let Some(article) = self.article(id).await? else { return Ok(None) };
        let sql = "SELECT seo_title, seo_description, featured_image FROM articles WHERE id = $1";
        let (seo_title, seo_description, featured_image): (String, String, String) =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_one(pool).await)?;
        Ok(Some(ArticleContent {
            title: article.title,
            lead: article.lead,
            category_id: article.category.id,
            tags: article.tags.into_iter().map(|t| t.name).collect(),
            blocks: article.blocks,
            byline: article.byline,
            slug: article.slug,
            seo_title,
            seo_description,
            featured_image,
            featured: article.featured,
        }))
    }

    /// Keeps the editor's latest text for this person and article (0: not created yet).
    pub async fn autosave(&self, user_id: i64, article_id: i64, content: &str) -> Result<DateTime<Utc>> {
        let now = Utc::now().trunc_subsecs(6);
        let sql = "INSERT INTO autosaves (user_id, article_id, content, saved_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, article_id) DO UPDATE SET content = excluded.content, saved_at = excluded.saved_at";
        on_pool!(self, pool => sqlx::query(sql).bind(user_id).bind(article_id).bind(content).bind(now)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(now)
    }

    /// The autosaved text and when it was saved.
    pub async fn autosaved(&self, user_id: i64, article_id: i64) -> Result<Option<(String, DateTime<Utc>)>> {
        let sql = "SELECT content, saved_at FROM autosaves WHERE user_id = $1 AND article_id = $2";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(user_id).bind(article_id).fetch_optional(pool).await)?)
    }

    pub async fn clear_autosave(&self, user_id: i64, article_id: i64) -> Result<()> {
        let sql = "DELETE FROM autosaves WHERE user_id = $1 AND article_id = $2";
        on_pool!(self, pool => sqlx::query(sql).bind(user_id).bind(article_id).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
