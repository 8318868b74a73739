//! The database as engine-neutral JSON lines, for backups: every table read in one consistent
//! snapshot (a deferred read transaction on SQLite's WAL, a repeatable-read one on PostgreSQL)
//! without holding up writers, and written back row by row into either engine. Table and column
//! names never come from the archive: a restore writes only the tables and columns this version
//! of the schema has, so a backup can neither inject SQL nor name what does not exist.

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use serde_json::{Map, Value};
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{ConnectOptions, Sqlite};

use crate::{Db, Result, StoreError, Tx, on_pool, on_tx};

/// Every table of the schema, in an order that writes a row's references before it.
pub const TABLES: [&str; 28] = [
    "users",
    "categories",
    "articles",
    "tags",
    "article_tags",
    "site_state",
    "search_outbox",
    "user_categories",
    "sessions",
    "login_failures",
    "audit_log",
    "article_events",
    "article_revisions",
    "autosaves",
    "media",
    "comments",
    "captcha_used",
    "spam_senders",
    "site_secrets",
    "print_issues",
    "print_toc",
    "print_pages",
    "videos",
    "article_authors",
    "import_links",
    "redirects",
    "jobs",
    "article_editors",
];

/// Tables the migrations keep for themselves: a restored database migrates on its own.
const MIGRATION_TABLES: [&str; 2] = ["_sqlx_migrations", "schema_migrations"];

/// A read transaction that sees the database as it was when it began, on a connection of its
/// own (not the pool's: its long reads are expected, so they are not logged as slow).
pub enum Snapshot {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl Db {
    /// Starts a consistent read of the whole database.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        Ok(match self {
            Db::Sqlite(pool) => {
                let mut conn = (*pool.connect_options()).clone().disable_statement_logging().connect().await?;
                sqlx::query("BEGIN").execute(&mut conn).await?;
                // The snapshot is fixed by the first read, not by BEGIN.
                sqlx::query("SELECT COUNT(*) FROM site_state").execute(&mut conn).await?;
                Snapshot::Sqlite(conn)
            }
            Db::Postgres(pool) => {
                let mut conn = (*pool.connect_options()).clone().disable_statement_logging().connect().await?;
                sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(&mut conn).await?;
                sqlx::query("SET LOCAL TIME ZONE 'UTC'").execute(&mut conn).await?;
                sqlx::query("SELECT COUNT(*) FROM site_state").execute(&mut conn).await?;
                Snapshot::Postgres(conn)
            }
        })
    }

    /// The schema's tables that hold data, in [`TABLES`] order; a table this version does not
    /// list is an error (the list must be kept with the migrations).
    pub async fn data_tables(&self) -> Result<Vec<String>> {
        let sql = match self {
            Db::Sqlite(_) => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            Db::Postgres(_) => {
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            }
        };
        let names: Vec<String> = on_pool!(self, pool => sqlx::query_scalar(sql).fetch_all(pool).await)?;
        ordered(names)
    }

    /// The columns a table has in this database.
    pub async fn columns(&self, table: &str) -> Result<Vec<String>> {
        let table = known(table)?;
        Ok(match self {
            Db::Sqlite(pool) => {
                let sql = "SELECT name FROM pragma_table_info($1) ORDER BY cid";
                sqlx::query_scalar(sql).bind(table).fetch_all(pool).await?
            }
            Db::Postgres(pool) => {
                let sql = "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position";
                sqlx::query_scalar(sql).bind(table).fetch_all(pool).await?
            }
        })
    }

    /// Whether the database holds no content and no account: what a restore may write into.
    pub async fn is_empty_site(&self) -> Result<bool> {
        for table in ["articles", "users", "media", "comments", "print_issues", "videos"] {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let count: i64 =
                on_pool!(self, pool => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await)?;
            if count > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl Snapshot {
    /// Hands every row of `table` to `sink` as one line of JSON, in primary-key order; returns
    /// how many there were.
    pub async fn dump(
        &mut self,
        table: &str,
        columns: &[String],
        sink: &mut (dyn FnMut(&str) -> std::io::Result<()> + Send),
    ) -> Result<u64> {
        let table = known(table)?;
        let order = if columns.iter().any(|c| c == "id") { " ORDER BY id" } else { "" };
        let mut rows = 0;
        let io = |e: std::io::Error| StoreError::Corrupt(format!("cannot write the backup: {e}"));
        match self {
            Snapshot::Sqlite(conn) => {
                let pairs: Vec<String> = columns.iter().map(|c| format!("'{c}', \"{c}\"")).collect();
                let sql = format!("SELECT json_object({}) FROM {table}{order}", pairs.join(", "));
                let mut stream = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).fetch(&mut *conn);
                while let Some(line) = stream.try_next().await? {
                    sink(&line).map_err(io)?;
                    rows += 1;
                }
            }
            Snapshot::Postgres(conn) => {
                let sql = format!("SELECT row_to_json(t)::text FROM {table} t{order}");
                let mut stream = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).fetch(&mut *conn);
                while let Some(line) = stream.try_next().await? {
                    sink(&line).map_err(io)?;
                    rows += 1;
                }
            }
        }
        Ok(rows)
    }

    /// Ends the read.
    pub async fn finish(self) -> Result<()> {
        match self {
            Snapshot::Sqlite(mut conn) => {
                sqlx::query("COMMIT").execute(&mut conn).await?;
                sqlx::Connection::close(conn).await?;
            }
            Snapshot::Postgres(mut conn) => {
                sqlx::query("COMMIT").execute(&mut conn).await?;
                sqlx::Connection::close(conn).await?;
            }
        }
        Ok(())
    }
}

