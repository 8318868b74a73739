//! The newsroom's writes: articles created and saved by people, each save kept as a revision,
//! each workflow step recorded with who, when and why.
//!
//! A step is one conditional `UPDATE … WHERE status = <the status the caller saw>`, so two
//! people (or two nodes' schedulers) racing on the same article cannot both win: the loser
//! changes nothing and is told so.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;
use toasoan_core::{ArticleAccess, ArticleContent, Block, Status};

use crate::model::{FeaturedMeta, excerpt};
use crate::{Db, Result, StoreError, Tx, on_pool, on_tx};

/// A workflow step to record.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub article_id: i64,
    pub from: Status,
    pub to: Status,
    /// Publication time: now for "published", the chosen time for "scheduled".
    pub at: Option<DateTime<Utc>>,
    pub user_id: Option<i64>,
    pub note: &'a str,
}

/// One recorded step of an article's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleEvent {
    pub from: Status,
    pub to: Status,
    pub user_name: Option<String>,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// A saved state of an article's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub id: i64,
    pub article_id: i64,
    pub user_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub content: ArticleContent,
}

/// How long a preview link works after it is made.
pub const PREVIEW_LIFETIME: chrono::Duration = chrono::Duration::days(7);

impl Db {
    /// Creates a draft by `author_id`; the first revision is its content as created.
    pub async fn create_article(&self, author_id: i64, content: &ArticleContent, preview_token: &str) -> Result<i64> {
        let now = Utc::now().trunc_subsecs(6);
        let sql = "INSERT INTO articles (slug, title, lead, excerpt, body, byline, category_id, status, featured, \
             published_at, created_at, updated_at, author_id, seo_title, seo_description, featured_image, preview_token, \
             preview_expires_at, featured_meta) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $9, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";
        let mut tx = self.begin().await?;
        let body = blocks_json(&content.blocks)?;
        let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(&content.slug).bind(&content.title)
            .bind(&content.lead).bind(excerpt(&content.lead, &content.blocks)).bind(&body).bind(&content.byline)
            .bind(content.category_id).bind(content.featured).bind(now).bind(author_id).bind(&content.seo_title)
            .bind(&content.seo_description).bind(&content.featured_image).bind(preview_token)
            .bind(now + PREVIEW_LIFETIME).bind(FeaturedMeta::of(content).to_json()).fetch_one(conn).await)?;
        tx.replace_tags(id, &content.tags).await?;
        tx.replace_authors(id, &content.authors).await?;
        tx.add_revision(id, Some(author_id), content, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves new content: the article changes, a revision is kept, search and caches hear of it.
    pub async fn save_article(&self, id: i64, user_id: i64, content: &ArticleContent) -> Result<()> {
        self.save_article_if(id, user_id, content, None).await
    }

    /// Like [`Db::save_article`], only if the article was last saved at `read_at` (when the
    /// editor opened it): a save based on an older version is [`StoreError::Stale`] and changes
    /// nothing, so two people editing at once never overwrite each other unknowingly.
    pub async fn save_article_if(
        &self,
        id: i64,
        user_id: i64,
        content: &ArticleContent,
        read_at: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let now = Utc::now().trunc_subsecs(6);
        let sql = "UPDATE articles SET slug = $1, title = $2, lead = $3, excerpt = $4, body = $5, byline = $6, \
             category_id = $7, featured = $8, updated_at = $9, seo_title = $10, seo_description = $11, \
             featured_image = $12, featured_meta = $15 WHERE id = $13 AND updated_at = COALESCE($14, updated_at)";
        let mut tx = self.begin().await?;
        let body = blocks_json(&content.blocks)?;
        let changed = on_tx!(&mut tx, conn => sqlx::query(sql).bind(&content.slug).bind(&content.title)
            .bind(&content.lead).bind(excerpt(&content.lead, &content.blocks)).bind(&body).bind(&content.byline)
            .bind(content.category_id).bind(content.featured).bind(now).bind(&content.seo_title)
            .bind(&content.seo_description).bind(&content.featured_image).bind(id)
            .bind(read_at.map(|t| t.trunc_subsecs(6))).bind(FeaturedMeta::of(content).to_json())
            .execute(conn).await.map(|r| r.rows_affected()))?;
        if changed == 0 {
            let exists = "SELECT COUNT(*) FROM articles WHERE id = $1";
            let found: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(exists).bind(id).fetch_one(conn).await)?;
            return Err(match found {
                0 => StoreError::Conflict(format!("article {id} does not exist")),
                _ => StoreError::Stale,
            });
        }
        tx.replace_tags(id, &content.tags).await?;
        tx.replace_authors(id, &content.authors).await?;
        tx.add_revision(id, Some(user_id), content, now).await?;
        tx.touch_article(id, now).await?;
        tx.commit().await
    }

