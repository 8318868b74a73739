//! The print edition's storage on both engines: issues unique by year and number, tables of
//! contents linked to articles, lookups by year, number, keyword and "before 2010".
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use chrono::NaiveDate;
use toasoan_store::testing::test_databases;
use toasoan_store::{IssueFields, IssueFilter, NewPage, OcrText, PagesSummary, StoreError, TocEntry};

fn issue(year: i64, number: i64, title: &str) -> IssueFields {
    IssueFields {
        year,
        number,
        title: title.to_owned(),
        published_on: NaiveDate::from_ymd_opt(year as i32, 6, 15),
        toc: vec![
            TocEntry {
                title: "Đổi mới giáo dục đại học".into(),
                author: "Nguyễn Văn A".into(),
                page: Some(3),
                ..Default::default()
            },
            TocEntry {
                title: "Kinh tế số".into(), author: "Trần Thị B".into(), page: Some(12), ..Default::default()
            },
        ],
        ..IssueFields::default()
    }
}

#[tokio::test]
async fn issues_are_unique_by_year_and_number_and_keep_their_contents() {
    for t in test_databases().await {
        let version = t.db.content_version().await.expect("version");
        let id = t.db.save_print_issue(None, &issue(2022, 6, "Chuyển đổi số")).await.expect("create");
        assert!(t.db.content_version().await.expect("version") > version, "the box on every page changes");
        let again = t.db.save_print_issue(None, &issue(2022, 6, "Trùng")).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{}", t.engine);
        let found = t.db.print_issue_by_number(2022, 6).await.expect("read").expect("exists");
        assert_eq!((found.id, found.title.as_str(), found.toc.len()), (id, "Chuyển đổi số", 2), "{}", t.engine);
        assert_eq!(found.published_on, NaiveDate::from_ymd_opt(2022, 6, 15));
        assert_eq!(found.toc[1].page, Some(12));
        assert_eq!(found.path(), "/tap-chi-in/2022/so-6");
        let mut changed = issue(2022, 7, "Chuyển đổi số");
        changed.special_label = "Số Tết".into();
        changed.toc.truncate(1);
        assert_eq!(t.db.save_print_issue(Some(id), &changed).await.expect("update"), id);
        let found = t.db.print_issue(id).await.expect("read").expect("exists");
        assert_eq!((found.number, found.special_label.as_str(), found.toc.len()), (7, "Số Tết", 1), "{}", t.engine);
        assert!(t.db.delete_print_issue(id).await.expect("delete"));
        assert!(t.db.print_issue(id).await.expect("read").is_none());
    }
}

#[tokio::test]
async fn lookups_by_year_number_keyword_and_age() {
    for t in test_databases().await {
        for (year, number) in [(2005, 1), (2009, 12), (2021, 3), (2022, 6), (2022, 7)] {
            t.db.save_print_issue(None, &issue(year, number, &format!("Số {number} năm {year}")))
                .await
                .expect("create");
        }
        let all = IssueFilter { limit: 10, ..IssueFilter::default() };
        let (total, list) = t.db.print_issues(&all).await.expect("list");
        assert_eq!(total, 5, "{}", t.engine);
        assert_eq!((list[0].year, list[0].number), (2022, 7), "newest first");
        let year = IssueFilter { year: Some(2022), ..all.clone() };
        assert_eq!(t.db.print_issues(&year).await.expect("list").0, 2);
        let exact = IssueFilter { year: Some(2022), number: Some(6), ..all.clone() };
        assert_eq!(t.db.print_issues(&exact).await.expect("list").1[0].number, 6);
        let old = IssueFilter { before_year: Some(2010), ..all.clone() };
        assert_eq!(t.db.print_issues(&old).await.expect("list").0, 2, "{}: the scanned archive", t.engine);
        let keyword = IssueFilter { keyword: Some("GIAO DUC dai hoc".into()), year: Some(2021), ..all.clone() };
        assert_eq!(
            t.db.print_issues(&keyword).await.expect("list").0,
            1,
            "{}: by the contents, without marks",
            t.engine
        );
        let nothing = IssueFilter { keyword: Some("100%_".into()), ..all.clone() };
        assert_eq!(t.db.print_issues(&nothing).await.expect("list").0, 0);
        assert_eq!(t.db.print_years().await.expect("years")[0], (2022, 2));
        assert_eq!(t.db.latest_print_issue().await.expect("latest").map(|i| i.number), Some(7));
    }
}

