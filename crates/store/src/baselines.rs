//! What a site owner would reach for instead of our search, for `toasoan eval-search` to measure
//! in the same run over the same articles: SQLite FTS5 with `unicode61 remove_diacritics 2`, and
//! PostgreSQL full-text search over `unaccent`. Not used by the site.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{PgPool, SqlitePool};

use crate::search_feed::IndexEntry;
use crate::{Result, StoreError};

/// A full-text engine of the database, loaded with the articles.
pub enum Baseline {
    Fts5(SqlitePool),
    PostgresUnaccent(PgPool),
}

impl Baseline {
    /// An in-memory SQLite FTS5 table.
    pub async fn fts5() -> Result<Baseline> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
        sqlx::raw_sql("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')")
            .execute(&pool)
            .await?;
        Ok(Baseline::Fts5(pool))
    }

    /// A table with a GIN-indexed `tsvector` of the unaccented text, in the schema `eval_baseline`
    /// of the database at `url` (dropped and made anew).
    pub async fn postgres(url: &str) -> Result<Baseline> {
        let pool = PgPool::connect(url)
            .await
            .map_err(|source| StoreError::Connect { url: crate::connect::redact(url), source })?;
        sqlx::raw_sql(
            "CREATE EXTENSION IF NOT EXISTS unaccent; DROP TABLE IF EXISTS eval_baseline; \
             CREATE TABLE eval_baseline (id BIGINT PRIMARY KEY, title TEXT, body TEXT, tsv tsvector)",
        )
        .execute(&pool)
        .await?;
        Ok(Baseline::PostgresUnaccent(pool))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Baseline::Fts5(_) => "SQLite FTS5 (unicode61 remove_diacritics 2)",
            Baseline::PostgresUnaccent(_) => "PostgreSQL full-text search (simple + unaccent)",
        }
    }

    pub async fn load(&self, entries: &[IndexEntry]) -> Result<()> {
        macro_rules! insert_all {
            ($pool:expr, $sql:literal) => {{
                let mut tx = $pool.begin().await?;
                for e in entries {
                    let text = format!("{}\n{}", e.lead, e.body);
                    sqlx::query($sql).bind(e.id).bind(&e.title).bind(text).execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }};
        }
        match self {
            Baseline::Fts5(pool) => insert_all!(pool, "INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)"),
            Baseline::PostgresUnaccent(pool) => {
                insert_all!(pool, "INSERT INTO eval_baseline (id, title, body) VALUES ($1, $2, $3)")
            }
        }
        Ok(())
    }

    /// Builds what the engine needs after loading (PostgreSQL's vectors and GIN index).
    pub async fn finish_loading(&self) -> Result<()> {
        if let Baseline::PostgresUnaccent(pool) = self {
            sqlx::raw_sql(
                "UPDATE eval_baseline SET tsv = to_tsvector('simple', unaccent(coalesce(title, '') || ' ' || coalesce(body, ''))); \
                 CREATE INDEX eval_baseline_tsv ON eval_baseline USING GIN (tsv); ANALYZE eval_baseline",
            )
            .execute(pool)
            .await?;
        }
        Ok(())
    }

    /// The ids of the best `limit` articles for `text`, any of whose words may match (OR), ranked
    /// by the engine's own ranking (FTS5's bm25, PostgreSQL's ts_rank_cd).
    pub async fn search(&self, text: &str, limit: i64) -> Result<Vec<i64>> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && !is_combining(c))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        Ok(match self {
            Baseline::Fts5(pool) => {
                let query = words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
                sqlx::query_scalar("SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY bm25(docs) LIMIT $2")
                    .bind(query)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?
            }
            Baseline::PostgresUnaccent(pool) => {
                let query = words.join(" | ");
                sqlx::query_scalar(
                    "SELECT id FROM eval_baseline, to_tsquery('simple', unaccent($1)) q WHERE tsv @@ q \
                     ORDER BY ts_rank_cd(tsv, q) DESC LIMIT $2",
                )
                .bind(query)
                .bind(limit)
                .fetch_all(pool)
                .await?
            }
        })
    }
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}
