//! Writing content: categories created on first use, articles inserted or updated by their
//! source id, tags. Every write runs inside a [`Tx`] so an interrupted import leaves nothing
//! half-written.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use toasoan_core::article::category_slug;
use toasoan_core::{ArticleDraft, CategoryRef};

use crate::model::excerpt;
use crate::{Result, StoreError, Tx, on_tx};

/// Category ids by slug, so a bulk import asks the database once per category, not per article.
#[derive(Debug, Default)]
pub struct CategoryCache(HashMap<String, i64>);

/// Whether an upsert made a new article or replaced one with the same source id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertOutcome {
    Created(i64),
    Updated(i64),
}

impl UpsertOutcome {
    pub fn id(self) -> i64 {
        match self {
            UpsertOutcome::Created(id) | UpsertOutcome::Updated(id) => id,
        }
    }
}

const UPSERT_CATEGORY: &str = "INSERT INTO categories (parent_id, name, slug, position, created_at) \
     VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories), $4) \
     ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";

const UPSERT_ARTICLE: &str = "INSERT INTO articles (source_id, slug, title, lead, excerpt, body, byline, \
     category_id, status, featured, published_at, created_at, updated_at, old_url) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) \
     ON CONFLICT (source_id) DO UPDATE SET slug = excluded.slug, title = excluded.title, lead = excluded.lead, \
     excerpt = excluded.excerpt, body = excluded.body, byline = excluded.byline, category_id = excluded.category_id, \
     status = excluded.status, featured = excluded.featured, published_at = excluded.published_at, \
     updated_at = excluded.updated_at, old_url = excluded.old_url \
     RETURNING id, created_at";

const UPSERT_TAG: &str =
    "INSERT INTO tags (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id";

impl Tx {
    /// The id of the category (and its parent), created if new.
    pub async fn ensure_category(&mut self, cache: &mut CategoryCache, category: &CategoryRef) -> Result<i64> {
        let parent_id = match &category.parent {
            Some(parent) => Some(self.ensure_named_category(cache, parent, None).await?),
            None => None,
        };
        self.ensure_named_category(cache, &category.name, parent_id).await
    }

    pub(crate) async fn ensure_named_category(
        &mut self,
        cache: &mut CategoryCache,
        name: &str,
        parent: Option<i64>,
    ) -> Result<i64> {
        let slug = category_slug(name);
        if let Some(id) = cache.0.get(&slug) {
            return Ok(*id);
        }
        let now = Utc::now().trunc_subsecs(6);
        let id: i64 = on_tx!(self, conn => sqlx::query_scalar(UPSERT_CATEGORY)
            .bind(parent).bind(name).bind(&slug).bind(now).fetch_one(conn).await)?;
        cache.0.insert(slug, id);
        Ok(id)
    }

    /// Inserts the draft, or updates the article with the same `source_id`.
    pub async fn upsert_article(
        &mut self,
        cache: &mut CategoryCache,
        draft: &ArticleDraft,
        now: DateTime<Utc>,
    ) -> Result<UpsertOutcome> {
        let now = now.trunc_subsecs(6);
        let category_id = self.ensure_category(cache, &draft.category).await?;
        let body = serde_json::to_string(&draft.blocks).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let (id, created_at): (i64, DateTime<Utc>) = on_tx!(self, conn => sqlx::query_as(UPSERT_ARTICLE)
            .bind(&draft.source_id)
            .bind(draft.slug())
            .bind(&draft.title)
            .bind(&draft.lead)
            .bind(excerpt(&draft.lead, &draft.blocks))
            .bind(&body)
            .bind(&draft.byline)
            .bind(category_id)
            .bind(draft.status.as_str())
            .bind(draft.featured)
            .bind(draft.published_at.trunc_subsecs(6))
            .bind(now)
            .bind(&draft.old_url)
            .fetch_one(conn)
            .await)?;
        let outbox = "INSERT INTO search_outbox (article_id, created_at) VALUES ($1, $2)";
        on_tx!(self, conn => sqlx::query(outbox).bind(id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        let created = created_at == now;
        if !(created && draft.tags.is_empty()) {
            self.replace_tags(id, &draft.tags).await?;
        }
        Ok(if created { UpsertOutcome::Created(id) } else { UpsertOutcome::Updated(id) })
    }

    pub(crate) async fn replace_tags(&mut self, article_id: i64, tags: &[String]) -> Result<()> {
        let clear = "DELETE FROM article_tags WHERE article_id = $1";
        on_tx!(self, conn => sqlx::query(clear).bind(article_id).execute(conn).await.map(|r| r.rows_affected()))?;
        let link = "INSERT INTO article_tags (article_id, tag_id, position) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, tag_id) DO NOTHING";
        for (position, name) in tags.iter().enumerate() {
            let slug = vn::slug(name);
            if slug.is_empty() {
                continue;
            }
            let tag_id: i64 =
                on_tx!(self, conn => sqlx::query_scalar(UPSERT_TAG).bind(name).bind(&slug).fetch_one(conn).await)?;
            on_tx!(self, conn => sqlx::query(link).bind(article_id).bind(tag_id).bind(position as i64).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Tells every node's page cache that content changed. Call once per transaction that wrote.
    pub async fn bump_content_version(&mut self) -> Result<()> {
        let sql = "UPDATE site_state SET value = value + 1 WHERE key = 'content_version'";
        on_tx!(self, conn => sqlx::query(sql).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Tells every node's search index, in this transaction, to re-read the clip.
    pub async fn queue_video_for_search(&mut self, video_id: i64) -> Result<()> {
        let sql = "INSERT INTO search_outbox (video_id, created_at) VALUES ($1, $2)";
        let now = Utc::now().trunc_subsecs(6);
        on_tx!(self, conn => sqlx::query(sql).bind(video_id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Tells every node's search index, in this transaction, to re-read the issue's pages.
    pub async fn queue_print_issue_for_search(&mut self, issue_id: i64) -> Result<()> {
        let sql = "INSERT INTO search_outbox (issue_id, created_at) VALUES ($1, $2)";
        let now = Utc::now().trunc_subsecs(6);
        on_tx!(self, conn => sqlx::query(sql).bind(issue_id).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
