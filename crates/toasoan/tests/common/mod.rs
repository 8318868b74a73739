//! What the binary's tests share: running `toasoan --data DIR …` as a user would.
#![allow(dead_code, clippy::expect_used)] // shared by several test binaries; a failed step is a failed test

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary on the SQLite file of `data`, whatever the environment says.
pub fn toasoan(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TOASOAN_DATABASE_URL")
        .env("TOASOAN_LOG", "warn")
        .output()
        .expect("the binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A PostgreSQL schema of its own on the test server, as a URL the binary takes; `None` (and a
/// note) when `TOASOAN_TEST_DATABASE_URL` is not set.
pub async fn postgres_url(prefix: &str) -> Option<String> {
    use sqlx::Connection;
    use std::str::FromStr;
    let Ok(url) = std::env::var(toasoan_store::testing::TEST_DATABASE_URL) else {
        eprintln!("note: PostgreSQL half skipped (TOASOAN_TEST_DATABASE_URL is not set)");
        return None;
    };
    if url.is_empty() {
        return None;
    }
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let schema = format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        chrono::Utc::now().timestamp_subsec_nanos()
    );
    let options = sqlx::postgres::PgConnectOptions::from_str(&url).expect("PostgreSQL URL");
    let mut admin = sqlx::PgConnection::connect_with(&options).await.expect("PostgreSQL reachable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(&mut admin).await.expect("schema");
    let joiner = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{joiner}options=-c%20search_path%3D{schema}"))
}

/// The site's router over a database and a data folder's media, with a fresh search index.
pub async fn router_for(db: &toasoan_store::Db, data: &Path) -> axum::Router {
    let search = std::sync::Arc::new(toasoan_search::SearchIndex::in_memory().expect("search index"));
    toasoan_search::catch_up(db, &search).await.expect("index");
    let media = toasoan_media::MediaStore::local(&data.join("media")).expect("media folder");
    let state = toasoan_web::AppState::new(
        db.clone(),
        toasoan_web::SiteConfig::default(),
        search,
        media,
        toasoan_web::Tools::default(),
    )
    .await
    .expect("state");
    toasoan_web::router(state)
}

/// A GET through the router: status, body, and where a redirect points.
pub async fn get(app: &axum::Router, uri: &str) -> (axum::http::StatusCode, String, Option<String>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri).body(axum::body::Body::empty()).expect("request");
    let response = app.clone().oneshot(request).await.expect("answer");
    let status = response.status();
    let location = response.headers().get("location").map(|l| l.to_str().expect("header").to_owned());
    let body = response.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), location)
}

/// Runs the binary on a given database.
pub fn toasoan_on(data: &Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data)
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .env("TOASOAN_LOG", "warn")
        .output()
        .expect("the binary runs")
}
