//! Scanned pages of a print issue on SQLite and PostgreSQL: storing an issue's text adds an OCR
//! job when pages have no text layer; a node with an OCR engine reads them page by page, the
//! newsroom says how far it got, search finds the words at their page; a node without one says
//! what to install. The OCR engine is a stand-in here (Tesseract itself: `toasoan/tests/ocr.rs`).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{Login, TestSite, add_user, body_json, body_text, log_in, post_form, sites_with_tools, standard_articles};
use toasoan_core::Role;
use toasoan_media::pdf::{OcrPage, OcrSession, PageText, PdfFuture, PdfReader};
use toasoan_store::IssueFields;
use toasoan_web::Tools;
use toasoan_web::features::print::store_pages;

/// Reads every scanned page as "Trang N: giá lúa vùng đồng bằng tăng mạnh".
struct FakeOcr {
    installed: bool,
}

struct FakeSession;

impl OcrSession for FakeSession {
    fn read_page(&self, page: u32) -> PdfFuture<OcrPage> {
        let text = format!("Trang {page}: giá lúa vùng đồng bằng tăng mạnh");
        Box::pin(async move {
            Ok(OcrPage {
                text,
                confidence: 88.0,
                engine: "fake 1.0 vie".into(),
                picture: Some(b"\xff\xd8 a page".to_vec()),
            })
        })
    }
}

impl PdfReader for FakeOcr {
    fn read_pages(&self, _pdf: Vec<u8>) -> PdfFuture<Vec<PageText>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn draw_first_page(&self, _pdf: Vec<u8>) -> PdfFuture<Option<Vec<u8>>> {
        Box::pin(async { Ok(None) })
    }

    fn ocr_engine(&self) -> Option<String> {
        self.installed.then(|| "fake 1.0 vie".to_owned())
    }

    fn open_for_ocr(&self, _pdf: Vec<u8>) -> PdfFuture<Option<Box<dyn OcrSession>>> {
        let installed = self.installed;
        Box::pin(async move { Ok(installed.then(|| Box::new(FakeSession) as Box<dyn OcrSession>)) })
    }
}

fn page(page: u32, text: &str) -> PageText {
    PageText { page, text: text.to_owned(), encoding: None }
}

