//! Pages of the print edition in site search, on SQLite and PostgreSQL: found beside articles
//! with issue, page and snippet, the "Tất cả / Bài viết / Tạp chí in" choice, and the API's
//! print hits.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::{TestSite, body_json, body_text, get, sites};
use toasoan_store::{IssueFields, NewPage};

/// Issue 1 of 2008 ("Số Tết") with a PDF whose third page speaks of inflation; returns its id.
async fn add_issue_with_pages(site: &TestSite) -> i64 {
    let fields = IssueFields {
        year: 2008,
        number: 1,
        special_label: "Số Tết".into(),
        title: "Mùa xuân Mậu Tý".into(),
        published_on: NaiveDate::from_ymd_opt(2008, 2, 1),
        pdf_path: "print/2008/so-1-ab.pdf".into(),
        pdf_bytes: 1_000_000,
        ..IssueFields::default()
    };
    let db = &site.state.db;
    let issue = db.save_print_issue(None, &fields).await.expect("issue");
    let inflation = "Kinh tế\nLạm phát năm 2007 lên hai con số,\ngiá vàng và giá lúa cùng tăng.";
    let pages = [
        NewPage { page: 1, text: "Thư chúc Tết Mậu Tý", encoding: "" },
        NewPage { page: 2, text: "", encoding: "" },
        NewPage { page: 3, text: inflation, encoding: "tcvn3" },
    ];
    db.set_print_pages(issue, &pages).await.expect("pages");
    toasoan_search::catch_up(db, &site.state.search).await.expect("catch up");
    issue
}

#[tokio::test]
async fn the_search_page_shows_print_pages_with_issue_page_and_snippet() {
    for site in sites().await {
        add_issue_with_pages(&site).await;
        let all = body_text(get(&site.app, "/tim-kiem?q=gia+lua").await).await;
        assert!(all.contains("Số 1 - 2008, trang 3"), "{}", site.engine);
        assert!(
            all.contains(r##"href="/media/print/2008/so-1-ab.pdf#page=3""##),
            "{}: opens the PDF there",
            site.engine
        );
        assert!(all.contains("Tạp chí in · Số Tết · Mùa xuân Mậu Tý"), "{}", site.engine);
        assert!(
            all.contains("<mark>giá</mark> <mark>lúa</mark> cùng tăng"),
            "{}: lines joined, words marked",
            site.engine
        );
        assert!(all.contains(r#"<span aria-current="page">Tất cả ("#), "{}", site.engine);
        assert!(all.contains("Tạp chí in (1)</a>") && all.contains("&amp;kind=print"), "{}", site.engine);
        assert!(
            all.contains(">Giá <mark>lúa</mark>") || all.contains("<mark>Giá</mark> <mark>lúa</mark>"),
            "{}",
            site.engine
        );

        let print = body_text(get(&site.app, "/tim-kiem?q=gia+lua&kind=print").await).await;
        assert!(print.contains("Tìm thấy 1 trang tạp chí in"), "{}", site.engine);
        assert!(print.contains(r#"name="kind" value="print""#), "{}: the form keeps the choice", site.engine);
        assert!(!print.contains("result-article"), "{}", site.engine);
        let articles = body_text(get(&site.app, "/tim-kiem?q=gia+lua&kind=article").await).await;
        assert!(articles.contains("Tìm thấy") && !articles.contains("result-print"), "{}", site.engine);

        let none = body_text(get(&site.app, "/tim-kiem?q=mau+ty&kind=article").await).await;
        assert!(
            none.contains("Không tìm thấy bài viết nào") && none.contains("Tạp chí in (1)"),
            "{}: {none}",
            site.engine
        );
        let bad = get(&site.app, "/tim-kiem?q=gia&kind=audio").await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
        assert!(body_text(bad).await.contains("Loại kết quả không hợp lệ"), "{}", site.engine);
    }
}

#[tokio::test]
async fn the_api_gives_print_hits_with_issue_and_page() {
    for site in sites().await {
        let issue = add_issue_with_pages(&site).await;
        let body = body_json(get(&site.app, "/api/v1/search?q=lam+phat&kind=print").await).await;
        assert_eq!(body["total"], 1, "{}: {body}", site.engine);
        assert_eq!(body["totals"]["print"], 1, "{}", site.engine);
        let hit = &body["hits"][0];
        assert_eq!(hit["kind"], "print", "{}", site.engine);
        assert_eq!(hit["page"], 3);
        assert_eq!(hit["issue"]["id"], issue);
        assert_eq!((hit["issue"]["number"].as_i64(), hit["issue"]["year"].as_i64()), (Some(1), Some(2008)));
        assert_eq!(hit["issue"]["url"], "/tap-chi-in/2008/so-1");
        assert_eq!(hit["url"], "/media/print/2008/so-1-ab.pdf#page=3");
        assert_eq!(hit["published_at"], "2008-02-01T00:00:00+07:00");
        assert!(hit["snippet"].as_str().unwrap().starts_with("Kinh tế Lạm phát năm 2007"), "{}", site.engine);

        let both = body_json(get(&site.app, "/api/v1/search?q=gia+lua").await).await;
        let kinds: Vec<&str> = both["hits"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"article") && kinds.contains(&"print"), "{}: {kinds:?}", site.engine);
        assert_eq!(
            both["total"].as_i64(),
            Some(both["totals"]["article"].as_i64().unwrap() + both["totals"]["print"].as_i64().unwrap())
        );
        let bad = get(&site.app, "/api/v1/search?q=gia&kind=audio").await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
        assert!(body_json(bad).await["error"]["message"].as_str().unwrap().contains("kind must be"), "{}", site.engine);
    }
}

#[tokio::test]
async fn an_issue_page_searches_inside_that_issue() {
    for site in sites().await {
        let issue = add_issue_with_pages(&site).await;
        site.state.content_changed().await;
        let page = body_text(get(&site.app, "/tap-chi-in/2008/so-1").await).await;
        assert!(page.contains("Tìm trong số này (2 trang)"), "{}: pages with text only", site.engine);
        assert!(page.contains(&format!(r#"name="issue" value="{issue}""#)), "{}", site.engine);

        let inside = body_text(get(&site.app, &format!("/tim-kiem?q=gia+lua&kind=print&issue={issue}")).await).await;
        assert!(inside.contains("Chỉ tìm trong tạp chí in Số 1 - 2008"), "{}", site.engine);
        assert!(
            inside.contains("Số 1 - 2008, trang 3") && inside.contains("/tim-kiem?q=gia+lua\">Tìm trên toàn trang")
        );
        let elsewhere = get(&site.app, &format!("/tim-kiem?q=gia+lua&issue={}", issue + 1)).await;
        let elsewhere = body_text(elsewhere).await;
        assert!(elsewhere.contains("không còn trên trang") && !elsewhere.contains("result-print"), "{}", site.engine);
        let api = body_json(get(&site.app, &format!("/api/v1/search?q=lam+phat&issue={issue}")).await).await;
        assert_eq!(api["total"], 1, "{}: {api}", site.engine);
        assert_eq!(get(&site.app, "/api/v1/search?q=x&issue=abc").await.status(), StatusCode::BAD_REQUEST);
    }
}
