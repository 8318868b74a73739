//! `toasoan export wordpress`: the WordPress fixture imported, exported as WXR, and imported
//! into an empty site (with the first site's media folder as its uploads) gives the same
//! articles — titles, categories, tags, authors, times, statuses, blocks, pictures, comments —
//! and the first site's addresses lead to them. Needs `../shared` (skipped without it).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::PathBuf;

use axum::http::StatusCode;
use serde_json::Value;
use toasoan_store::Db;

mod common;
use common::{get, stderr, toasoan};

/// An article's API answer without what a new site gives anew: ids, addresses, the import
/// time, and the pictures' file names (their copies are made again).
fn comparable(mut article: Value) -> Value {
    for key in ["id", "source_id", "url", "updated_at", "slug"] {
        article.as_object_mut().unwrap().remove(key);
    }
    for block in article["blocks"].as_array_mut().unwrap() {
        let object = block.as_object_mut().unwrap();
        object.remove("srcset");
        if let Some(image) = object.get_mut("image") {
            *image = Value::Bool(image.as_str().is_some_and(|i| i.starts_with("/media/")));
        }
    }
    article
}

#[tokio::test]
async fn a_site_leaves_as_wordpress_and_comes_back_the_same() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/wordpress");
    if !fixture.join("site-a.wxr.xml").is_file() {
        eprintln!("skipped: ../shared/fixtures/wordpress is not here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    let wxr = fixture.join("site-a.wxr.xml");
    let uploads = fixture.join("uploads");
    let run = toasoan(&first, &["import", "wordpress", wxr.to_str().unwrap(), "--uploads", uploads.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let exported = dir.path().join("out.xml");
    let run = toasoan(&first, &["export", "wordpress", exported.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).contains("exported 40 articles"), "{:?}", run);
    let media = first.join("media");
    let run =
        toasoan(&second, &["import", "wordpress", exported.to_str().unwrap(), "--uploads", media.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).lines().any(|l| l.starts_with("pictures") && l.split_whitespace().last() == Some("0")),
        "{}",
        stderr(&run)
    );

    let url = |data: &PathBuf| format!("sqlite://{}", data.join("toasoan.db").display());
    let (a, b) = (Db::open(&url(&first)).await.unwrap(), Db::open(&url(&second)).await.unwrap());
    let (site_a, site_b) = (common::router_for(&a, &first).await, common::router_for(&b, &second).await);
    let ids = a.article_ids_after(0, 1000).await.unwrap();
    assert_eq!(ids.len(), 40);
    for id in ids {
        let article = a.article(id).await.unwrap().unwrap();
        let source = format!("wordpress:127.0.0.1:8080:{id}");
        let copy_id: i64 = sqlx::query_scalar("SELECT id FROM articles WHERE source_id = $1")
            .bind(&source)
            .fetch_one(match &b {
                Db::Sqlite(pool) => pool,
                Db::Postgres(_) => unreachable!("SQLite only"),
            })
            .await
            .unwrap();
        let copy = b.article(copy_id).await.unwrap().unwrap();
        assert_eq!(copy.status, article.status, "{id}");
        assert_eq!(copy.featured_image.is_empty(), article.featured_image.is_empty(), "{id}: the picture");
        let statuses = |comments: Vec<toasoan_store::ExportedComment>| {
            comments.into_iter().map(|c| (c.status, c.parent_id.is_some(), c.author_id.is_some())).collect::<Vec<_>>()
        };
        assert_eq!(
            statuses(b.comments_for_export(copy_id).await.unwrap()),
            statuses(a.comments_for_export(id).await.unwrap()),
            "{id}: comments"
        );
        if article.status != toasoan_core::Status::Published {
            continue;
        }
        let original: Value = serde_json::from_str(&get(&site_a, &format!("/api/v1/articles/{id}")).await.1).unwrap();
        let moved: Value = serde_json::from_str(&get(&site_b, &format!("/api/v1/articles/{copy_id}")).await.1).unwrap();
        assert_eq!(comparable(moved), comparable(original), "{id}");
        // The first site's address leads to the copy (it is the copy's own when the ids agree).
        let (status, _, location) = get(&site_b, &article.path()).await;
        let expected = if copy.path() == article.path() {
            (StatusCode::OK, None)
        } else {
            (StatusCode::MOVED_PERMANENTLY, Some(copy.path()))
        };
        assert_eq!((status, location), expected, "{id}: the old address");
    }
}
