//! `toasoan import wordpress` on the fixture WordPress 6.1 wrote itself
//! (`../shared/fixtures/wordpress`; without `../shared` these tests say so and pass), on SQLite
//! and on PostgreSQL when `TOASOAN_TEST_DATABASE_URL` is set: the counts of its README, five
//! posts field by field against what WordPress reported, old addresses answered with 301,
//! comments shown only when approved, and a second run that changes nothing.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use axum::http::StatusCode;
use serde_json::Value;
use toasoan_store::Db;

mod common;
use common::{get, stderr};

fn fixture_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/wordpress");
    dir.join("site-a.wxr.xml").is_file().then_some(dir)
}

/// The databases to import into: a SQLite file always, a PostgreSQL schema of its own when the
/// test server is given. Each as the URL the binary gets.
async fn database_urls(data: &Path) -> Vec<(&'static str, String)> {
    let mut urls = vec![("sqlite", format!("sqlite://{}", data.join("sqlite").join("toasoan.db").display()))];
    if let Some(url) = common::postgres_url("wp").await {
        urls.push(("postgres", url));
    }
    urls
}

fn import(data: &Path, url: &str, fixture: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .args(["--data", data.to_str().unwrap(), "--database-url", url, "import", "wordpress"])
        .arg(fixture.join("site-a.wxr.xml"))
        .arg("--uploads")
        .arg(fixture.join("uploads"))
        .args(["--category-base", "chuyen-muc", "--tag-base", "tu-khoa"])
        .env("TOASOAN_LOG", "warn")
        .output()
        .expect("the binary runs")
}

struct Site {
    db: Db,
    app: axum::Router,
}

async fn site(data: &Path, url: &str) -> Site {
    let db = Db::open(url).await.expect("database");
    let app = common::router_for(&db, data).await;
    Site { db, app }
}

async fn json(app: &axum::Router, uri: &str) -> Value {
    let (status, body, _) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap()
}

async fn count(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await.unwrap(),
    }
}

/// The summary table's row for `what`: read, new, updated, unchanged, not imported, failed.
fn row(output: &Output, what: &str) -> Vec<u64> {
    let text = stderr(output);
    let line = text.lines().find(|l| l.starts_with(what)).unwrap_or_else(|| panic!("no {what} row in:\n{text}"));
    line.split_whitespace().skip(1).map(|n| n.parse().unwrap()).collect()
}

#[tokio::test]
async fn the_fixture_site_moves_in_whole_and_a_second_run_changes_nothing() {
    let Some(fixture) = fixture_dir() else {
        eprintln!("skipped: ../shared/fixtures/wordpress is not here");
        return;
    };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("site-a.expected.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (engine, url) in database_urls(dir.path()).await {
        let data = dir.path().join(engine);
        let first = import(&data, &url, &fixture);
        assert!(first.status.success(), "{engine}: {}", stderr(&first));
        assert_eq!(row(&first, "posts"), [40, 40, 0, 0, 0, 0], "{engine}");
        assert_eq!(row(&first, "pictures"), [83, 83, 0, 0, 0, 0], "{engine}");
        assert_eq!(row(&first, "comments"), [56, 55, 0, 0, 1, 0], "{engine}: the page's comment is not imported");
        assert_eq!(row(&first, "accounts"), [5, 5, 0, 0, 0, 0], "{engine}");
        assert!(stderr(&first).contains("password-protected: imported as a draft"), "{engine}");
        assert!(stderr(&first).contains("[MPI]"), "{engine}: unknown shortcodes are reported");

        let site = site(&data, &url).await;
        check_counts(&site.db, engine).await;
        check_posts(&site, &expected, engine).await;
        check_old_addresses(&site, &expected, engine).await;
        check_comments(&site, &expected, engine).await;

        let before = json(&site.app, "/api/v1/articles?limit=100").await;
        let second = import(&data, &url, &fixture);
        assert!(second.status.success(), "{engine}: {}", stderr(&second));
        assert_eq!(row(&second, "posts"), [40, 0, 0, 40, 0, 0], "{engine}");
        assert_eq!(row(&second, "pictures"), [83, 0, 0, 83, 0, 0], "{engine}");
        assert_eq!(row(&second, "comments"), [56, 0, 0, 55, 1, 0], "{engine}");
        let site = self::site(&data, &url).await;
        check_counts(&site.db, engine).await;
        assert_eq!(json(&site.app, "/api/v1/articles?limit=100").await, before, "{engine}: the same answers");
    }
}

