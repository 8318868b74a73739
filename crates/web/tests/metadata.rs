//! What search engines and sharing apps read from our pages: JSON-LD parsed and checked for the
//! required fields, OpenGraph and Twitter cards, share links and the print stylesheet.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use common::{body_text, get, sites_configured, standard_articles};
use serde_json::Value;

const BASE: &str = "https://tapchi.example.vn";

/// Every JSON-LD document of the page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .map(|rest| serde_json::from_str(rest.split("</script>").next().unwrap()).expect("valid JSON-LD"))
        .collect()
}

fn of_type<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter().find(|d| d["@type"] == kind).unwrap_or_else(|| panic!("no {kind} in {docs:?}"))
}

fn meta_content(html: &str, attribute: &str) -> Option<String> {
    let marker = format!(r#"{attribute}" content=""#);
    html.split(&marker).nth(1).map(|rest| rest.split('"').next().unwrap().to_owned())
}

#[tokio::test]
async fn an_article_is_a_news_article_with_its_breadcrumbs_and_cards() {
    for site in sites_configured(&standard_articles(), |s| s.base_url = BASE.to_owned()).await {
        let (_, list) = site
            .state
            .db
            .published_articles(&toasoan_store::ArticleQuery::new(toasoan_store::ListFilter::All, 1, 0))
            .await
            .unwrap();
        let path = list[0].path();
        let html = body_text(get(&site.app, &path).await).await;
        let docs = json_ld(&html);
        let news = of_type(&docs, "NewsArticle");
        assert_eq!(news["@context"], "https://schema.org");
        assert_eq!(news["headline"], list[0].title);
        assert_eq!(news["datePublished"], "2021-12-01T19:24:00+07:00", "{}", site.engine);
        assert!(news["dateModified"].as_str().unwrap().ends_with("+07:00"));
        assert_eq!(news["author"][0]["name"], "P.V");
        assert_eq!(news["publisher"]["@type"], "Organization");
        assert_eq!(news["publisher"]["name"], "Tạp chí Thử nghiệm");
        assert_eq!(news["mainEntityOfPage"]["@id"], format!("{BASE}{path}"));
        let crumbs = of_type(&docs, "BreadcrumbList")["itemListElement"].as_array().unwrap().clone();
        let names: Vec<&str> = crumbs.iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Trang chủ", "Thời sự - Chính trị", list[0].title.as_str()]);
        assert_eq!(crumbs[2]["position"], 3);

        assert_eq!(meta_content(&html, "og:type").as_deref(), Some("article"));
        assert_eq!(meta_content(&html, "og:url"), Some(format!("{BASE}{path}")));
        assert_eq!(meta_content(&html, "og:title").as_deref(), Some(list[0].title.as_str()));
        assert_eq!(meta_content(&html, "twitter:card").as_deref(), Some("summary"));
        assert_eq!(meta_content(&html, "article:published_time").as_deref(), Some("2021-12-01T19:24:00+07:00"));
        assert!(html.contains(&format!(r#"<link rel="canonical" href="{BASE}{path}">"#)));
        let encoded: String = form_urlencoded::byte_serialize(format!("{BASE}{path}").as_bytes()).collect();
        assert!(html.contains(&format!("https://www.facebook.com/sharer/sharer.php?u={encoded}")), "share links");
        assert!(html.contains("data-print hidden>In bài viết"), "the print button waits for JavaScript");
    }
}

#[tokio::test]
async fn the_home_page_and_lists_describe_themselves() {
    for site in sites_configured(&standard_articles(), |s| s.base_url = BASE.to_owned()).await {
        let home = body_text(get(&site.app, "/").await).await;
        let website = json_ld(&home).into_iter().find(|d| d["@type"] == "WebSite").expect("WebSite");
        assert_eq!(website["potentialAction"]["target"], format!("{BASE}/tim-kiem?q={{search_term_string}}"));
        assert_eq!(meta_content(&home, "og:type").as_deref(), Some("website"));
        let list = body_text(get(&site.app, "/kinh-te").await).await;
        let crumbs = json_ld(&list).into_iter().find(|d| d["@type"] == "BreadcrumbList").expect("breadcrumbs");
        assert_eq!(crumbs["itemListElement"][1]["item"], format!("{BASE}/kinh-te"));
        assert_eq!(meta_content(&list, "og:title").as_deref(), Some("Kinh tế | Tạp chí Thử nghiệm"));
    }
}

#[tokio::test]
async fn the_stylesheet_prints_the_article_alone() {
    for site in sites_configured(&standard_articles(), |_| {}).await {
        let html = body_text(get(&site.app, "/").await).await;
        let css_path = html.split(r#"<link rel="stylesheet" href=""#).nth(1).unwrap().split('"').next().unwrap();
        let css = body_text(get(&site.app, css_path).await).await;
        let print = css.split("@media print").nth(1).expect("a print stylesheet");
        for hidden in [".menu", ".secondary", ".comments", ".related", ".share"] {
            assert!(print.contains(hidden), "{hidden} is not printed");
        }
    }
}
