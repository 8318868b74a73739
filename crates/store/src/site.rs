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
