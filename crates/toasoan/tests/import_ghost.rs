//! `toasoan import ghost` on the export Ghost 5.130 wrote itself (`../shared/fixtures/ghost`;
//! without `../shared` this test says so and passes), on SQLite and on PostgreSQL when
//! `TOASOAN_TEST_DATABASE_URL` is set: counts, posts field by field, old addresses, a second run.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use serde_json::Value;
use toasoan_store::Db;

mod common;
use common::{get, stderr, toasoan_on};

fn fixture() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/ghost");
    dir.join("site.ghost.json").is_file().then_some(dir)
}

fn import(data: &Path, url: &str, fixture: &Path) -> std::process::Output {
    let file = fixture.join("site.ghost.json");
    let images = fixture.join("images");
    toasoan_on(data, url, &["import", "ghost", file.to_str().unwrap(), "--images", images.to_str().unwrap()])
}

fn row(output: &std::process::Output, what: &str) -> Vec<u64> {
    let text = stderr(output);
    let line = text.lines().find(|l| l.starts_with(what)).unwrap_or_else(|| panic!("no {what} row in:\n{text}"));
    line.split_whitespace().skip(1).map(|n| n.parse().unwrap()).collect()
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await.unwrap(),
    }
}

#[tokio::test]
async fn the_ghost_site_moves_in_and_a_second_run_changes_nothing() {
    let Some(fixture) = fixture() else {
        eprintln!("skipped: ../shared/fixtures/ghost is not here");
        return;
    };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("site.expected.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut engines = vec![("sqlite", format!("sqlite://{}", dir.path().join("sqlite/toasoan.db").display()))];
    if let Some(url) = common::postgres_url("gh").await {
        engines.push(("postgres", url));
    }
    for (engine, url) in engines {
        let data = dir.path().join(engine);
        let first = import(&data, &url, &fixture);
        assert!(first.status.success(), "{engine}: {}", stderr(&first));
        assert_eq!(row(&first, "posts"), [20, 20, 0, 0, 0, 0], "{engine}");
        assert_eq!(row(&first, "pages"), [1, 0, 0, 0, 1, 0], "{engine}");
        assert_eq!(row(&first, "accounts"), [2, 2, 0, 0, 0, 0], "{engine}");
        assert!(stderr(&first).contains("members only"), "{engine}: the members-only post is reported");
        let db = Db::open(&url).await.unwrap();
        for (sql, want) in [
            ("SELECT COUNT(*) FROM articles WHERE status = 'published'", 16),
            ("SELECT COUNT(*) FROM articles WHERE status = 'draft'", 3),
            ("SELECT COUNT(*) FROM articles WHERE status = 'scheduled'", 1),
            ("SELECT COUNT(*) FROM articles WHERE featured", 1),
            ("SELECT COUNT(*) FROM articles WHERE featured_image <> ''", 16),
            ("SELECT COUNT(*) FROM tags WHERE name LIKE '#%'", 0),
            ("SELECT COUNT(*) FROM users WHERE role = 'admin'", 1),
            ("SELECT COUNT(*) FROM article_authors", 21),
        ] {
            assert_eq!(scalar(&db, sql).await, want, "{engine}: {sql}");
        }
        let app = common::router_for(&db, &data).await;
        for want in expected["posts"].as_array().unwrap() {
            if want["type"] != "post" || want["status"] != "published" || want["visibility"] != "public" {
                continue;
            }
            let old = want["url_path"].as_str().unwrap();
            let (status, _, location) = get(&app, old).await;
            assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{engine}: {old}");
            let new = location.unwrap();
            let (status, _, again) = get(&app, old.trim_end_matches('/')).await;
            assert_eq!((status, again.as_deref()), (StatusCode::MOVED_PERMANENTLY, Some(new.as_str())), "{engine}");
            let id: i64 = new.rsplit('-').next().unwrap().parse().unwrap();
            let api: Value = serde_json::from_str(&get(&app, &format!("/api/v1/articles/{id}")).await.1).unwrap();
            assert_eq!(api["title"], want["title"], "{engine}: {old}");
            assert_eq!(api["published_at"], want["published_local"], "{engine}: {old}");
            let authors: Vec<&str> =
                api["authors"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
            let wanted: Vec<&str> =
                want["authors"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
            assert_eq!(authors, wanted, "{engine}: {old}: authors in Ghost's order");
            for image in api["blocks"].as_array().unwrap().iter().filter_map(|b| b["image"].as_str()) {
                assert!(image.starts_with("/media/"), "{engine}: {old}: {image}");
            }
        }
        let (status, _, location) = get(&app, "/tag/the-gioi/").await;
        assert_eq!((status, location.as_deref()), (StatusCode::MOVED_PERMANENTLY, Some("/the/the-gioi")), "{engine}");
        let (status, _, location) = get(&app, "/content/images/2026/12/gocnhin-03.jpg").await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{engine}");
        assert_eq!(get(&app, &location.unwrap()).await.0, StatusCode::OK, "{engine}");

        let before = get(&app, "/api/v1/articles?limit=100").await.1;
        let second = import(&data, &url, &fixture);
        assert!(second.status.success(), "{engine}: {}", stderr(&second));
        assert_eq!(row(&second, "posts"), [20, 0, 0, 20, 0, 0], "{engine}");
        assert_eq!(row(&second, "pictures"), [39, 0, 0, 39, 0, 0], "{engine}");
        let app = common::router_for(&db, &data).await;
        assert_eq!(get(&app, "/api/v1/articles?limit=100").await.1, before, "{engine}: the same answers");
        db.close().await;
    }
}
