//! Fresh databases for tests, on every engine available: a SQLite file in a temporary folder
//! always, and a PostgreSQL schema of its own when `TOASOAN_TEST_DATABASE_URL` names a server.
//! Without that variable the PostgreSQL half of each test says it is skipped; `.ci/run` always
//! sets it, so in CI both engines run.

// Test support: a failure to set up a test database is the test failing, so it panics.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};

use crate::Db;

/// The environment variable holding the PostgreSQL server for tests.
pub const TEST_DATABASE_URL: &str = "TOASOAN_TEST_DATABASE_URL";

/// A migrated, empty database and what keeps it alive.
pub struct TestDb {
    pub db: Db,
    /// `"sqlite"` or `"postgres"`, to say which engine an assertion failed on.
    pub engine: &'static str,
    /// A scratch folder for the test (the SQLite file lives in it).
    pub dir: tempfile::TempDir,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// One fresh database per available engine. Panics when the PostgreSQL URL is set but the
/// server cannot be used: a CI run must not silently test one engine.
pub async fn test_databases() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.is_empty() => dbs.push(postgres(&url, true).await),
        _ => say_postgres_skipped(),
    }
    dbs
}

/// One empty database per available engine, with no schema at all: for tests of the migrations
/// themselves (an upgrade from an earlier release's schema).
pub async fn empty_databases() -> Vec<TestDb> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("old.db")).create_if_missing(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(options).await.expect("SQLite");
    let mut dbs = vec![TestDb { db: Db::Sqlite(pool), engine: "sqlite", dir }];
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.is_empty() => dbs.push(postgres(&url, false).await),
        _ => say_postgres_skipped(),
    }
    dbs
}

/// Says once per test binary, where the person running the tests sees it (the test harness
/// captures `eprintln!` of passing tests; a write to the stderr handle itself is not captured),
/// that the PostgreSQL half of these tests did not run.
fn say_postgres_skipped() {
    use std::io::Write;
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let note = format!(
            "note: PostgreSQL tests skipped ({TEST_DATABASE_URL} is not set): these tests ran on SQLite only\n"
        );
        let _ = std::io::stderr().write_all(note.as_bytes());
    });
}

/// A fresh SQLite database in a temporary folder.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let db = Db::open(&url).await.expect("SQLite test database");
    TestDb { db, engine: "sqlite", dir }
}

async fn postgres(url: &str, migrate: bool) -> TestDb {
    let schema = format!(
        "test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_subsec_nanos()
    );
    let options = PgConnectOptions::from_str(url).expect("valid PostgreSQL URL");
    let mut admin = PgConnection::connect_with(&options)
        .await
        .unwrap_or_else(|e| panic!("{TEST_DATABASE_URL} is set but PostgreSQL is unreachable: {e}"));
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .expect("create test schema");
    admin.close().await.ok();
    let db = Db::connect_postgres(options.options([("search_path", schema.as_str())])).await.expect("PostgreSQL pool");
    if migrate {
        db.migrate().await.expect("migrate PostgreSQL test schema");
    }
    TestDb { db, engine: "postgres", dir: tempfile::tempdir().expect("temporary folder") }
}
