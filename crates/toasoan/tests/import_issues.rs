//! `toasoan import issues DIR` as a user runs it: a manifest with good issues, a broken PDF and a
//! broken entry; the good ones go in, the bad ones are named; running it again changes nothing.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use std::io::Write;

use toasoan_store::Db;

mod common;
use common::toasoan;

/// A small grey PNG, made by hand (no image crate here).
fn png(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        [&(data.len() as u32).to_be_bytes()[..], kind, data, &crc.sum().to_be_bytes()].concat()
    };
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]);
    let rows: Vec<u8> =
        (0..height).flat_map(|y| std::iter::once(0).chain((0..width).map(move |x| ((x + y) % 255) as u8))).collect();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&rows).expect("compress");
    let data = encoder.finish().expect("compress");
    [&b"\x89PNG\r\n\x1a\n"[..], &chunk(b"IHDR", &header), &chunk(b"IDAT", &data), &chunk(b"IEND", &[])].concat()
}

const MANIFEST: &str = r#"
[[issue]]
number = 6
year = 2022
published = "2022-06-15"
title = "Chuyển đổi số"
pdf = "2022-06.pdf"
cover = "2022-06.png"
[[issue.toc]]
title = "Giáo dục đại học"
author = "Nguyễn Văn A"
page = 3
[[issue.toc]]
title = "Kinh tế nông thôn"
page = 17

[[issue]]
number = 1
year = 2008
label = "Số Tết"

[[issue]]
number = 7
year = 2022
pdf = "hong.pdf"

[[issue]]
number = "tám"
year = 2022
"#;

#[tokio::test]
async fn back_issues_go_in_once_and_broken_ones_are_named() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("issues.toml"), MANIFEST).expect("manifest");
    let legacy = vn::legacy::encode("Giáo dục đại học: nâng cao chất lượng đào tạo", vn::legacy::LegacyEncoding::Tcvn3);
    let pdf = toasoan_media::pdf::simple_pdf(&[Some("Muc luc"), None, Some(&legacy)]).expect("a PDF");
    std::fs::write(dir.path().join("2022-06.pdf"), pdf).expect("pdf");
    std::fs::write(dir.path().join("2022-06.png"), png(300, 420)).expect("cover");
    std::fs::write(dir.path().join("hong.pdf"), b"<html>not a pdf</html>").expect("broken pdf");
    let manifest_dir = dir.path().to_str().expect("UTF-8 path");

    let first = toasoan(data.path(), &["import", "issues", manifest_dir]);
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(!first.status.success(), "a failure makes the exit code say so: {err}");
    assert!(err.contains("số 7 - 2022: hong.pdf: not a PDF"), "{err}");
    assert!(err.contains("issues.toml, [[issue]] #4"), "{err}");
    assert!(err.contains("imported 2 issues (2 new, 0 updated, 0 unchanged), 2 failed"), "{err}");

    let db = Db::open(&format!("sqlite://{}", data.path().join("toasoan.db").display())).await.expect("db");
    let issue = db.print_issue_by_number(2022, 6).await.expect("read").expect("imported");
    assert_eq!((issue.title.as_str(), issue.toc.len(), issue.toc[1].page), ("Chuyển đổi số", 2, Some(17)));
    assert!(data.path().join("media").join(&issue.pdf_path).is_file(), "the PDF is in the media folder");
    assert!(issue.cover_url.starts_with("/media/"), "the cover went through the media library");
    let summary = db.print_pages_summary(issue.id).await.expect("pages");
    assert_eq!((summary.pages, summary.without_text, summary.converted), (3, 1, 1), "text by page, scans marked");
    let page = db.print_page_text(issue.id, 3).await.expect("read").expect("page 3");
    assert_eq!(page, "Giáo dục đại học: nâng cao chất lượng đào tạo", "TCVN3 converted");
    let scanned = db.print_issue_by_number(2008, 1).await.expect("read").expect("imported");
    assert_eq!(scanned.special_label, "Số Tết");

    let again = toasoan(data.path(), &["import", "issues", manifest_dir]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("(0 new, 0 updated, 2 unchanged), 2 failed"), "idempotent: {err}");
    assert_eq!(db.media_library("", 10, 0).await.expect("media").0, 1, "the cover is not stored twice");

    std::fs::write(dir.path().join("hong.pdf"), b"%PDF-1.7\n1 0 obj << /Pages 9 0 R >> endobj\n%%EOF\n")
        .expect("hostile");
    let hostile = toasoan(data.path(), &["import", "issues", manifest_dir]);
    let err = String::from_utf8_lossy(&hostile.stderr);
    assert!(
        err.contains("số 7 - 2022: hong.pdf: the PDF cannot be read"),
        "a broken PDF is named, the rest goes on: {err}"
    );
    let readable = toasoan_media::pdf::simple_pdf(&[Some("So 7")]).expect("a PDF");
    std::fs::write(dir.path().join("hong.pdf"), readable).expect("fixed pdf");
    let fixed = MANIFEST.replace("number = \"tám\"", "number = 8");
    std::fs::write(dir.path().join("issues.toml"), fixed).expect("manifest");
    let last = toasoan(data.path(), &["import", "issues", manifest_dir]);
    let err = String::from_utf8_lossy(&last.stderr);
    assert!(last.status.success(), "{err}");
    assert!(err.contains("(1 new, 1 updated, 2 unchanged), 0 failed"), "{err}");
}

