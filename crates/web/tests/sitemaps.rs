//! Sitemaps and robots.txt on SQLite and PostgreSQL, read back with an XML parser.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use chrono::Utc;
use common::{TestSite, article, body_text, get, sites_configured, standard_articles, write};
use quick_xml::events::Event;

const BASE: &str = "https://tapchi.example.vn";

async fn sitemap_sites() -> Vec<TestSite> {
    sites_configured(&standard_articles(), |site| site.base_url = BASE.to_owned()).await
}

/// The text of every element named `name`, and the root element's name; fails on bad XML.
fn texts(xml: &str, name: &str) -> (String, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut root, mut inside, mut found) = (String::new(), false, Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_empty() {
                    root = tag.clone();
                }
                inside = tag == name;
                if inside {
                    found.push(String::new());
                }
            }
            Event::Text(t) if inside => found.last_mut().unwrap().push_str(&t.decode().expect("text")),
            Event::GeneralRef(r) if inside => {
                let entity = match r.as_ref() {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    other => panic!("unexpected entity {}", String::from_utf8_lossy(other)),
                };
                found.last_mut().unwrap().push_str(entity);
            }
            Event::End(_) => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    (root, found)
}

#[tokio::test]
async fn robots_txt_points_to_the_sitemaps_and_keeps_out_of_the_newsroom() {
    for site in sitemap_sites().await {
        let robots = body_text(get(&site.app, "/robots.txt").await).await;
        assert!(robots.contains("Disallow: /toa-soan/") && robots.contains("Disallow: /tim-kiem"), "{robots}");
        assert!(robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")), "{robots}");
        assert!(robots.contains(&format!("Sitemap: {BASE}/sitemaps/news.xml")), "{robots}");
    }
}

#[tokio::test]
async fn the_index_lists_every_sitemap_and_each_lists_its_addresses() {
    for site in sitemap_sites().await {
        let response = get(&site.app, "/sitemap.xml").await;
        assert_eq!(response.headers()["content-type"], "application/xml; charset=utf-8");
        let (root, files) = texts(&body_text(response).await, "loc");
        assert_eq!(root, "sitemapindex");
        let expected =
            ["pages.xml", "issues.xml", "news.xml", "articles-1.xml"].map(|f| format!("{BASE}/sitemaps/{f}"));
        assert_eq!(files, expected, "{}: no clips, no clips' file", site.engine);
        let empty = get(&site.app, "/sitemaps/videos.xml").await;
        assert_eq!(empty.status(), StatusCode::NOT_FOUND, "an empty urlset is invalid: {}", site.engine);

        let (root, articles) = texts(&body_text(get(&site.app, "/sitemaps/articles-1.xml").await).await, "loc");
        assert_eq!((root.as_str(), articles.len()), ("urlset", 5), "{}", site.engine);
        assert!(
            articles
                .iter()
                .all(|a| a.starts_with(&format!("{BASE}/")) && a.rsplit('-').next().unwrap().parse::<i64>().is_ok())
        );
        let (_, changed) = texts(&body_text(get(&site.app, "/sitemaps/articles-1.xml").await).await, "lastmod");
        assert!(changed.iter().all(|t| t.ends_with("+07:00")), "{changed:?}");
        assert_eq!(get(&site.app, "/sitemaps/articles-2.xml").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&site.app, "/sitemaps/articles-0.xml").await.status(), StatusCode::NOT_FOUND);
        let huge = "/sitemaps/articles-9223372036854775807.xml";
        assert_eq!(get(&site.app, huge).await.status(), StatusCode::NOT_FOUND, "no overflow");
        assert_eq!(get(&site.app, "/sitemaps/khac.xml").await.status(), StatusCode::NOT_FOUND);

        let (_, pages) = texts(&body_text(get(&site.app, "/sitemaps/pages.xml").await).await, "loc");
        for path in ["/", "/tap-chi-in", "/kinh-te", "/thoi-su-chinh-tri"] {
            assert!(pages.contains(&format!("{BASE}{path}")), "{}: {path} in {pages:?}", site.engine);
        }
    }
}

#[tokio::test]
async fn the_news_sitemap_has_the_last_two_days_only() {
    for site in sitemap_sites().await {
        let mut fresh = article("n1", "Kinh tế", "Giá xăng giảm & <ổn định>", 0);
        fresh.published_at = Utc::now() - chrono::Duration::hours(3);
        write(&site.state.db, &[fresh]).await;
        site.state.content_changed().await;
        let xml = body_text(get(&site.app, "/sitemaps/news.xml").await).await;
        let (_, titles) = texts(&xml, "news:title");
        assert_eq!(titles, ["Giá xăng giảm & <ổn định>"], "{}: 2021's articles are too old", site.engine);
        let (_, names) = texts(&xml, "news:name");
        assert_eq!(names, ["Tạp chí Thử nghiệm"]);
        let (_, dates) = texts(&xml, "news:publication_date");
        assert!(dates[0].ends_with("+07:00"), "{dates:?}");
        assert!(xml.contains(r#"xmlns:news="http://www.google.com/schemas/sitemap-news/0.9""#));
    }
}
