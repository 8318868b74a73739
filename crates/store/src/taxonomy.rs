//! Categories and tags as the newsroom manages them. Every change bumps the content version,
//! because menus and lists on every cached page show them.

use chrono::{SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;
use toasoan_core::article::category_slug;

use crate::{Db, Result, StoreError, on_pool, on_tx};

/// A tag and how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub articles: i64,
}

impl Db {
    /// A new category; a name whose slug is taken is a [`StoreError::Conflict`].
    pub async fn create_category(&self, name: &str, parent_id: Option<i64>) -> Result<i64> {
        let slug = category_slug(name);
        let sql = "INSERT INTO categories (parent_id, name, slug, position, created_at) \
             VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories), $4) \
             ON CONFLICT (slug) DO NOTHING RETURNING id";
        let now = Utc::now().trunc_subsecs(6);
        let mut tx = self.begin().await?;
        let id: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(parent_id).bind(name).bind(&slug)
            .bind(now).fetch_optional(conn).await)?;
        let id = id.ok_or_else(|| StoreError::Conflict(format!("a category with the address /{slug} exists")))?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Renames, moves and reorders a category (its address stays, so links keep working).
    pub async fn update_category(&self, id: i64, name: &str, parent_id: Option<i64>, position: i64) -> Result<()> {
        if parent_id == Some(id) {
            return Err(StoreError::Conflict("a category cannot be its own parent".into()));
        }
        let sql = "UPDATE categories SET name = $1, parent_id = $2, position = $3 WHERE id = $4";
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, conn => sqlx::query(sql).bind(name).bind(parent_id).bind(position).bind(id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.bump_content_version().await?;
        tx.commit().await
    }

    /// Deletes an empty category; one with articles or children is a [`StoreError::Conflict`].
    pub async fn delete_category(&self, id: i64) -> Result<()> {
        let used = "SELECT (SELECT COUNT(*) FROM articles WHERE category_id = $1) \
             + (SELECT COUNT(*) FROM categories WHERE parent_id = $1)";
        let count: i64 = on_pool!(self, pool => sqlx::query_scalar(used).bind(id).fetch_one(pool).await)?;
        if count > 0 {
            return Err(StoreError::Conflict("the category still has articles or sub-categories".into()));
        }
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, conn => sqlx::query("DELETE FROM categories WHERE id = $1").bind(id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.bump_content_version().await?;
        tx.commit().await
    }

    /// Every tag with its article count, most used first.
    pub async fn tags_with_counts(&self) -> Result<Vec<TagCount>> {
        let sql = "SELECT t.id, t.name, t.slug, COUNT(x.article_id) AS articles FROM tags t \
             LEFT JOIN article_tags x ON x.tag_id = t.id GROUP BY t.id, t.name, t.slug ORDER BY articles DESC, t.name";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter().map(|row| Ok(TagCount {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                slug: row.try_get("slug")?,
                articles: row.try_get("articles")?,
            })).collect()
        })
    }

    /// Renames a tag; when the new name's address belongs to another tag, the two are merged.
    pub async fn rename_tag(&self, id: i64, name: &str) -> Result<()> {
        let slug = vn::slug(name);
        if slug.is_empty() {
            return Err(StoreError::Conflict("a tag needs letters or digits".into()));
        }
        let mut tx = self.begin().await?;
        let other: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar("SELECT id FROM tags WHERE slug = $1 AND id <> $2")
            .bind(&slug).bind(id).fetch_optional(conn).await)?;
        if let Some(target) = other {
            let move_links = "INSERT INTO article_tags (article_id, tag_id, position) \
                 SELECT article_id, $1, position FROM article_tags WHERE tag_id = $2 ON CONFLICT (article_id, tag_id) DO NOTHING";
            on_tx!(&mut tx, conn => sqlx::query(move_links).bind(target).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
            on_tx!(&mut tx, conn => sqlx::query("DELETE FROM tags WHERE id = $1").bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
            on_tx!(&mut tx, conn => sqlx::query("UPDATE tags SET name = $1 WHERE id = $2").bind(name).bind(target)
                .execute(conn).await.map(|r| r.rows_affected()))?;
        } else {
            on_tx!(&mut tx, conn => sqlx::query("UPDATE tags SET name = $1, slug = $2 WHERE id = $3").bind(name).bind(&slug)
                .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        tx.bump_content_version().await?;
        tx.commit().await
    }

    /// Deletes a tag and takes it off every article.
    pub async fn delete_tag(&self, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, conn => sqlx::query("DELETE FROM article_tags WHERE tag_id = $1").bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        on_tx!(&mut tx, conn => sqlx::query("DELETE FROM tags WHERE id = $1").bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        tx.bump_content_version().await?;
        tx.commit().await
    }
}