    /// Takes one workflow step if the article is still where the caller saw it. Returns false
    /// when someone else moved it first.
    pub async fn take_step(&self, step: &Step<'_>) -> Result<bool> {
        let now = Utc::now().trunc_subsecs(6);
        let mut tx = self.begin().await?;
        let moved = match step.at {
            Some(at) => {
                let sql = "UPDATE articles SET status = $1, published_at = $2, updated_at = $3, preview_token = NULL, \
                     preview_expires_at = NULL WHERE id = $4 AND status = $5";
                on_tx!(&mut tx, conn => sqlx::query(sql).bind(step.to.as_str()).bind(at.trunc_subsecs(6)).bind(now)
                    .bind(step.article_id).bind(step.from.as_str()).execute(conn).await.map(|r| r.rows_affected()))?
            }
            None => {
                let sql = "UPDATE articles SET status = $1, updated_at = $2, preview_token = NULL, \
                     preview_expires_at = NULL WHERE id = $3 AND status = $4";
                on_tx!(&mut tx, conn => sqlx::query(sql).bind(step.to.as_str()).bind(now).bind(step.article_id)
                    .bind(step.from.as_str()).execute(conn).await.map(|r| r.rows_affected()))?
            }
        };
        if moved == 0 {
            return Ok(false);
        }
        let event = "INSERT INTO article_events (article_id, user_id, from_status, to_status, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)";
        on_tx!(&mut tx, conn => sqlx::query(event).bind(step.article_id).bind(step.user_id).bind(step.from.as_str())
            .bind(step.to.as_str()).bind(step.note).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        tx.touch_article(step.article_id, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Scheduled articles whose time has come, oldest first.
    pub async fn due_articles(&self, now: DateTime<Utc>) -> Result<Vec<i64>> {
        let sql = "SELECT id FROM articles WHERE status = 'scheduled' AND published_at <= $1 ORDER BY published_at, id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(now).fetch_all(pool).await)?)
    }

    /// What the role rules need about an article, or `None` if there is no such article.
    pub async fn article_access(&self, id: i64) -> Result<Option<ArticleAccess>> {
        let sql = "SELECT a.author_id, a.category_id, c.parent_id, a.status FROM articles a \
             JOIN categories c ON c.id = a.category_id WHERE a.id = $1";
        on_pool!(self, pool => {
            let Some(row) = sqlx::query(sql).bind(id).fetch_optional(pool).await? else { return Ok(None) };
            let status: String = row.try_get("status")?;
            Ok(Some(ArticleAccess {
                author_id: row.try_get("author_id")?,
                category_id: row.try_get("category_id")?,
                parent_category_id: row.try_get("parent_id")?,
                status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
            }))
        })
    }

    /// The secret of an article's preview link and when it ends, if it has one that has not
    /// ended at `now`. A link ends [`PREVIEW_LIFETIME`] after it is made, and at any change of
    /// status (a link sent for a draft must not show what the article becomes after review).
    pub async fn preview_link(&self, id: i64, now: DateTime<Utc>) -> Result<Option<(String, DateTime<Utc>)>> {
        let sql = "SELECT preview_token, preview_expires_at FROM articles WHERE id = $1 \
             AND preview_token IS NOT NULL AND preview_expires_at > $2";
        on_pool!(self, pool => {
            let row = sqlx::query(sql).bind(id).bind(now).fetch_optional(pool).await?;
            row.map(|row| Ok::<_, StoreError>((row.try_get("preview_token")?, row.try_get("preview_expires_at")?)))
                .transpose()
        })
    }

    /// Gives an article a new preview link (the old one stops working). False: no such article.
    pub async fn renew_preview_link(&self, id: i64, token: &str, now: DateTime<Utc>) -> Result<bool> {
        let sql = "UPDATE articles SET preview_token = $1, preview_expires_at = $2 WHERE id = $3";
        let expires = (now + PREVIEW_LIFETIME).trunc_subsecs(6);
        let changed = on_pool!(self, pool => sqlx::query(sql).bind(token).bind(expires).bind(id).execute(pool).await
            .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    pub async fn article_events(&self, id: i64) -> Result<Vec<ArticleEvent>> {
        let sql = "SELECT e.from_status, e.to_status, u.name AS user_name, e.note, e.created_at FROM article_events e \
             LEFT JOIN users u ON u.id = e.user_id WHERE e.article_id = $1 ORDER BY e.id";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(id).fetch_all(pool).await?;
            rows.iter().map(|row| {
                let from: String = row.try_get("from_status")?;
                let to: String = row.try_get("to_status")?;
                Ok(ArticleEvent {
                    from: parse_status(&from)?,
                    to: parse_status(&to)?,
                    user_name: row.try_get("user_name")?,
                    note: row.try_get("note")?,
                    created_at: row.try_get("created_at")?,
                })
            }).collect()
        })
    }

    /// An article's revisions, newest first.
    pub async fn revisions(&self, article_id: i64) -> Result<Vec<Revision>> {
        let sql = "SELECT r.id, r.article_id, u.name AS user_name, r.content, r.created_at FROM article_revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.article_id = $1 ORDER BY r.id DESC";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(article_id).fetch_all(pool).await?;
            rows.iter().map(|row| {
                let content: String = row.try_get("content")?;
                Ok(Revision {
                    id: row.try_get("id")?,
                    article_id: row.try_get("article_id")?,
                    user_name: row.try_get("user_name")?,
                    created_at: row.try_get("created_at")?,
                    content: serde_json::from_str(&content)
                        .map_err(|e| StoreError::Corrupt(format!("revision content: {e}")))?,
                })
            }).collect()
        })
    }
}

impl Tx {
    async fn add_revision(
        &mut self,
        id: i64,
        user: Option<i64>,
        content: &ArticleContent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let json = serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "INSERT INTO article_revisions (article_id, user_id, content, created_at) VALUES ($1, $2, $3, $4)";
        on_tx!(self, conn => sqlx::query(sql).bind(id).bind(user).bind(&json).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Tells search and every node's page cache that the article changed.
    async fn touch_article(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let outbox = "INSERT INTO search_outbox (article_id, created_at) VALUES ($1, $2)";
        on_tx!(self, conn => sqlx::query(outbox).bind(id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        self.bump_content_version().await
    }
}

fn blocks_json(blocks: &[Block]) -> Result<String> {
    serde_json::to_string(blocks).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse_status(text: &str) -> Result<Status> {
    Status::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown status {text:?}")))
}
