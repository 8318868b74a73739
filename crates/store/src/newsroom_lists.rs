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
    /// Reader comments shown on the article, and those waiting for a moderator.
    pub approved_comments: i64,
    pub pending_comments: i64,
}

/// The columns of a newsroom row; the `WHERE` is assembled from the filters in use, because a
/// condition like `($1 = '' OR status = $1)` keeps both engines from using their indexes.
const LIST_COLUMNS: &str = "SELECT a.id, a.title, a.slug, a.status, c.name AS category_name, \
     c.slug AS category_slug, u.name AS author_name, a.published_at, a.updated_at, \
     (SELECT COUNT(*) FROM comments m WHERE m.article_id = a.id AND m.status = 'approved' AND m.parent_id IS NULL) \
     AS approved_comments, \
     (SELECT COUNT(*) FROM comments m WHERE m.article_id = a.id AND m.status = 'pending') AS pending_comments \
     FROM articles a JOIN categories c ON c.id = a.category_id LEFT JOIN users u ON u.id = a.author_id";

/// `WHERE …` with `$1…` placeholders for the filters in use, and how many there are.
fn where_clause(filter: &NewsroomFilter, title: &str) -> (String, usize) {
    let mut conditions = Vec::new();
    if filter.status.is_some() {
        conditions.push(format!("a.status = ${}", conditions.len() + 1));
    }
    if filter.author_id.is_some() {
        conditions.push(format!("a.author_id = ${}", conditions.len() + 1));
    }
    if !title.is_empty() {
        conditions.push(format!("LOWER(a.title) LIKE ${}", conditions.len() + 1));
    }
    let count = conditions.len();
    if conditions.is_empty() { (String::new(), 0) } else { (format!(" WHERE {}", conditions.join(" AND ")), count) }
}

/// Binds the filters in use, in the order [`where_clause`] numbered them.
macro_rules! bind_filters {
    ($query:expr, $filter:expr, $title:expr) => {{
        let mut query = $query;
        if let Some(status) = $filter.status {
            query = query.bind(status.as_str());
        }
        if let Some(author) = $filter.author_id {
            query = query.bind(author);
        }
        if !$title.is_empty() {
            query = query.bind($title.clone());
        }
        query
    }};
}

/// Published articles in publishing order (newest first), scheduled ones by the time they go
/// out (soonest first), the rest by their last edit: a typo fixed in an old article must not
/// put it at the top of "Mới xuất bản".
fn order(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Published) => "a.published_at DESC, a.id DESC",
        Some(Status::Scheduled) => "a.published_at ASC, a.id ASC",
        _ => "a.updated_at DESC, a.id DESC",
    }
}

impl Db {
    /// One page of a newsroom list, and whether more follow. There is no total: counting 100,000
    /// rows costs more than the page itself, and the newsroom needs "next page", not a number.
    pub async fn newsroom_articles(&self, filter: &NewsroomFilter) -> Result<(bool, Vec<NewsroomRow>)> {
        let title = filter.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).map_or(String::new(), |t| {
            let escaped = t.to_lowercase().replace(['%', '_'], " ");
            format!("%{escaped}%")
        });
        let (conditions, used) = where_clause(filter, &title);
        // Only fixed fragments and numbered placeholders are assembled: no value enters the SQL.
        let list = format!(
            "{LIST_COLUMNS}{conditions} ORDER BY {} LIMIT ${} OFFSET ${}",
            order(filter.status),
            used + 1,
            used + 2
        );
        on_pool!(self, pool => {
            let rows = bind_filters!(sqlx::query(sqlx::AssertSqlSafe(list)), filter, title)
                .bind(filter.limit + 1).bind(filter.offset).fetch_all(pool).await?;
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
                    approved_comments: row.try_get("approved_comments")?,
                    pending_comments: row.try_get("pending_comments")?,
                })
            }).collect::<Result<Vec<_>>>()?;
            let more = rows.len() as i64 > filter.limit;
            Ok((more, rows.into_iter().take(filter.limit.max(0) as usize).collect()))
        })
    }

    /// The article's editable content, as the editor opens it, and when it was last saved.
    pub async fn article_content(&self, id: i64) -> Result<Option<(ArticleContent, DateTime<Utc>)>> {
        let Some(article) = self.article(id).await? else { return Ok(None) };
        let updated_at = article.updated_at;
        Ok(Some((
            ArticleContent {
                title: article.title,
                lead: article.lead,
                category_id: article.category.id,
                tags: article.tags.into_iter().map(|t| t.name).collect(),
                blocks: article.blocks,
                byline: article.byline,
                authors: article.authors.into_iter().map(|a| a.slug).collect(),
                slug: article.slug,
                seo_title: article.seo_title,
                seo_description: article.seo_description,
                featured_image: article.featured_image,
                featured_focus: article.featured_meta.focus,
                featured_sizes: article.featured_meta.sizes,
                featured: article.featured,
            },
            updated_at,
        )))
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
