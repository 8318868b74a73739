//! The `toasoan` binary as a user runs it: imports, errors, and `serve --demo`.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use toasoan_store::Db;

mod common;
use common::{stderr, toasoan};

async fn database(data: &Path) -> Db {
    Db::open(&format!("sqlite://{}", data.join("toasoan.db").display())).await.expect("database")
}

fn shared_fixture() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/000_dab011dd58337c2d.txt");
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/fixtures is absent");
        None
    }
}

const PAGE: &str = "Kinh tế\nGiá lúa tăng, nông dân phấn khởi\n08:05' 15/3/2009\n\
    Giá lúa tại ruộng tăng mạnh trong tuần qua, nhiều hộ nông dân ở đồng bằng có lãi khá sau vụ đông xuân.\n";

#[tokio::test]
async fn importing_the_fixture_twice_gives_one_exact_article() {
    let Some(fixture) = shared_fixture() else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    let fixture = fixture.to_str().expect("UTF-8 path");
    let first = toasoan(data.path(), &["import", "page", fixture]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("imported 1 articles (1 new, 0 updated), 0 failed"), "{}", stderr(&first));
    let second = toasoan(data.path(), &["import", "page", fixture]);
    assert!(stderr(&second).contains("(0 new, 1 updated)"), "{}", stderr(&second));
    let db = database(data.path()).await;
    assert_eq!(db.article_count().await.expect("count"), 1);
    let article = db.article(1).await.expect("read").expect("exists");
    assert_eq!(article.category.name, "Thời sự - Chính trị");
    assert_eq!(vn::time::format_article_time(article.published_at), "19:24' 1/12/2021");
    assert_eq!(article.byline.as_deref(), Some("P.V"));
    assert_eq!(article.blocks.len(), 9);
}