#[test]
fn a_missing_manifest_is_one_clear_sentence() {
    let data = tempfile::tempdir().expect("temp dir");
    let output = toasoan(data.path(), &["import", "issues", "/no/such/folder"]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(err.contains("cannot read /no/such/folder/issues.toml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The child process the server and the importer run: a PDF in, its pages as JSON out; a broken
/// one is an exit code and a sentence, never a crash of the caller.
#[test]
fn the_pdf_reader_child_answers_in_json_or_says_why_not() {
    use std::process::Stdio;
    let run = |input: Vec<u8>| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_toasoan"))
            .arg("extract-pdf")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        child.stdin.take().expect("stdin").write_all(&input).expect("write");
        child.wait_with_output().expect("ends")
    };
    let legacy = vn::legacy::encode("Hà Nội mùa thu", vn::legacy::LegacyEncoding::Vni);
    let good = run(toasoan_media::pdf::simple_pdf(&[Some(&legacy), None]).expect("a PDF"));
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    let pages: serde_json::Value = serde_json::from_slice(&good.stdout).expect("JSON");
    assert_eq!(pages[0]["text"], "Hà Nội mùa thu");
    assert_eq!(pages[0]["encoding"], "VNI");
    assert_eq!(pages[1]["text"], "");
    let bad = run(b"%PDF-1.4 garbage".to_vec());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("the PDF cannot be read"));
}

/// A PDF that outlives `[print] extract_seconds` is killed, reported and kept without text; the
/// next run with time enough reads it. `generate-issues` makes the archive.
#[test]
fn a_pdf_over_the_time_limit_is_skipped_then_read_when_time_allows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().to_str().expect("utf-8 path");
    let made =
        toasoan(data.path(), &["generate-issues", archive, "--first-year", "2003", "--years", "1", "--per-year", "2"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let manifest = std::fs::read_to_string(dir.path().join("issues.toml")).expect("manifest");
    assert_eq!(manifest.matches("[[issue]]").count(), 2);
    // Reading 100 pages takes far longer than 20 ms anywhere, however fast the machine.
    std::fs::write(data.path().join("toasoan.toml"), "[print]\nextract_seconds = 0.02\n").expect("settings");
    let first = toasoan(data.path(), &["import", "issues", archive]);
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("số 1 - 2003: 2003-01.pdf: reading the PDF took longer than 0.02 s; skipped"), "{err}");
    assert!(
        err.contains("imported 2 issues (2 new, 0 updated, 0 unchanged), 0 failed, 2 without searchable text"),
        "{err}"
    );
    assert!(!first.status.success(), "the run says something needs attention");
    std::fs::write(data.path().join("toasoan.toml"), "[print]\nextract_seconds = 60\n").expect("settings");
    let second = toasoan(data.path(), &["import", "issues", archive]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success() && !err.contains("took longer"), "{err}");
    let found = toasoan(data.path(), &["import", "issues", archive]);
    assert!(String::from_utf8_lossy(&found.stderr).contains("2 unchanged"), "read once, then left alone");
    let bad = std::fs::write(data.path().join("toasoan.toml"), "[print]\nextract_seconds = -1\n");
    bad.expect("settings");
    let refused = toasoan(data.path(), &["import", "issues", archive]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("extract_seconds must be a positive number"));
}

/// An issue without a cover gets page 1 of its PDF drawn as one when poppler's `pdftoppm` is
/// installed (CI installs it), and goes in without a cover when it is not.
#[tokio::test]
async fn a_missing_cover_is_drawn_from_page_one_when_a_renderer_is_installed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().to_str().expect("utf-8 path");
    let args = ["generate-issues", archive, "--first-year", "2004", "--years", "1", "--per-year", "1", "--pages", "3"];
    assert!(toasoan(data.path(), &args).status.success());
    let imported = toasoan(data.path(), &["import", "issues", archive]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    let db = Db::open(&format!("sqlite://{}", data.path().join("toasoan.db").display())).await.expect("db");
    let issue = db.print_issue_by_number(2004, 1).await.expect("read").expect("imported");
    let renderer = std::process::Command::new("pdftoppm").arg("-v").output().is_ok();
    if !renderer {
        eprintln!("pdftoppm is not installed: checking only that the issue goes in without a cover");
        assert_eq!(issue.cover_url, "");
        return;
    }
    assert!(issue.cover_url.starts_with("/media/"), "{issue:?}");
    let (count, items) = db.media_library("", 10, 0).await.expect("media");
    assert_eq!(count, 1);
    assert_eq!(items[0].alt, "Bìa tạp chí Số 1 - 2004");
    assert!(items[0].height > items[0].width, "a portrait page: {}×{}", items[0].width, items[0].height);
}