async fn check_counts(db: &Db, engine: &str) {
    let statuses = [("published", 33), ("draft", 5), ("submitted", 1), ("scheduled", 1)];
    for (status, want) in statuses {
        let sql = format!("SELECT COUNT(*) FROM articles WHERE status = '{status}'");
        assert_eq!(count(db, &sql).await, want, "{engine}: {status} articles");
    }
    let scheduled = "SELECT id FROM articles WHERE status = 'scheduled'";
    let scheduled = db.article(count(db, scheduled).await).await.unwrap().unwrap();
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    assert_eq!(scheduled.published_at.with_timezone(&vietnam).to_rfc3339(), "2027-01-10T07:30:00+07:00", "{engine}");
    for (sql, want) in [
        ("SELECT COUNT(*) FROM articles", 40),
        ("SELECT COUNT(*) FROM categories", 16),
        ("SELECT COUNT(*) FROM tags", 21),
        ("SELECT COUNT(*) FROM users", 5),
        ("SELECT COUNT(*) FROM media", 83),
        ("SELECT COUNT(*) FROM comments WHERE status = 'approved'", 43),
        ("SELECT COUNT(*) FROM comments WHERE status = 'pending'", 8),
        ("SELECT COUNT(*) FROM comments WHERE status = 'rejected'", 4),
        ("SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL", 9),
        ("SELECT COUNT(*) FROM comments WHERE author_id IS NOT NULL", 3),
        ("SELECT COUNT(*) FROM users WHERE password_hash <> ''", 0),
        ("SELECT COUNT(*) FROM articles WHERE featured", 1),
    ] {
        assert_eq!(count(db, sql).await, want, "{engine}: {sql}");
    }
}

fn wordpress_post(expected: &Value, id: i64) -> &Value {
    expected["posts"].as_array().unwrap().iter().find(|p| p["wxr_post_id"] == id).unwrap()
}

async fn article_of(site: &Site, id: i64) -> toasoan_store::Article {
    let source = format!("wordpress:tapchithoisu.example.com:{id}");
    let sql = format!("SELECT id FROM articles WHERE source_id = '{source}'");
    let ours = count(&site.db, &sql).await;
    site.db.article(ours).await.unwrap().unwrap()
}

/// Five posts of every kind — block editor with two pictures, classic with `[caption]` and a
/// floated picture, a gallery, an emoji title, three levels of categories — field by field.
async fn check_posts(site: &Site, expected: &Value, engine: &str) {
    for id in [4, 13, 67, 91, 119] {
        let want = wordpress_post(expected, id);
        let article = article_of(site, id).await;
        let api = json(&site.app, &format!("/api/v1/articles/{}", article.id)).await;
        let texts =
            |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|t| vn::nfc(t.as_str().unwrap())).collect() };
        assert_eq!(api["title"], vn::nfc(want["title_text"].as_str().unwrap()).as_str(), "{engine} {id}");
        let mut path = vec![article.category.name.clone()];
        let mut parent = article.category.parent_id;
        let categories = site.db.categories().await.unwrap();
        while let Some(p) = parent.and_then(|p| categories.iter().find(|c| c.id == p)) {
            path.insert(0, p.name.clone());
            parent = p.parent_id;
        }
        assert_eq!(path, texts(&want["category_paths"][0]), "{engine} {id}: category path");
        let tags: Vec<String> =
            api["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_owned()).collect();
        assert_eq!(tags, texts(&want["tags"]), "{engine} {id}: tags");
        assert_eq!(api["authors"][0]["name"], want["author_display_name"], "{engine} {id}: author");
        assert_eq!(api["published_at"], want["published"], "{engine} {id}: time in +07:00");
        let blocks = api["blocks"].as_array().unwrap();
        let paragraphs = blocks.iter().filter(|b| b["type"] == "paragraph").count();
        assert_eq!(paragraphs as u64, want["paragraphs"].as_u64().unwrap(), "{engine} {id}: paragraphs");
        let captions: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b["type"].as_str() {
                Some("figure") => b["caption"].as_str(),
                Some("video") => b["title"].as_str(),
                _ => None,
            })
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        assert_eq!(captions, texts(&want["captions"]), "{engine} {id}: captions");
        for image in blocks.iter().filter_map(|b| b["image"].as_str()) {
            assert!(image.starts_with("/media/"), "{engine} {id}: {image} is our copy");
            assert_eq!(get(&site.app, image).await.0, StatusCode::OK, "{engine} {id}: {image} is served");
        }
        match want["featured_image"]["file_name"].as_str() {
            Some(_) => assert!(article.featured_image.starts_with("/media/"), "{engine} {id}: picture"),
            None => assert_eq!(article.featured_image, "", "{engine} {id}: no picture"),
        }
    }
}

