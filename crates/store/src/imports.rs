//! What importers need beyond articles: links from the things they read to the rows they made
//! (so a second run updates, never duplicates), old addresses answered with a redirect,
//! categories nested deeper than one parent, an article's author and picture, and comments
//! with the status and time they had.

use chrono::{DateTime, SubsecRound, Utc};

use crate::write::CategoryCache;
use crate::{Db, Result, Tx, on_pool, on_tx};

/// A row an import made, and the fingerprint of what it wrote then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLink {
    pub target_id: i64,
    pub fingerprint: String,
}

/// A comment as an import brings it: already decided, with its own time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedComment<'a> {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
    pub body: &'a str,
    pub status: crate::CommentStatus,
    pub ip: &'a str,
    pub created_at: DateTime<Utc>,
}

const UPSERT_LINK: &str = "INSERT INTO import_links (source, kind, key, target_id, fingerprint) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source, kind, key) \
     DO UPDATE SET target_id = excluded.target_id, fingerprint = excluded.fingerprint";

impl Db {
    pub async fn import_link(&self, source: &str, kind: &str, key: &str) -> Result<Option<ImportLink>> {
        let sql = "SELECT target_id, fingerprint FROM import_links WHERE source = $1 AND kind = $2 AND key = $3";
        let row: Option<(i64, String)> = on_pool!(self, pool => sqlx::query_as(sql)
            .bind(source).bind(kind).bind(key).fetch_optional(pool).await)?;
        Ok(row.map(|(target_id, fingerprint)| ImportLink { target_id, fingerprint }))
    }

    /// Where an old address of something other than an article now is.
    pub async fn redirect_for(&self, old_path: &str) -> Result<Option<String>> {
        let sql = "SELECT new_path FROM redirects WHERE old_path = $1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(old_path).fetch_optional(pool).await)?)
    }
}

impl Tx {
    pub async fn set_import_link(
        &mut self,
        (source, kind, key): (&str, &str, &str),
        target_id: i64,
        fingerprint: &str,
    ) -> Result<()> {
        on_tx!(self, conn => sqlx::query(UPSERT_LINK).bind(source).bind(kind).bind(key).bind(target_id)
            .bind(fingerprint).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Answers `old_path` with a 301 to `new_path` from now on (a later import may move it).
    pub async fn set_redirect(&mut self, old_path: &str, new_path: &str) -> Result<()> {
        let sql = "INSERT INTO redirects (old_path, new_path, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (old_path) DO UPDATE SET new_path = excluded.new_path";
        let now = Utc::now().trunc_subsecs(6);
        on_tx!(self, conn => sqlx::query(sql).bind(old_path).bind(new_path).bind(now)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The category at the end of `path` (names from the top), each level created under the one
    /// before if new. Returns its id.
    pub async fn ensure_category_path(&mut self, cache: &mut CategoryCache, path: &[String]) -> Result<Option<i64>> {
        let mut parent = None;
        for name in path {
            parent = Some(self.ensure_named_category(cache, name, parent).await?);
        }
        Ok(parent)
    }

    /// A tag of the old site, kept even when no imported article uses it yet.
    pub async fn ensure_tag(&mut self, name: &str) -> Result<bool> {
        let slug = vn::slug(name);
        if slug.is_empty() {
            return Ok(false);
        }
        let sql = "INSERT INTO tags (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING";
        on_tx!(self, conn => sqlx::query(sql).bind(name).bind(&slug).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(true)
    }

    /// The article's authors (accounts, in order) and its picture, as the import found them;
    /// with no author, the article keeps the ones it had.
    pub async fn set_article_credits(&mut self, article_id: i64, authors: &[i64], picture: &str) -> Result<()> {
        let sql = "UPDATE articles SET author_id = COALESCE($2, author_id), featured_image = $3 WHERE id = $1";
        on_tx!(self, conn => sqlx::query(sql).bind(article_id).bind(authors.first()).bind(picture)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        if !authors.is_empty() {
            let clear = "DELETE FROM article_authors WHERE article_id = $1";
            on_tx!(self, conn => sqlx::query(clear).bind(article_id).execute(conn).await.map(|r| r.rows_affected()))?;
            let add = "INSERT INTO article_authors (article_id, user_id, position) VALUES ($1, $2, $3) \
                 ON CONFLICT (article_id, user_id) DO NOTHING";
            for (position, user) in authors.iter().enumerate() {
                on_tx!(self, conn => sqlx::query(add).bind(article_id).bind(user).bind(position as i64)
                    .execute(conn).await.map(|r| r.rows_affected()))?;
            }
        }
        Ok(())
    }

    /// Writes an imported comment: a new one, or over `existing` (the one a former run made).
    pub async fn put_imported_comment(&mut self, comment: &ImportedComment<'_>, existing: Option<i64>) -> Result<i64> {
        let folded = vn::fold_lower(comment.body);
        let created = comment.created_at.trunc_subsecs(6);
        if let Some(id) = existing {
            let sql = "UPDATE comments SET article_id = $2, parent_id = $3, author_id = $4, name = $5, email = $6, \
                 body = $7, body_folded = $8, status = $9, ip = $10, created_at = $11 WHERE id = $1";
            let changed = on_tx!(self, conn => sqlx::query(sql).bind(id).bind(comment.article_id).bind(comment.parent_id)
                .bind(comment.author_id).bind(comment.name).bind(comment.email).bind(comment.body).bind(&folded)
                .bind(comment.status.as_str()).bind(comment.ip).bind(created).execute(conn).await.map(|r| r.rows_affected()))?;
            if changed > 0 {
                return Ok(id);
            }
        }
        let sql = "INSERT INTO comments (article_id, parent_id, author_id, name, email, address, body, body_folded, \
             status, ip, created_at, decided_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10, $10) RETURNING id";
        let id: i64 = on_tx!(self, conn => sqlx::query_scalar(sql).bind(comment.article_id).bind(comment.parent_id)
            .bind(comment.author_id).bind(comment.name).bind(comment.email).bind(comment.body).bind(&folded)
            .bind(comment.status.as_str()).bind(comment.ip).bind(created).fetch_one(conn).await)?;
        Ok(id)
    }
}

/// A comment as an export writes it: everything, for moving the site elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportedComment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub ip: String,
    pub body: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

impl Db {
    /// Every article id after `after`, whatever its status, in order: what an export walks.
    pub async fn article_ids_after(&self, after: i64, limit: i64) -> Result<Vec<i64>> {
        let sql = "SELECT id FROM articles WHERE id > $1 ORDER BY id LIMIT $2";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(after).bind(limit).fetch_all(pool).await)?)
    }

    /// Every comment of an article, oldest first, with its status and sender.
    pub async fn comments_for_export(&self, article_id: i64) -> Result<Vec<ExportedComment>> {
        let sql = "SELECT id, parent_id, author_id, name, email, ip, body, status, created_at FROM comments \
             WHERE article_id = $1 ORDER BY id";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(article_id).fetch_all(pool).await)?)
    }
}

impl Db {
    /// Sets an article's picture and what lists need of it (an import's or the demo's, written
    /// after the article itself); pages rendered before are stale.
    pub async fn set_article_picture(&self, article_id: i64, url: &str, meta: &crate::FeaturedMeta) -> Result<()> {
        let sql = "UPDATE articles SET featured_image = $2, featured_meta = $3 WHERE id = $1";
        let mut tx = self.begin().await?;
        on_tx!(&mut tx, conn => sqlx::query(sql).bind(article_id).bind(url).bind(meta.to_json())
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.bump_content_version().await?;
        tx.commit().await
    }
}