#[tokio::test]
async fn pages_of_an_issue_are_replaced_whole_and_summarised() {
    for t in test_databases().await {
        let id = t.db.save_print_issue(None, &issue(2022, 6, "Có PDF")).await.expect("create");
        let pages = [
            NewPage { page: 1, text: "Trang bìa", encoding: "" },
            NewPage { page: 2, text: "  ", encoding: "" },
            NewPage { page: 3, text: "Hà Nội", encoding: "TCVN3" },
        ];
        t.db.set_print_pages(id, &pages).await.expect("pages");
        let summary = t.db.print_pages_summary(id).await.expect("summary");
        assert_eq!(summary, PagesSummary { pages: 3, without_text: 1, converted: 1, ocr: 0 }, "{}", t.engine);
        assert_eq!(t.db.print_page_text(id, 3).await.expect("read").as_deref(), Some("Hà Nội"));
        t.db.set_print_pages(id, &pages[..1]).await.expect("again");
        assert_eq!(t.db.print_pages_summary(id).await.expect("summary").pages, 1);
        t.db.delete_print_issue(id).await.expect("delete");
        assert_eq!(t.db.print_pages_summary(id).await.expect("summary"), PagesSummary::default());
    }
}

#[tokio::test]
async fn scanned_pages_are_read_once_and_counted() {
    for t in test_databases().await {
        let id = t.db.save_print_issue(None, &issue(1998, 2, "Ảnh quét")).await.expect("create");
        let pages = [
            NewPage { page: 1, text: "Bìa", encoding: "" },
            NewPage { page: 2, text: "", encoding: "" },
            NewPage { page: 3, text: " ", encoding: "" },
        ];
        t.db.set_print_pages(id, &pages).await.expect("pages");
        assert_eq!(t.db.pages_to_ocr(id).await.expect("to read"), vec![2, 3], "{}", t.engine);
        let read = OcrText {
            text: "Giá lúa tăng",
            confidence: 91.5,
            engine: "tesseract 5.3.0 vie",
            picture: "print/pages/1/2.jpg",
        };
        assert!(t.db.set_ocr_page(id, 2, &read).await.expect("ocr"));
        assert!(!t.db.set_ocr_page(id, 9, &read).await.expect("no such page"));
        assert_eq!(t.db.pages_to_ocr(id).await.expect("to read"), vec![3], "{}: page 2 is not read again", t.engine);
        let summary = t.db.print_pages_summary(id).await.expect("summary");
        assert_eq!(summary, PagesSummary { pages: 3, without_text: 1, converted: 0, ocr: 1 }, "{}", t.engine);
        assert_eq!(t.db.print_page_text(id, 2).await.expect("read").as_deref(), Some("Giá lúa tăng"));
        let page = t.db.print_page(id, 2).await.expect("page").expect("there");
        assert_eq!(
            (page.source.as_str(), page.confidence, page.engine.as_str()),
            ("ocr", Some(91.5), "tesseract 5.3.0 vie")
        );
        assert!(t.db.set_hand_page(id, 2, "Giá lúa tăng mạnh").await.expect("hand"));
        assert_eq!(t.db.reset_ocr_pages(id).await.expect("reset"), 0, "{}: a page typed by hand stays", t.engine);
        let listed: Vec<(i64, String)> =
            t.db.scanned_pages(id).await.expect("list").into_iter().map(|p| (p.page, p.source)).collect();
        assert_eq!(listed, [(2, "hand".to_owned()), (3, "pdf".to_owned())], "{}", t.engine);
        assert!(t.db.pages_to_ocr(id).await.expect("to read") == vec![3]);
    }
}
