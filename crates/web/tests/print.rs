//! The print edition on SQLite and PostgreSQL: the archive and its lookup, the older archive,
//! issue pages with their contents linked into the PDF, the box on every page, the API, and the
//! newsroom's form (cover and PDF uploads, errors, roles).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use chrono::NaiveDate;
use common::{
    BOUNDARY, TestSite, add_user, body_json, body_text, get, log_in, multipart, png, sites, sites_with_tools,
    standard_articles,
};
use toasoan_core::Role;
use toasoan_media::pdf::{PdfFuture, PdfReader};
use toasoan_store::{IssueFields, TocEntry};
use toasoan_web::Tools;
use tower::ServiceExt;

async fn add_issues(site: &TestSite) {
    for (year, number, title) in
        [(2005, 3, "Đổi mới"), (2009, 12, "Số cuối năm"), (2022, 6, "Chuyển đổi số"), (2022, 7, "Mùa hè")]
    {
        let fields = IssueFields {
            year,
            number,
            title: title.into(),
            published_on: NaiveDate::from_ymd_opt(year as i32, 6, 15),
            pdf_path: format!("print/{year}/so-{number}.pdf"),
            pdf_bytes: 2_516_582,
            toc: vec![
                TocEntry {
                    title: "Giáo dục đại học".into(),
                    author: "Nguyễn Văn A".into(),
                    page: Some(3),
                    article_id: Some(1),
                    ..Default::default()
                },
                TocEntry {
                    title: "Kinh tế nông thôn".into(),
                    author: String::new(),
                    page: Some(17),
                    ..Default::default()
                },
            ],
            ..IssueFields::default()
        };
        site.state.db.save_print_issue(None, &fields).await.expect("issue");
    }
    site.state.content_changed().await;
}

