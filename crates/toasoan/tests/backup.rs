//! `toasoan backup` of a site while a writer keeps adding articles, `backup --verify`, and
//! `toasoan restore` into an empty site of each engine: the restored site answers exactly as the
//! original did at the backup's moment — every article up to the snapshot, none after, the same
//! API answers and pages, the same media — from SQLite to SQLite and PostgreSQL and back when
//! `TOASOAN_TEST_DATABASE_URL` is set.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};
use toasoan_core::{ArticleDraft, Block, CategoryRef, Status};
use toasoan_store::{CategoryCache, Db};

mod common;
use common::{get, stderr, toasoan_on};

fn draft(source: &str, category: &str, minutes: i64) -> ArticleDraft {
    ArticleDraft {
        source_id: Some(source.to_owned()),
        category: CategoryRef { name: category.to_owned(), parent: Some("Thời sự".to_owned()) },
        title: format!("Bài {source} về hoà bình"),
        lead: "Phần mở đầu.".to_owned(),
        byline: Some("P.V".to_owned()),
        tags: vec!["Thủ đô".to_owned()],
        blocks: vec![Block::paragraph("Đoạn một, có dấu: thuỷ điện."), Block::Heading { text: "Mục".into() }],
        status: Status::Published,
        published_at: Utc.with_ymd_and_hms(2021, 12, 1, 12, 24, 0).single().unwrap() + Duration::minutes(minutes),
        featured: minutes % 7 == 0,
        old_url: None,
    }
}

async fn write(db: &Db, drafts: &[ArticleDraft]) {
    let mut tx = db.begin().await.unwrap();
    let mut cache = CategoryCache::default();
    for d in drafts {
        tx.upsert_article(&mut cache, d, Utc::now()).await.unwrap();
    }
    tx.bump_content_version().await.unwrap();
    tx.commit().await.unwrap();
}

/// A site with 120 articles in two categories and a picture file.
async fn seeded(data: &Path, url: &str) -> Db {
    std::fs::create_dir_all(data.join("media/1")).unwrap();
    std::fs::write(data.join("media/1/anh-640.jpg"), b"not really a jpeg, but bytes to keep").unwrap();
    let db = Db::open(url).await.unwrap();
    let drafts: Vec<ArticleDraft> =
        (0..120).map(|i| draft(&format!("s{i}"), if i % 2 == 0 { "Chính trị" } else { "Xã hội" }, i)).collect();
    write(&db, &drafts).await;
    db
}