#[tokio::test]
async fn a_broken_page_is_reported_by_file_and_line_and_the_rest_goes_in() {
    let data = tempfile::tempdir().expect("temp dir");
    let pages = data.path().join("pages");
    std::fs::create_dir_all(pages.join("sub")).expect("mkdir");
    std::fs::write(pages.join("good.txt"), PAGE).expect("write");
    std::fs::write(pages.join("sub/other.txt"), PAGE.replace("Kinh tế", "Xã hội")).expect("write");
    std::fs::write(pages.join("broken.txt"), "Kinh tế\nTiêu đề\nhôm qua\nNội dung.\n").expect("write");
    std::fs::write(pages.join("notes.md"), "not a page").expect("write");
    let output = toasoan(data.path(), &["import", "page", pages.to_str().expect("path")]);
    assert!(!output.status.success(), "a failure gives a non-zero exit");
    let err = stderr(&output);
    assert!(err.contains("broken.txt: line 3: expected the time"), "{err}");
    assert!(err.contains("imported 2 articles (2 new, 0 updated), 1 failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(database(data.path()).await.article_count().await.expect("count"), 2);
}

#[tokio::test]
async fn a_broken_json_line_is_reported_and_skipped_plain_and_gzipped() {
    let lines = [
        r#"{"id": "a", "category_vi": "Chính trị Xã hội", "title": "Một", "text": "Đoạn một.\nĐoạn hai."}"#,
        r#"{"id": "b", "title": "Hai", "text": "#,
        r#"{"doc_id": "c", "title": "Ba", "text": "Đoạn."}"#,
    ]
    .join("\n");
    let data = tempfile::tempdir().expect("temp dir");
    let plain = data.path().join("articles.jsonl");
    std::fs::write(&plain, &lines).expect("write");
    let gzipped = data.path().join("articles.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(lines.as_bytes()).expect("gzip");
    std::fs::write(&gzipped, encoder.finish().expect("gzip")).expect("write");
    for file in [&plain, &gzipped] {
        let output = toasoan(data.path(), &["import", "jsonl", file.to_str().expect("path")]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(err.contains("line 2: not a JSON article"), "{err}");
        assert!(err.contains("imported 2 articles"), "{err}");
    }
    let db = database(data.path()).await;
    assert_eq!(db.article_count().await.expect("count"), 2, "the second import updated, not duplicated");
    let categories: Vec<String> = db.categories().await.expect("categories").into_iter().map(|c| c.name).collect();
    assert_eq!(categories, ["Chính trị Xã hội", "Tin tức"]);
}

#[test]
fn an_unreachable_database_is_one_clear_sentence() {
    let data = tempfile::tempdir().expect("temp dir");
    let output =
        toasoan(data.path(), &["--database-url", "postgres://nobody@127.0.0.1:9/none", "import", "page", "x.txt"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "error: the database is not available: cannot open the database postgres://nobody@127.0.0.1:9/none"
        ),
        "{err}"
    );
    assert!(!err.contains("panicked") && err.lines().count() == 1, "{err}");
}

#[test]
fn a_missing_file_is_reported() {
    let data = tempfile::tempdir().expect("temp dir");
    let output = toasoan(data.path(), &["import", "page", "/no/such/page.txt"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("/no/such/page.txt: no such file or folder"), "{}", stderr(&output));
}

#[tokio::test]
async fn serve_demo_shows_a_living_magazine() {
    let data = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--demo", "--addr", &addr])
        .env_remove("TOASOAN_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let base = format!("http://{addr}");
    let started = Instant::now();
    let home = loop {
        match reqwest::get(&base).await {
            Ok(response) => break response.text().await.expect("home page"),
            Err(_) if started.elapsed() < Duration::from_secs(120) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("the server did not answer: {e}"),
        }
    };
    let api: serde_json::Value =
        reqwest::get(format!("{base}/api/v1/articles?limit=1")).await.expect("api").json().await.expect("json");
    let newest = api["items"][0]["id"].as_i64().expect("an article id");
    let comments: serde_json::Value = reqwest::get(format!("{base}/api/v1/articles/{newest}/comments"))
        .await
        .expect("comments")
        .json()
        .await
        .expect("json");
    let issues: serde_json::Value =
        reqwest::get(format!("{base}/api/v1/issues")).await.expect("issues").json().await.expect("json");
    let print: serde_json::Value = reqwest::get(format!("{base}/api/v1/search?q=lam+phat+gia+vang&kind=print"))
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    let pdf = reqwest::get(format!("{base}/media/print/2008/so-1-demo.pdf")).await.expect("pdf");
    let pdf_type = pdf.headers().get("content-type").map(|v| v.to_str().unwrap_or_default().to_owned());
    let scanned_found = scanned_demo_issue_is_searchable(&base).await;
    server.kill().ok();
    server.wait().ok();
    // The scanned issue of 1999 is made with poppler's pdftoppm, and read with Tesseract.
    let renderer = std::process::Command::new("pdftoppm").arg("-v").output().is_ok();
    assert_eq!(issues["total"], if renderer { 4 } else { 3 }, "demo print issues: {issues}");
    if let Some(found) = scanned_found {
        assert!(found, "the demo's scanned issue of 1999 is found by words OCR read");
    }
    let tet = &print["hits"][0];
    assert_eq!((tet["issue"]["year"].as_i64(), tet["page"].as_i64()), (Some(2008), Some(3)), "{print}");
    assert!(tet["snippet"].as_str().is_some_and(|s| s.contains("lạm phát lên cao")), "TCVN3 read as Unicode: {tet}");
    assert_eq!(pdf_type.as_deref(), Some("application/pdf"));
    assert!(home.contains("Giới thiệu tạp chí in"), "the print box on the home page");
    assert!(home.contains("Thời sự") && home.contains("Giáo dục"), "the home page shows the demo categories");
    assert!(api["total"].as_i64().is_some_and(|n| n >= 30), "{api}");
    assert!(comments["items"].as_array().is_some_and(|c| !c.is_empty()), "demo comments: {comments}");
    assert!(data.path().join("toasoan.toml").is_file(), "settings written on first start");
}

/// kill -9 in the middle of an import: what is in the database is whole batches, nothing half.
#[tokio::test]
async fn an_import_killed_midway_leaves_only_whole_batches() {
    let data = tempfile::tempdir().expect("temp dir");
    let file = data.path().join("many.jsonl");
    let lines: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"id": "k{i}", "title": "Bài {i}", "text": "Đoạn một của bài {i}.\nĐoạn hai.", "category": "Mục {}"}}"#, i % 7))
        .collect();
    std::fs::write(&file, lines.join("\n")).expect("write");
    let mut import = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data.path())
        .args(["import", "jsonl", file.to_str().expect("path")])
        .env_remove("TOASOAN_DATABASE_URL")
        .stderr(Stdio::null())
        .spawn()
        .expect("import starts");
    let db_path = data.path().join("toasoan.db");
    let started = Instant::now();
    while !db_path.exists() && started.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let db = database(data.path()).await;
    while db.article_count().await.unwrap_or(0) == 0 && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    import.kill().expect("kill -9");
    import.wait().expect("reaped");
    let count = db.article_count().await.expect("count");
    assert!(count > 0 && count % 1000 == 0, "{count} articles: not whole batches of 1,000");
    let last = db.article(count).await.expect("read").expect("the last article is whole");
    assert_eq!(last.blocks.len(), 2);
}

/// With `TOASOAN_LOG_FORMAT=json` every log line is a JSON object, and a line written while a
/// request is served carries the id the request came with.
#[tokio::test]
async fn json_logs_carry_the_request_id() {
    let data = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let log = data.path().join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--addr", &addr])
        .env_remove("TOASOAN_DATABASE_URL")
        .env("TOASOAN_LOG", "info,toasoan_web::kernel::request_id=debug,sqlx=warn,tantivy=warn")
        .env("TOASOAN_LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("server starts");
    let client = reqwest::Client::new();
    let started = Instant::now();
    let ready = loop {
        match client.get(format!("http://{addr}/readyz")).header("x-request-id", "nginx-7f3a").send().await {
            Ok(response) => break response,
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(e) => panic!("the server did not answer: {e}"),
        }
    };
    assert_eq!(ready.headers()["x-request-id"], "nginx-7f3a");
    let body: serde_json::Value = ready.json().await.expect("json");
    assert_eq!(body["ready"], true, "{body}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill().ok();
    server.wait().ok();
    let text = std::fs::read_to_string(&log).expect("log");
    let lines: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    assert!(
        lines.iter().any(|l| l["span"]["id"] == "nginx-7f3a" && l["fields"]["status"] == 200),
        "no line for the request:\n{text}"
    );
}

/// `TOASOAN_METRICS_ADDR` serves Prometheus's text on its own address (not on the site's), with
/// requests by route template and status; SIGTERM stops the server cleanly.
#[tokio::test]
async fn metrics_live_on_their_own_address_and_sigterm_stops_cleanly() {
    let data = tempfile::tempdir().expect("temp dir");
    let free = || std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let (addr, metrics) = (format!("127.0.0.1:{}", free()), format!("127.0.0.1:{}", free()));
    let mut server = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data.path())
        .args(["serve", "--demo", "--addr", &addr])
        .env_remove("TOASOAN_DATABASE_URL")
        .env("TOASOAN_METRICS_ADDR", &metrics)
        .env("TOASOAN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let started = Instant::now();
    while reqwest::get(format!("http://{addr}/healthz")).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(120), "the server did not answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for path in ["/", "/", "/khong-co-trang-nay", "/a/b/c/d", "/api/v1/articles?limit=1"] {
        reqwest::get(format!("http://{addr}{path}")).await.expect("answer");
    }
    assert_eq!(reqwest::get(format!("http://{addr}/metrics")).await.expect("answer").status(), 404, "not public");
    let text = reqwest::get(format!("http://{metrics}/metrics")).await.expect("metrics").text().await.expect("text");
    for expected in [
        "toasoan_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 2",
        "toasoan_http_requests_total{route=\"/{category}\",method=\"GET\",status=\"404\"} 2",
        "toasoan_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "toasoan_http_requests_total{route=\"/api/v1/articles\",method=\"GET\",status=\"200\"} 1",
        "toasoan_http_request_duration_seconds_bucket{le=",
        "toasoan_page_cache_hits 1",
        "toasoan_search_backlog 0",
        "toasoan_db_pool_connections ",
    ] {
        assert!(text.contains(expected), "{expected} is not in:\n{text}");
    }
    let terminated = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill");
    assert!(terminated.success());
    let stopped = Instant::now();
    loop {
        if let Some(status) = server.try_wait().expect("wait") {
            assert!(status.success(), "SIGTERM is a clean stop: {status}");
            break;
        }
        assert!(stopped.elapsed() < Duration::from_secs(10), "the server did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn media_move_to_another_store_and_a_second_run_copies_nothing() {
    let data = tempfile::tempdir().expect("temp dir");
    let target = tempfile::tempdir().expect("temp dir");
    for (path, size) in [("media/2026/12/anh.webp", 3_000), ("media/print/2026/so-1.pdf", 70_000)] {
        let file = data.path().join(path);
        std::fs::create_dir_all(file.parent().expect("folder")).expect("folders");
        std::fs::write(&file, vec![9u8; size]).expect("write");
    }
    let to = format!("file://{}", target.path().display());
    let first = toasoan(data.path(), &["media", "migrate", "--to", &to]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("copied 2 files (0.1 MB); 0 were already there; 0 failed"), "{}", stderr(&first));
    assert_eq!(std::fs::read(target.path().join("print/2026/so-1.pdf")).expect("copied").len(), 70_000);
    let again = toasoan(data.path(), &["media", "migrate", "--to", &to]);
    assert!(stderr(&again).contains("copied 0 files (0.0 MB); 2 were already there"), "{}", stderr(&again));
    let same = toasoan(data.path(), &["media", "migrate", "--to", "file://media"]);
    assert!(!same.status.success() && stderr(&same).contains("already at file://media"), "{}", stderr(&same));
    let bad = toasoan(data.path(), &["--media-url", "ftp://x", "media", "migrate", "--to", &to]);
    assert!(!bad.status.success() && stderr(&bad).contains("media URL \"ftp://x\""), "{}", stderr(&bad));
}

/// Whether search finds words of the demo's scanned 1999 issue once OCR has read it (within a
/// minute); `None` where Tesseract or its Vietnamese model is not installed.
async fn scanned_demo_issue_is_searchable(base: &str) -> Option<bool> {
    let langs = std::process::Command::new("tesseract").arg("--list-langs").output().ok()?;
    if !String::from_utf8_lossy(&langs.stdout).lines().any(|l| l.trim() == "vie") {
        eprintln!("note: the demo's OCR check skipped (no tesseract-ocr-vie)");
        return None;
    }
    for _ in 0..120 {
        let url = format!("{base}/api/v1/search?q=r%E1%BB%ABng+ph%C3%B2ng+h%E1%BB%99&kind=print");
        if let Ok(answer) = reqwest::get(&url).await
            && let Ok(found) = answer.json::<serde_json::Value>().await
            && found["hits"][0]["issue"]["year"] == 1999
        {
            return Some(true);
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    Some(false)
}