#[tokio::test]
async fn readers_browse_look_up_and_open_issues() {
    for site in sites().await {
        add_issues(&site).await;
        let archive = body_text(get(&site.app, "/tap-chi-in").await).await;
        for label in ["Số 7 - 2022", "Số 6 - 2022", "Số 12 - 2009", "Tra cứu tạp chí in"] {
            assert!(archive.contains(label), "{}: {label}", site.engine);
        }
        let by_year = body_text(get(&site.app, "/tap-chi-in?nam=2022").await).await;
        assert!(by_year.contains("2 số tạp chí khớp") && !by_year.contains("Số 12 - 2009"), "{}", site.engine);
        let found = get(&site.app, "/tap-chi-in?nam=2022&so=6").await;
        assert_eq!(found.status(), StatusCode::SEE_OTHER, "one number opens its issue");
        assert_eq!(found.headers()["location"], "/tap-chi-in/2022/so-6");
        let keyword = body_text(get(&site.app, "/tap-chi-in?q=chuyen+doi").await).await;
        assert!(
            keyword.contains("1 số tạp chí khớp") && keyword.contains("Số 6 - 2022"),
            "{}: without marks",
            site.engine
        );
        let bad = body_text(get(&site.app, "/tap-chi-in?nam=hai+nghin").await).await;
        assert!(bad.contains("Năm phải là một số"));
        let none = body_text(get(&site.app, "/tap-chi-in?q=khong+co+dau").await).await;
        assert!(none.contains("Không tìm thấy số tạp chí nào khớp"));
        let old = body_text(get(&site.app, "/tap-chi-in/truoc-2010").await).await;
        assert!(
            old.contains("Số 12 - 2009") && old.contains("Số 3 - 2005") && !old.contains("Số 6 - 2022"),
            "{}",
            site.engine
        );

        let issue = get(&site.app, "/tap-chi-in/2022/so-6").await;
        assert_eq!(issue.status(), StatusCode::OK, "{}", site.engine);
        let page = body_text(issue).await;
        assert!(page.contains(r#"href="/media/print/2022/so-6.pdf#page=17""#), "the contents open the PDF at the page");
        assert!(
            page.contains("Đọc bản PDF (2,4 MB)")
                && page.contains("Phát hành <time datetime=\"2022-06-15\">15/6/2022</time>")
        );
        assert!(page.contains("Đọc bản điện tử</a>"), "{}: a piece links to its online version", site.engine);
        insta::assert_snapshot!("print_issue_page", common::without_asset_hashes(&page));
        assert_eq!(get(&site.app, "/tap-chi-in/2022/so-99").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&site.app, "/tap-chi-in/2022/sau").await.status(), StatusCode::NOT_FOUND);

        let home = body_text(get(&site.app, "/").await).await;
        assert!(
            home.contains("Giới thiệu tạp chí in") && home.contains("Số 7 - 2022"),
            "{}: the box on every page",
            site.engine
        );
        assert!(home.contains(r#"href="/tap-chi-in/truoc-2010">Tra cứu tạp chí in trước năm 2010"#));
    }
}

#[tokio::test]
async fn the_api_lists_and_shows_issues() {
    for site in sites().await {
        add_issues(&site).await;
        let list = body_json(get(&site.app, "/api/v1/issues?year=2022").await).await;
        assert_eq!(list["total"], 2, "{}", site.engine);
        assert_eq!(list["items"][0]["label"], "Số 7 - 2022");
        assert!(list["items"][0].get("toc").is_none());
        let id = list["items"][1]["id"].as_i64().expect("id");
        let one = body_json(get(&site.app, &format!("/api/v1/issues/{id}")).await).await;
        assert_eq!((one["number"].as_i64(), one["published_on"].as_str()), (Some(6), Some("2022-06-15")));
        assert_eq!(one["toc"][1]["page"], 17);
        assert!(one["toc"][1]["pdf_url"].as_str().expect("url").ends_with("/media/print/2022/so-6.pdf#page=17"));
        assert!(one["toc"][0]["article_url"].as_str().is_some(), "{}", site.engine);
        let before = body_json(get(&site.app, "/api/v1/issues?before=2010").await).await;
        assert_eq!(before["total"], 2);
        assert_eq!(get(&site.app, "/api/v1/issues/999").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&site.app, "/api/v1/issues?limit=0").await.status(), StatusCode::BAD_REQUEST);
    }
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn post_issue(site: &TestSite, uri: &str, cookie: &str, body: Vec<u8>) -> Response<Body> {
    let request = Request::post(uri)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("cookie", cookie)
        .body(Body::from(body))
        .expect("request");
    site.app.clone().oneshot(request).await.expect("router")
}

#[tokio::test]
async fn the_newsroom_adds_an_issue_with_its_cover_and_pdf() {
    let pdf = toasoan_media::pdf::simple_pdf(&[Some("Muc luc"), Some("Giao duc dai hoc")]).expect("a PDF");
    // The binary reads PDFs in a child process; here the same reading runs in the test.
    let tools = Tools { pdf: Some(std::sync::Arc::new(InProcessReader { cover: None })) };
    for site in sites_with_tools(&standard_articles(), |site| site.page_size = 2, tools).await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let fields = |csrf: &str| -> Vec<(String, String)> {
            [
                ("csrf", csrf),
                ("number", "6"),
                ("year", "2022"),
                ("title", "Chuyển đổi số"),
                ("published_on", "2022-06-15"),
                ("toc", "3 | Giáo dục đại học | Nguyễn Văn A | 1\n17 | Kinh tế nông thôn"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
        };
        let writer_fields = fields(&writer.csrf);
        let refused = multipart(&refs(&writer_fields), &[]);
        assert_eq!(
            post_issue(&site, "/toa-soan/tap-chi-in", &writer.cookie, refused).await.status(),
            StatusCode::FORBIDDEN
        );

        let chief_fields = fields(&chief.csrf);
        let cover = png(600, 830);
        let body = multipart(&refs(&chief_fields), &[("cover", "bia.png", &cover), ("pdf", "so6.pdf", &pdf)]);
        let created = post_issue(&site, "/toa-soan/tap-chi-in", &chief.cookie, body).await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let issue = site.state.db.print_issue_by_number(2022, 6).await.expect("read").expect("saved");
        assert_eq!(issue.toc.len(), 2);
        assert!(issue.cover_url.starts_with("/media/") && issue.pdf_bytes == pdf.len() as i64, "{issue:?}");
        let mut summary = site.state.db.print_pages_summary(issue.id).await.expect("pages");
        for _ in 0..100 {
            if summary.pages > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            summary = site.state.db.print_pages_summary(issue.id).await.expect("pages");
        }
        assert_eq!(summary.pages, 2, "{}: the PDF's text is read in the background", site.engine);
        let edit_page = body_text(
            common::get_with(&site.app, &format!("/toa-soan/tap-chi-in/{}", issue.id), &[("cookie", &chief.cookie)])
                .await,
        )
        .await;
        assert!(edit_page.contains("2 trang đã đọc"), "{}", site.engine);
        let served = get(&site.app, &format!("/media/{}", issue.pdf_path)).await;
        assert_eq!(served.headers()["content-type"], "application/pdf", "{}", site.engine);

        let files_before = site.state.media.list("").await.expect("list").len();
        let media_before = site.state.db.media_library("", 1, 0).await.expect("count").0;
        let again = multipart(&refs(&chief_fields), &[("cover", "bia.png", &cover), ("pdf", "so6.pdf", &pdf)]);
        let duplicate = post_issue(&site, "/toa-soan/tap-chi-in", &chief.cookie, again).await;
        assert_eq!(duplicate.status(), StatusCode::CONFLICT);
        assert!(body_text(duplicate).await.contains("Đã có số 6 năm 2022"));
        assert_eq!(site.state.media.list("").await.expect("list").len(), files_before, "{}: no file left", site.engine);
        assert_eq!(site.state.db.media_library("", 1, 0).await.expect("count").0, media_before, "{}", site.engine);

        let mut edited = chief_fields.clone();
        edited[3].1 = "Chuyển đổi số và con người".into();
        edited[5].1 = "ba | Tiêu đề".into();
        let bad = multipart(&refs(&edited), &[("pdf", "x.pdf", b"not a pdf")]);
        let uri = format!("/toa-soan/tap-chi-in/{}", issue.id);
        let refused = post_issue(&site, &uri, &chief.cookie, bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let page = body_text(refused).await;
        assert!(page.contains("Mục lục, dòng 1") && page.contains("chọn lại ảnh bìa và tệp PDF"), "{}", site.engine);
        assert!(page.contains("Chuyển đổi số và con người"), "what was typed comes back");

        edited[5].1 = "3 | Giáo dục đại học".into();
        let good = multipart(&refs(&edited), &[]);
        assert_eq!(post_issue(&site, &uri, &chief.cookie, good).await.status(), StatusCode::SEE_OTHER);
        let kept = site.state.db.print_issue(issue.id).await.expect("read").expect("exists");
        assert_eq!(
            (kept.title.as_str(), kept.pdf_path.as_str(), kept.toc.len()),
            ("Chuyển đổi số và con người", issue.pdf_path.as_str(), 1)
        );
        let public = body_text(get(&site.app, "/tap-chi-in/2022/so-6").await).await;
        assert!(public.contains("Chuyển đổi số và con người"), "{}: the public page follows at once", site.engine);
    }
}

/// An issue uploaded with its PDF but no cover gets page 1 drawn as one (the binary hands the
/// server `pdftoppm`; here a drawer that returns a picture stands in for it).
#[tokio::test]
async fn an_issue_without_a_cover_gets_page_one_drawn() {
    let pdf = toasoan_media::pdf::simple_pdf(&[Some("Bia"), Some("Trang hai")]).expect("a PDF");
    let tools = Tools { pdf: Some(std::sync::Arc::new(InProcessReader { cover: Some(png(300, 420)) })) };
    for site in sites_with_tools(&standard_articles(), |site| site.page_size = 2, tools).await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let fields = [("csrf", chief.csrf.as_str()), ("number", "9"), ("year", "2023"), ("title", "Không có bìa")];
        let body = multipart(&fields, &[("pdf", "so9.pdf", &pdf)]);
        assert_eq!(
            post_issue(&site, "/toa-soan/tap-chi-in", &chief.cookie, body).await.status(),
            StatusCode::SEE_OTHER
        );
        let mut issue = site.state.db.print_issue_by_number(2023, 9).await.unwrap().unwrap();
        for _ in 0..100 {
            if !issue.cover_url.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            issue = site.state.db.print_issue_by_number(2023, 9).await.unwrap().unwrap();
        }
        assert!(issue.cover_url.starts_with("/media/"), "{}: {issue:?}", site.engine);
        let (_, items) = site.state.db.media_library("", 10, 0).await.unwrap();
        assert_eq!(items[0].alt, "Bìa tạp chí Số 9 - 2023");
        assert!(!site.state.db.set_print_cover_if_none(issue.id, "/media/khac.png").await.unwrap(), "never replaced");
    }
}

#[tokio::test]
async fn lookup_values_are_checked_before_they_become_cache_keys() {
    for site in sites().await {
        add_issues(&site).await;
        let before = site.state.cache.weighted_size();
        for n in 0..50 {
            let uri = format!("/tap-chi-in?nam={n}{}", "9".repeat(60_000));
            let response = get(&site.app, &uri).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
            let page = body_text(response).await;
            assert!(page.contains("Năm phải là một số") && page.len() < 200_000, "{}", site.engine);
        }
        assert_eq!(site.state.cache.weighted_size(), before, "nothing cached: {}", site.engine);
        let padded = body_text(get(&site.app, "/tap-chi-in?nam=02022").await).await;
        let plain = body_text(get(&site.app, "/tap-chi-in?nam=2022").await).await;
        assert_eq!(padded, plain, "one page, one key: {}", site.engine);
    }
}

/// Reads PDFs in the test's own process, and "draws" covers by handing back a fixed picture.
struct InProcessReader {
    cover: Option<Vec<u8>>,
}

impl PdfReader for InProcessReader {
    fn read_pages(&self, pdf: Vec<u8>) -> PdfFuture<Vec<toasoan_media::pdf::PageText>> {
        Box::pin(async move { toasoan_media::pdf::extract_pages(&pdf).map_err(|e| e.to_string()) })
    }

    fn draw_first_page(&self, _pdf: Vec<u8>) -> PdfFuture<Option<Vec<u8>>> {
        let cover = self.cover.clone();
        Box::pin(async move { Ok(cover) })
    }
}

/// A node that died while reading an issue's PDF leaves the job in the table under its lease;
/// when the lease runs out, a live node's runner takes it over and the pages get their text.
#[tokio::test]
async fn a_pdf_job_of_a_dead_node_is_finished_by_another() {
    let pdf = toasoan_media::pdf::simple_pdf(&[Some("Trang mot"), Some("Trang hai")]).expect("a PDF");
    let tools = Tools { pdf: Some(std::sync::Arc::new(InProcessReader { cover: None })) };
    for site in sites_with_tools(&standard_articles(), |_| {}, tools).await {
        site.state.media.put("print/2023/so-1.pdf", pdf.clone()).await.expect("stored");
        let fields = IssueFields {
            number: 1,
            year: 2023,
            title: "Số đầu năm".into(),
            published_on: chrono::NaiveDate::from_ymd_opt(2023, 1, 15),
            pdf_path: "print/2023/so-1.pdf".into(),
            pdf_bytes: pdf.len() as i64,
            ..IssueFields::default()
        };
        let jobs = |id| toasoan_web::features::print::service::jobs_for_new_pdf(id, "print/2023/so-1.pdf", None);
        let id = site.state.db.save_print_issue_with_jobs(None, &fields, jobs).await.expect("saved");
        // Another process claims first, briefly, and dies: it never renews nor finishes.
        let kinds = [toasoan_web::features::print::TEXT_JOB];
        let lease = std::time::Duration::from_millis(500);
        let dead = site.state.db.claim_job("dead-node:1:x", lease, &kinds).await.expect("claim");
        if dead.is_none() {
            // This site's own runner was quicker; the takeover itself is tested in the store.
            continue;
        }
        let mut pages = 0;
        for _ in 0..100 {
            pages = site.state.db.print_pages_summary(id).await.expect("pages").pages;
            if pages > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(pages, 2, "{}: the live node finished the dead node's job", site.engine);
        let counts = site.state.db.job_counts().await.expect("counts");
        assert_eq!((counts.running, counts.failed), (0, 0), "{}", site.engine);
    }
}
