//! Site-wide counters shared by all nodes.

use crate::{Db, Result, on_pool};

impl Db {
    /// The content version: it grows with every write, so a page rendered at an older version is
    /// stale.
    pub async fn content_version(&self) -> Result<i64> {
        let sql = "SELECT value FROM site_state WHERE key = 'content_version'";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }
}

impl Db {
    /// Remembers the last backup (when, how large) for the newsroom to show.
    pub async fn record_backup(&self, at: chrono::DateTime<chrono::Utc>, bytes: u64) -> Result<()> {
        let sql = "INSERT INTO site_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        on_pool!(self, pool => {
            sqlx::query(sql).bind("last_backup_at").bind(at.timestamp()).execute(pool).await?;
            sqlx::query(sql).bind("last_backup_bytes").bind(bytes).execute(pool).await.map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// The last backup's time and size in bytes, if one was ever taken.
    pub async fn last_backup(&self) -> Result<Option<(chrono::DateTime<chrono::Utc>, i64)>> {
        let sql = "SELECT value FROM site_state WHERE key = $1";
        let at: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(sql).bind("last_backup_at").fetch_optional(pool).await)?;
        let bytes: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(sql).bind("last_backup_bytes").fetch_optional(pool).await)?;
        Ok(at.and_then(|at| chrono::DateTime::from_timestamp(at, 0)).zip(bytes))
    }
}

impl Db {
    /// A number kept for the whole site under `key` (a job's progress mark), if set.
    pub async fn site_number(&self, key: &str) -> Result<Option<i64>> {
        let sql = "SELECT value FROM site_state WHERE key = $1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(key).fetch_optional(pool).await)?)
    }

    pub async fn set_site_number(&self, key: &str, value: i64) -> Result<()> {
        let sql = "INSERT INTO site_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        on_pool!(self, pool => sqlx::query(sql).bind(key).bind(value).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