/// Adds an article every few milliseconds (in a category of its own, so the seeded articles'
/// pages do not change) until told to stop.
fn writer_loop(db: Db, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<u64> {
    tokio::spawn(async move {
        let mut written = 0u64;
        while !stop.load(Ordering::Relaxed) {
            let mut extra = draft(&format!("w{written}"), "Viết thêm", 1000 + written as i64);
            extra.tags = vec!["Viết thêm".to_owned()];
            write(&db, &[extra]).await;
            written += 1;
            tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        }
        written
    })
}

fn last_article_id(backup_output: &str) -> i64 {
    let after = backup_output.split("articles up to id ").nth(1).expect("the backup says its last article");
    after.split(')').next().unwrap().parse().unwrap()
}

async fn ids(db: &Db) -> Vec<i64> {
    let mut all = db.published_ids_after(0, 100_000).await.unwrap();
    all.sort();
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_writes_restores_the_site_as_it_was_on_every_engine() {
    let dir = tempfile::tempdir().unwrap();
    let mut engines = vec![("sqlite", format!("sqlite://{}", dir.path().join("source-sqlite/toasoan.db").display()))];
    if let Some(url) = common::postgres_url("bk").await {
        engines.push(("postgres", url));
    }
    for (source_engine, source_url) in &engines {
        let source_data = dir.path().join(format!("source-{source_engine}"));
        let db = seeded(&source_data, source_url).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writer = writer_loop(db.clone(), stop.clone());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let archive = dir.path().join(format!("{source_engine}.tar.gz"));
        let (data, url, file) = (source_data.clone(), source_url.clone(), archive.clone());
        let backup = tokio::task::spawn_blocking(move || toasoan_on(&data, &url, &["backup", file.to_str().unwrap()]))
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        stop.store(true, Ordering::Relaxed);
        let written = writer.await.unwrap();
        assert!(backup.status.success(), "{source_engine}: {}", stderr(&backup));
        let last = last_article_id(&String::from_utf8_lossy(&backup.stdout));
        let at_backup: Vec<i64> = ids(&db).await.into_iter().filter(|id| *id <= last).collect();
        assert!(written > 10 && ids(&db).await.len() > at_backup.len(), "{source_engine}: the writer kept writing");

        let verified = toasoan_on(&source_data, source_url, &["backup", "--verify", archive.to_str().unwrap()]);
        assert!(verified.status.success(), "{source_engine}: {}", stderr(&verified));

        let original = common::router_for(&db, &source_data).await;
        for (target_engine, target_url) in targets(dir.path(), source_engine).await {
            let target_data = dir.path().join(format!("{source_engine}-to-{target_engine}"));
            let restored = toasoan_on(&target_data, &target_url, &["restore", archive.to_str().unwrap()]);
            assert!(restored.status.success(), "{source_engine} → {target_engine}: {}", stderr(&restored));
            let copy_db = Db::open(&target_url).await.unwrap();
            let route = format!("{source_engine} → {target_engine}");
            assert_eq!(ids(&copy_db).await, at_backup, "{route}: the articles of the snapshot, no more, no less");
            let copy = common::router_for(&copy_db, &target_data).await;
            for id in &at_backup {
                let uri = format!("/api/v1/articles/{id}");
                assert_eq!(get(&copy, &uri).await.1, get(&original, &uri).await.1, "{route}: {uri}");
            }
            for id in at_backup.iter().take(120).step_by(17) {
                let article = copy_db.article(*id).await.unwrap().unwrap();
                let page = get(&copy, &article.path()).await;
                assert_eq!(page.0, StatusCode::OK, "{route}: {}", article.path());
                let original_page = get(&original, &article.path()).await.1;
                assert_eq!(
                    without_tokens(&page.1),
                    without_tokens(&original_page),
                    "{route}: the page {}",
                    article.path()
                );
            }
            for uri in ["/chinh-tri", "/the/thu-do", "/api/v1/categories", "/media/1/anh-640.jpg"] {
                let (status, body, _) = get(&copy, uri).await;
                assert_eq!(status, StatusCode::OK, "{route}: {uri}");
                assert_eq!(body, get(&original, uri).await.1, "{route}: {uri}");
            }
            let again = toasoan_on(&target_data, &target_url, &["restore", archive.to_str().unwrap()]);
            assert!(!again.status.success(), "{route}: a restore into a site with content is refused");
            assert!(stderr(&again).contains("restore only into an empty one"), "{}", stderr(&again));
            copy_db.close().await;
        }
        db.close().await;
    }
}

/// The page without the comment form's one-time captcha token, which differs on every answer.
fn without_tokens(html: &str) -> String {
    let mut out = html.to_owned();
    for marker in ["name=\"token\" value=\"", "/binh-luan/ma-bao-ve/"] {
        let mut rest = out.as_str();
        let mut kept = String::with_capacity(out.len());
        while let Some(at) = rest.find(marker) {
            kept.push_str(&rest[..at + marker.len()]);
            rest = &rest[at + marker.len()..];
            rest = &rest[rest.find('"').unwrap_or(0)..];
        }
        kept.push_str(rest);
        out = kept;
    }
    out
}

/// Where a backup of `source` is restored: a new SQLite site, and a new PostgreSQL schema when
/// there is a server.
async fn targets(dir: &Path, source: &str) -> Vec<(&'static str, String)> {
    let sqlite = dir.join(format!("{source}-to-sqlite/toasoan.db"));
    let mut all = vec![("sqlite", format!("sqlite://{}", sqlite.display()))];
    if let Some(url) = common::postgres_url("rs").await {
        all.push(("postgres", url));
    }
    all
}

#[test]
fn a_damaged_backup_is_found_by_verify_and_refused_by_restore() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    let url = format!("sqlite://{}", source.join("toasoan.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async { seeded(&source, &url).await.close().await });
    let archive = dir.path().join("site.tar");
    let backup = toasoan_on(&source, &url, &["backup", archive.to_str().unwrap()]);
    assert!(backup.status.success(), "{}", stderr(&backup));
    assert!(!dir.path().join("site.tar.partial").exists());

    let mut bytes = std::fs::read(&archive).unwrap();
    let at = bytes.windows(8).position(|w| w == b"hoa binh".as_slice() || w == "hoà bình".as_bytes()[..8].as_ref());
    let at = at.unwrap_or(bytes.len() / 2);
    bytes[at] ^= 0x20;
    let damaged = dir.path().join("damaged.tar");
    std::fs::write(&damaged, &bytes).unwrap();
    let verify = toasoan_on(&source, &url, &["backup", "--verify", damaged.to_str().unwrap()]);
    assert!(!verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    assert!(stderr(&verify).contains("damaged"), "{}", stderr(&verify));

    let target = dir.path().join("target");
    let target_url = format!("sqlite://{}", target.join("toasoan.db").display());
    let restore = toasoan_on(&target, &target_url, &["restore", damaged.to_str().unwrap()]);
    assert!(!restore.status.success());
    let copy = runtime.block_on(async {
        let db = Db::open(&target_url).await.unwrap();
        let empty = db.is_empty_site().await.unwrap();
        db.close().await;
        empty
    });
    assert!(copy, "a refused restore leaves the database empty");
    assert!(!target.join("media/1/anh-640.jpg").exists(), "and no media file behind");
}
