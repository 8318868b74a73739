//! `toasoan export jsonl`: what it writes, `import jsonl` reads back into an empty site as the
//! same articles — and exporting that site again gives the same file.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::Path;

use toasoan_store::{Article, Db};

mod common;
use common::{stderr, toasoan};

const ARTICLES: &str = r#"{"id":"a-1","title":"Hoà bình cho Thủ đô","lead":"Phần mở đầu.","byline":"Minh Anh","category":"Hà Nội","parent_category":"Thời sự","tags":["Thủ đô","quy hoạch"],"featured":true,"published_at":"2021-12-01T19:24:00+07:00","url":"https://old.example.vn/2021/12/hoa-binh.html","blocks":[{"type":"paragraph","text":"Đoạn một.","html":"Đoạn <b>một</b>."},{"type":"heading","text":"Tiểu mục"},{"type":"quote","text":"Một câu trích.","cite":"Ai đó"},{"type":"list","ordered":true,"items":["Một","Hai"]},{"type":"figure","caption":"Ảnh: chú thích","image":"https://old.example.vn/a.jpg","alt":"Ảnh"}]}
{"id":"a-2","title":"Giá lúa tăng","text":"Đoạn đầu.\nĐoạn sau.","category":"Kinh tế","published_at":"2021-11-30T08:05:00+07:00"}
{"id":"a-3","title":"Chỉ có tiêu đề","category":"Kinh tế","tags":["lúa"],"published_at":"2020-01-02T00:00:00Z"}
"#;

async fn database(data: &Path) -> Db {
    Db::open(&format!("sqlite://{}", data.join("toasoan.db").display())).await.expect("database")
}

/// Every article of the site, without what a new site gives anew (ids, the time of the write).
async fn articles(data: &Path) -> Vec<Article> {
    let db = database(data).await;
    let mut found = Vec::new();
    for id in db.published_ids_after(0, 1000).await.expect("ids") {
        let mut article = db.article(id).await.expect("article").expect("exists");
        article.updated_at = chrono::DateTime::UNIX_EPOCH;
        article.category.id = 0;
        article.category.parent_id = article.category.parent_id.map(|_| 0);
        found.push(article);
    }
    db.close().await;
    found
}

#[tokio::test]
async fn an_export_imports_back_as_the_same_articles() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::write(dir.path().join("in.jsonl"), ARTICLES).unwrap();
    let imported = toasoan(&first, &["import", "jsonl", dir.path().join("in.jsonl").to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));

    let exported = dir.path().join("out.jsonl.gz");
    let run = toasoan(&first, &["export", "jsonl", exported.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).contains("exported 3 articles"), "{:?}", run);
    assert!(!dir.path().join("out.jsonl.partial").exists(), "the partial file is renamed, not left");

    let again = toasoan(&second, &["import", "jsonl", exported.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let (original, copy) = (articles(&first).await, articles(&second).await);
    assert_eq!(original.len(), 3);
    for (a, b) in original.iter().zip(&copy) {
        let old = b.old_url.clone();
        assert_eq!(old.as_deref(), Some(a.path().as_str()), "the old page's address comes along");
        assert_eq!(Article { old_url: a.old_url.clone(), ..b.clone() }, *a);
    }

    // The API answers alike, but for what a new site gives anew (ids, addresses, import time).
    let (db_first, db_second) = (database(&first).await, database(&second).await);
    let (site_first, site_second) =
        (common::router_for(&db_first, &first).await, common::router_for(&db_second, &second).await);
    let answers = |body: String| {
        let mut list: serde_json::Value = serde_json::from_str(&body).unwrap();
        for item in list["items"].as_array_mut().unwrap() {
            for key in ["id", "source_id", "url", "updated_at"] {
                item.as_object_mut().unwrap().remove(key);
            }
        }
        list
    };
    for uri in ["/api/v1/articles?limit=100", "/api/v1/articles?limit=100&category=kinh-te"] {
        let (a, b) = (common::get(&site_first, uri).await.1, common::get(&site_second, uri).await.1);
        assert_eq!(answers(b), answers(a), "{uri}");
    }
    assert_eq!(
        common::get(&site_second, "/api/v1/categories").await.1,
        common::get(&site_first, "/api/v1/categories").await.1
    );

    let exported_again = dir.path().join("again.jsonl");
    let run = toasoan(&second, &["export", "jsonl", exported_again.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let gunzip = |path: &Path| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()), &mut text)
            .unwrap();
        text
    };
    assert_eq!(std::fs::read_to_string(&exported_again).unwrap(), gunzip(&exported), "the same file again");
}

#[test]
fn an_export_that_cannot_be_written_says_where() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let missing = dir.path().join("no-such-folder").join("out.jsonl");
    let run = toasoan(dir.path(), &["export", "jsonl", missing.to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("cannot write") && stderr(&run).contains("no-such-folder"), "{}", stderr(&run));
}
