//! Authors: the newsroom accounts named on articles, each with a public page (`/tac-gia/{slug}`)
//! showing their name, a short biography and their published articles.

use serde::Serialize;
use sqlx::Row;

use crate::model::AuthorRef;
use crate::{Db, Result, StoreError, Tx, on_pool, on_tx};

/// An account as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Author {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub bio: String,
    /// Whether the editor offers it for new articles (an active account that writes); others
    /// stay on the articles that already name them.
    pub offered: bool,
}

const ACCOUNTS: &str = "SELECT id, name, slug, bio, (active = TRUE AND role <> 'moderator') AS offered \
     FROM users WHERE slug IS NOT NULL ORDER BY name, id";

impl Db {
    /// An author who has at least one published article, by slug: a page for someone who never
    /// published would only tell the world who works in the newsroom.
    pub async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>> {
        let sql = "SELECT u.id, u.name, u.slug, u.bio, TRUE AS offered FROM users u WHERE u.slug = $1 AND EXISTS \
             (SELECT 1 FROM article_authors x JOIN articles a ON a.id = x.article_id \
              WHERE x.user_id = u.id AND a.status = 'published')";
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Author>(sql).bind(slug).fetch_optional(pool).await)?)
    }

    /// Every account that can be named as an author, with whether it is offered for new ones.
    pub async fn possible_authors(&self) -> Result<Vec<Author>> {
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Author>(ACCOUNTS).fetch_all(pool).await)?)
    }

    /// Which of these slugs name no account. A writer who left or changed role stays named on
    /// the articles that name them; the editor no longer offers them for others.
    pub async fn unknown_authors(&self, slugs: &[String]) -> Result<Vec<String>> {
        let known: Vec<String> = self.possible_authors().await?.into_iter().map(|a| a.slug).collect();
        Ok(slugs.iter().filter(|s| !known.contains(s)).cloned().collect())
    }

    /// Changes the public page's address and biography; a slug in use is [`StoreError::Conflict`],
    /// an unknown account `false`.
    pub async fn update_author_profile(&self, user_id: i64, slug: &str, bio: &str) -> Result<bool> {
        let taken = "SELECT COUNT(*) FROM users WHERE slug = $1 AND id <> $2";
        let update = "UPDATE users SET slug = $1, bio = $2 WHERE id = $3";
        let mut tx = self.begin().await?;
        let count: i64 =
            on_tx!(&mut tx, conn => sqlx::query_scalar(taken).bind(slug).bind(user_id).fetch_one(conn).await)?;
        if count > 0 {
            return Err(StoreError::Conflict(format!("the author address {slug} is in use")));
        }
        let changed = on_tx!(&mut tx, conn => sqlx::query(update).bind(slug).bind(bio).bind(user_id).execute(conn).await.map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Ok(false);
        }
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The article's authors, in order.
    pub(crate) async fn article_authors(&self, article_id: i64) -> Result<Vec<AuthorRef>> {
        let sql = "SELECT u.name, u.slug FROM article_authors x JOIN users u ON u.id = x.user_id \
             WHERE x.article_id = $1 AND u.slug IS NOT NULL ORDER BY x.position";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(article_id).fetch_all(pool).await?;
            rows.iter().map(|r| Ok(AuthorRef { name: r.try_get("name")?, slug: r.try_get("slug")? })).collect()
        })
    }
}

impl Tx {
    /// Names the article's authors by slug, in order: exactly those (none is none — an article
    /// under a byline names no account the editor did not choose). Slugs of no account are
    /// skipped (the caller checked them).
    pub(crate) async fn replace_authors(&mut self, article_id: i64, slugs: &[String]) -> Result<()> {
        let clear = "DELETE FROM article_authors WHERE article_id = $1";
        on_tx!(self, conn => sqlx::query(clear).bind(article_id).execute(conn).await.map(|r| r.rows_affected()))?;
        let by_slug = "INSERT INTO article_authors (article_id, user_id, position) \
             SELECT $1, id, $2 FROM users WHERE slug = $3 ON CONFLICT (article_id, user_id) DO NOTHING";
        for (position, slug) in slugs.iter().enumerate() {
            on_tx!(self, conn => sqlx::query(by_slug).bind(article_id).bind(position as i64).bind(slug)
                .execute(conn).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Gives every account without an author slug one made from its name (its id added when the
    /// name's slug is taken): accounts made before authors existed, and new ones.
    pub(crate) async fn give_accounts_slugs(&mut self) -> Result<()> {
        let missing = "SELECT id, name FROM users WHERE slug IS NULL ORDER BY id";
        let rows: Vec<(i64, String)> = on_tx!(self, conn => sqlx::query_as(missing).fetch_all(conn).await)?;
        let taken = "SELECT COUNT(*) FROM users WHERE slug = $1";
        let set = "UPDATE users SET slug = $1 WHERE id = $2";
        for (id, name) in rows {
            let mut slug = vn::slug_limited(&name, 60);
            let count: i64 = on_tx!(self, conn => sqlx::query_scalar(taken).bind(&slug).fetch_one(conn).await)?;
            if slug.is_empty() || count > 0 {
                slug = if slug.is_empty() { format!("tac-gia-{id}") } else { format!("{slug}-{id}") };
            }
            on_tx!(self, conn => sqlx::query(set).bind(&slug).bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        Ok(())
    }
}
