//! OCR end to end, as CI runs it: a scanned issue (pages that are pictures, no text layer) made
//! by `generate-issues --scanned`, imported, read by the server's OCR job with Tesseract, and
//! found at the right page through `/api/v1/search`, typed with and without marks. Skipped,
//! saying why, where Tesseract, its Vietnamese model or pdftoppm is not installed.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

fn ocr_installed() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    let vie = langs.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "vie"));
    vie && Command::new("pdftoppm").arg("-v").output().is_ok()
}

async fn search(addr: &str, q: &str) -> serde_json::Value {
    let url = reqwest::Url::parse_with_params(&format!("http://{addr}/api/v1/search"), [("q", q)]).expect("url");
    match reqwest::get(url).await {
        Ok(response) => response.json().await.unwrap_or_default(),
        Err(_) => serde_json::Value::Null, // not up yet
    }
}

#[tokio::test]
async fn a_scanned_issue_is_read_by_ocr_and_found_at_its_page() {
    if !ocr_installed() {
        eprintln!("skipped: OCR needs Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils");
        return;
    }
    let scans = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let scan_dir = scans.path().to_str().expect("path");
    let made = common::toasoan(
        data.path(),
        &[
            "generate-issues",
            scan_dir,
            "--first-year",
            "1998",
            "--years",
            "1",
            "--per-year",
            "1",
            "--pages",
            "3",
            "--scanned",
        ],
    );
    assert!(made.status.success(), "{}", common::stderr(&made));
    let imported = common::toasoan(data.path(), &["import", "issues", scan_dir]);
    assert!(imported.status.success(), "{}", common::stderr(&imported));

    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let addr = format!("127.0.0.1:{port}");
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_toasoan"))
            .arg("--data")
            .arg(data.path())
            .args(["serve", "--addr", &addr])
            .env_remove("TOASOAN_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts"),
    );
    let phrase = "thông thoáng vừa minh bạch";
    let started = Instant::now();
    let mut found = serde_json::Value::Null;
    while started.elapsed() < Duration::from_secs(180) {
        found = search(&addr, phrase).await;
        // Pages become searchable one by one as they are read: wait for the page with the phrase.
        if found["hits"].as_array().is_some_and(|hits| hits.iter().any(|h| h["page"] == 3)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let hit = &found["hits"][0];
    assert_eq!(hit["kind"], "print", "{found}");
    assert_eq!((hit["issue"]["year"].as_i64(), hit["page"].as_i64()), (Some(1998), Some(3)), "{found}");
    let unmarked = search(&addr, "thong thoang vua minh bach").await;
    assert_eq!(unmarked["hits"][0]["page"], 3, "without marks too: {unmarked}");
    // Readers see the page as a picture with its machine-read text below.
    let reader = reqwest::get(format!("http://{addr}/tap-chi-in/1998/so-1/trang-3")).await.expect("page");
    let html = reader.text().await.expect("html");
    assert!(html.contains("Văn bản nhận dạng tự động, có thể có lỗi") && html.contains(phrase), "{html}");
    let picture = html.split("class=\"scan\" src=\"").nth(1).and_then(|r| r.split('"').next()).expect("a picture");
    let served = reqwest::get(format!("http://{addr}{picture}")).await.expect("picture");
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    let jpeg = served.bytes().await.expect("bytes");
    assert_eq!(image::load_from_memory(&jpeg).expect("a JPEG").width(), 1000);
}

/// `correct-ocr` is the OCR job's mark correction for any text: wrong marks fixed in context,
/// everything else (line breaks, punctuation, names) as it came.
#[test]
fn correct_ocr_fixes_marks_on_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("correct-ocr")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let input = "Các bắc sĩ khuyên:\n\nBob Patton, 1.000 nguòi dân.";
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), input.as_bytes()).expect("written");
    let output = child.wait_with_output().expect("ends");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Các bác sĩ khuyên:\n\nBob Patton, 1.000 người dân.");
    assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), "2 words corrected");
}