/// Every published post's old permalink and every picture's old file answer 301 to the new
/// address, which answers 200.
async fn check_old_addresses(site: &Site, expected: &Value, engine: &str) {
    let base = expected["site"]["home"].as_str().unwrap();
    for post in expected["posts"].as_array().unwrap() {
        if post["post_type"] != "post" || post["status"] != "publish" || post["password"] != "" {
            continue;
        }
        let old = post["old_permalink"].as_str().unwrap().strip_prefix(base).unwrap();
        let (status, _, location) = get(&site.app, old).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{engine}: {old}");
        let new = location.unwrap();
        assert_eq!(get(&site.app, &new).await.0, StatusCode::OK, "{engine}: {old} → {new}");
        if let Some(picture) = post["featured_image"]["url"].as_str() {
            let old = picture.strip_prefix(base).unwrap();
            let (status, _, location) = get(&site.app, old).await;
            assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{engine}: {old}");
            assert_eq!(get(&site.app, &location.unwrap()).await.0, StatusCode::OK, "{engine}: {old}");
            let uploads = fixture_dir().unwrap().join("uploads");
            for smaller in smaller_copies(&uploads, old.strip_prefix("/wp-content/uploads/").unwrap()) {
                let smaller = format!("/wp-content/uploads/{smaller}");
                assert_eq!(get(&site.app, &smaller).await.0, StatusCode::MOVED_PERMANENTLY, "{engine}: {smaller}");
            }
        }
    }
    let (status, _, location) = get(&site.app, "/chuyen-muc/thoi-su/xa-hoi/giao-duc/").await;
    assert_eq!((status, location.as_deref()), (StatusCode::MOVED_PERMANENTLY, Some("/giao-duc")), "{engine}");
}

/// The sizes WordPress made of an upload (`2026/06/a-300x200.jpg` beside `2026/06/a.jpg`).
fn smaller_copies(uploads: &Path, file: &str) -> Vec<String> {
    let (folder, name) = file.rsplit_once('/').unwrap();
    let stem = name.rsplit_once('.').unwrap().0;
    let mut found: Vec<String> = std::fs::read_dir(uploads.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.strip_prefix(stem).and_then(|r| r.strip_prefix('-')).is_some_and(|r| r.contains('x')))
        .map(|n| format!("{folder}/{n}"))
        .collect();
    found.sort();
    found
}

/// Readers see the approved comments of published posts, threads included; never the pending
/// or binned ones.
async fn check_comments(site: &Site, expected: &Value, engine: &str) {
    for post in expected["posts"].as_array().unwrap() {
        if post["post_type"] != "post" || post["status"] != "publish" || post["password"] != "" {
            continue;
        }
        let article = article_of(site, post["wxr_post_id"].as_i64().unwrap()).await;
        let shown = json(&site.app, &format!("/api/v1/articles/{}/comments", article.id)).await;
        let items = shown["items"].as_array().unwrap();
        let total: usize = items.iter().map(|c| 1 + c["replies"].as_array().unwrap().len()).sum();
        let approved = post["comments_in_file"]["approve"].as_u64().unwrap_or(0) as usize;
        assert_eq!(total, approved, "{engine}: comments shown on post {}", post["wxr_post_id"]);
    }
    let page = |sql: &str| sql.to_owned();
    let hidden = count(&site.db, &page("SELECT COUNT(*) FROM comments WHERE status <> 'approved'")).await;
    assert_eq!(hidden, 12, "{engine}: pending and binned comments are kept, hidden");
}

#[test]
fn a_broken_export_is_refused_with_its_line_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.xml");
    std::fs::write(&file, "<rss>\n<channel>\n<item>\n<title>x</wrong>\n</item></channel></rss>").unwrap();
    let run = common::toasoan(dir.path(), &["import", "wordpress", file.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("broken.xml:4:"), "{}", stderr(&run));
    let missing = common::toasoan(dir.path(), &["import", "wordpress", "/no/such/file.xml"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("cannot read /no/such/file.xml"), "{}", stderr(&missing));
}