impl Tx {
    /// Empties a table (a fresh schema's own rows, such as the content version counter).
    pub async fn clear_table(&mut self, table: &str) -> Result<()> {
        let sql = format!("DELETE FROM {}", known(table)?);
        on_tx!(self, conn => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Writes one row read from a backup. `columns` are the table's columns here; keys of the
    /// row that are not among them are ignored, columns it lacks get their defaults.
    pub async fn insert_row(&mut self, table: &str, columns: &[String], row: &Map<String, Value>) -> Result<()> {
        let table = known(table)?;
        let present: Vec<&String> = columns.iter().filter(|c| row.contains_key(c.as_str())).collect();
        if present.is_empty() {
            return Ok(());
        }
        let names = present.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        match self {
            Tx::Postgres(t) => {
                // PostgreSQL reads each value as the column's own type (timestamps, booleans
                // written by SQLite as 0/1, dates) from the row as JSON.
                let sql = format!(
                    "INSERT INTO {table} ({names}) SELECT {names} FROM json_populate_record(NULL::{table}, $1::json)"
                );
                let object: Map<String, Value> =
                    present.iter().map(|c| ((*c).clone(), row[c.as_str()].clone())).collect();
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(Value::Object(object).to_string()).execute(&mut **t).await?;
            }
            Tx::Sqlite(t) => {
                let marks = (1..=present.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
                let sql = format!("INSERT INTO {table} ({names}) VALUES ({marks})");
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for column in &present {
                    query = bind_sqlite(query, column, &row[column.as_str()]);
                }
                query.execute(&mut **t).await?;
            }
        }
        Ok(())
    }

    /// After rows were written with their ids, new rows must get ids after them (PostgreSQL's
    /// identity columns do not look at what was inserted; SQLite's do).
    pub async fn continue_ids(&mut self, table: &str, columns: &[String]) -> Result<()> {
        let table = known(table)?;
        if let (Tx::Postgres(t), true) = (&mut *self, columns.iter().any(|c| c == "id")) {
            let find = format!("SELECT pg_get_serial_sequence('{table}', 'id')");
            let sequence: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(find)).fetch_one(&mut **t).await?;
            if let Some(sequence) = sequence {
                let set = format!("SELECT setval($1, (SELECT COALESCE(MAX(id), 0) FROM {table}) + 1, false)");
                sqlx::query(sqlx::AssertSqlSafe(set)).bind(sequence).execute(&mut **t).await?;
            }
        }
        Ok(())
    }
}

type SqliteQuery<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>;

/// A JSON value as SQLite stores what sqlx writes: times in sqlx's own text form (so they sort
/// and compare like the ones written by the site), booleans as integers.
fn bind_sqlite<'q>(query: SqliteQuery<'q>, column: &str, value: &Value) -> SqliteQuery<'q> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Bool(b) => query.bind(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => query.bind(i),
            None => query.bind(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) if column.ends_with("_at") => {
            match DateTime::parse_from_rfc3339(s).or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z")) {
                Ok(time) => query.bind(time.with_timezone(&Utc)),
                Err(_) => query.bind(s.clone()),
            }
        }
        Value::String(s) => query.bind(s.clone()),
        other => query.bind(other.to_string()),
    }
}

/// The name as one of [`TABLES`] — the only names that reach SQL here.
fn known(table: &str) -> Result<&'static str> {
    TABLES
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| StoreError::Corrupt(format!("no table {table:?} in this version of the schema")))
}

fn ordered(names: Vec<String>) -> Result<Vec<String>> {
    let mut unknown: Vec<&String> =
        names.iter().filter(|n| !TABLES.contains(&n.as_str()) && !MIGRATION_TABLES.contains(&n.as_str())).collect();
    if let Some(first) = unknown.pop() {
        return Err(StoreError::Corrupt(format!("the table {first:?} is not in the backup's list of tables")));
    }
    Ok(TABLES.iter().filter(|t| names.iter().any(|n| n == *t)).map(|t| (*t).to_owned()).collect())
}