#[tokio::test]
async fn scanned_pages_are_read_by_ocr_and_found_at_their_page() {
    for installed in [true, false] {
        let tools = Tools { pdf: Some(std::sync::Arc::new(FakeOcr { installed })) };
        for site in sites_with_tools(&standard_articles(), |_| {}, tools.clone()).await {
            add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
            let chief = log_in(&site, "tbt@toasoan.vn").await;
            site.state.media.put("print/1998/so-2.pdf", b"%PDF-1.5 scan".to_vec()).await.expect("pdf");
            let fields = IssueFields {
                year: 1998,
                number: 2,
                pdf_path: "print/1998/so-2.pdf".into(),
                pdf_bytes: 13,
                ..IssueFields::default()
            };
            let id = site.state.db.save_print_issue(None, &fields).await.expect("issue");
            store_pages(&site.state.db, id, &[page(1, "Bìa"), page(2, ""), page(3, " ")]).await.expect("pages");
            let edit_url = format!("/toa-soan/tap-chi-in/{id}");
            let newsroom = || async {
                body_text(common::get_with(&site.app, &edit_url, &[("cookie", &chief.cookie)]).await).await
            };
            if !installed {
                let page = newsroom().await;
                assert!(page.contains("chờ một máy chủ có Tesseract nhận dạng, 0/2 trang xong"), "{}", site.engine);
                assert!(page.contains("chưa cài Tesseract"), "{}: says what to install", site.engine);
                continue;
            }
            let mut summary = site.state.db.print_pages_summary(id).await.expect("summary");
            for _ in 0..200 {
                if summary.ocr == 2 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                summary = site.state.db.print_pages_summary(id).await.expect("summary");
            }
            assert_eq!((summary.ocr, summary.without_text), (2, 0), "{}: both scanned pages read", site.engine);
            let page = newsroom().await;
            assert!(page.contains("đã nhận dạng 2/2 trang"), "{}", site.engine);
            assert!(!page.contains("chưa cài Tesseract"));
            // Each read page queued the issue for search; the test reads the queue itself.
            toasoan_search::catch_up(&site.state.db, &site.state.search).await.expect("catch up");
            let found = body_json(common::get(&site.app, "/api/v1/search?q=gia+lua+dong+bang&kind=print").await).await;
            let pages: Vec<i64> =
                found["hits"].as_array().expect("hits").iter().filter_map(|h| h["page"].as_i64()).collect();
            assert_eq!(pages.len(), 2, "{}: {found}", site.engine);
            assert!(pages.contains(&2) && pages.contains(&3), "{}: {found}", site.engine);
            let reader = body_text(common::get(&site.app, "/tap-chi-in/1998/so-2/trang-2").await).await;
            assert!(reader.contains("Văn bản nhận dạng tự động, có thể có lỗi"), "{}", site.engine);
            assert!(reader.contains("<p>Trang 2: giá lúa vùng đồng bằng tăng mạnh</p>"), "{}: {reader}", site.engine);
            let picture =
                reader.split("class=\"scan\" src=\"").nth(1).and_then(|r| r.split('"').next()).expect("a picture");
            assert_eq!(common::get(&site.app, picture).await.status(), StatusCode::OK, "{}: {picture}", site.engine);
            assert!(reader.contains("href=\"/tap-chi-in/1998/so-2/trang-3\" rel=\"next\""));
            let issue_page = body_text(common::get(&site.app, "/tap-chi-in/1998/so-2").await).await;
            assert!(issue_page.contains("Đọc từng trang") && issue_page.contains("/tap-chi-in/1998/so-2/trang-3"));
            for missing in ["/tap-chi-in/1998/so-2/trang-1", "/tap-chi-in/1998/so-2/trang-x", "/tap-chi-in/1998/so-2/9"]
            {
                assert_eq!(common::get(&site.app, missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
            }
            corrected_by_hand_and_read_again(&site, &chief, id).await;
        }
    }
}

/// A page corrected by hand keeps its text through a new OCR run; the others are read again.
async fn corrected_by_hand_and_read_again(site: &TestSite, chief: &Login, id: i64) {
    let url = format!("/toa-soan/tap-chi-in/{id}/trang/2");
    let page = body_text(common::get_with(&site.app, &url, &[("cookie", &chief.cookie)]).await).await;
    assert!(page.contains("fake 1.0 vie, độ tin cậy 88/100"), "{}: {page}", site.engine);
    assert!(page.contains("Trang 2: giá lúa vùng đồng bằng tăng mạnh"));
    let saved = post_form(site, &url, chief, &[("text", "Trang hai, sửa tay: cà phê Tây Nguyên")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{}", site.engine);
    let too_long = "chữ ".repeat(20_000);
    let refused = body_text(post_form(site, &url, chief, &[("text", &too_long)]).await).await;
    assert!(
        refused.contains("Trang dài quá") && refused.contains("chữ chữ"),
        "{}: the text is given back",
        site.engine
    );
    let rerun = post_form(site, &format!("/toa-soan/tap-chi-in/{id}/nhan-dang-lai"), chief, &[]).await;
    assert_eq!(rerun.status(), StatusCode::SEE_OTHER);
    let mut read = Vec::new();
    for _ in 0..200 {
        read = site.state.db.scanned_pages(id).await.expect("pages");
        if read.iter().all(|p| p.source != "pdf") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sources: Vec<&str> = read.iter().map(|p| p.source.as_str()).collect();
    assert_eq!(sources, ["hand", "ocr"], "{}", site.engine);
    let kept = site.state.db.print_page_text(id, 2).await.expect("text");
    assert_eq!(kept.as_deref(), Some("Trang hai, sửa tay: cà phê Tây Nguyên"), "{}: not overwritten", site.engine);
    toasoan_search::catch_up(&site.state.db, &site.state.search).await.expect("catch up");
    let found = body_json(common::get(&site.app, "/api/v1/search?q=ca+phe+tay+nguyen&kind=print").await).await;
    assert_eq!(found["hits"][0]["page"], 2, "{}: the correction is searched", site.engine);
    let reader = body_text(common::get(&site.app, "/tap-chi-in/1998/so-2/trang-2").await).await;
    assert!(reader.contains("Văn bản đã được toà soạn soát lại") && reader.contains("cà phê Tây Nguyên"));
}
