//! Who has an article open in the editor: each opening (and each autosave) marks the editor as
//! seen there; whoever opens it next while that mark is recent is told who is working on it.

use chrono::{DateTime, SubsecRound, Utc};

use crate::{Db, Result, on_pool};

impl Db {
    /// Marks `user_id` as having article `article_id` open now.
    pub async fn mark_editing(&self, article_id: i64, user_id: i64, now: DateTime<Utc>) -> Result<()> {
        let sql = "INSERT INTO article_editors (article_id, user_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id, user_id) DO UPDATE SET seen_at = excluded.seen_at";
        on_pool!(self, pool => sqlx::query(sql).bind(article_id).bind(user_id).bind(now.trunc_subsecs(6))
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Others seen in the article's editor since `since`: name and when, latest first.
    pub async fn others_editing(
        &self,
        article_id: i64,
        me: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, DateTime<Utc>)>> {
        let sql = "SELECT u.name, e.seen_at FROM article_editors e JOIN users u ON u.id = e.user_id \
             WHERE e.article_id = $1 AND e.user_id <> $2 AND e.seen_at >= $3 ORDER BY e.seen_at DESC";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(article_id).bind(me).bind(since.trunc_subsecs(6))
            .fetch_all(pool).await)?)
    }

    /// Forgets the mark (the editor was left by saving or closing).
    pub async fn stop_editing(&self, article_id: i64, user_id: i64) -> Result<()> {
        let sql = "DELETE FROM article_editors WHERE article_id = $1 AND user_id = $2";
        on_pool!(self, pool => sqlx::query(sql).bind(article_id).bind(user_id).execute(pool).await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
