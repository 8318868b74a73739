//! RSS and Atom for the site and each category, on SQLite and PostgreSQL, read back with the
//! feed parsers: full addresses, `+07:00` times, bylines, the featured image as an enclosure.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{TestSite, add_user, body_text, get, sites_configured, standard_articles};
use toasoan_core::{ArticleContent, Block, Role};

const BASE: &str = "https://tapchi.example.vn";

async fn feed_sites() -> Vec<TestSite> {
    sites_configured(&standard_articles(), |site| site.base_url = BASE.to_owned()).await
}

/// Gives the newest article a featured image, as the newsroom would.
async fn add_featured_image(site: &TestSite) -> String {
    let db = &site.state.db;
    let (_, newest) =
        db.published_articles(&toasoan_store::ArticleQuery::new(toasoan_store::ListFilter::All, 1, 0)).await.unwrap();
    let article = db.article(newest[0].id).await.unwrap().unwrap();
    let user = add_user(site, "bt@example.vn", Role::EditorInChief, &[]).await;
    let content = ArticleContent {
        blocks: vec![Block::paragraph("Nội dung.")],
        byline: article.byline.clone(),
        featured_image: "/media/images/2021/anh-640.webp".to_owned(),
        ..ArticleContent::new(article.title.clone(), article.category.id)
    };
    db.save_article(article.id, user, &content).await.unwrap();
    site.state.content_changed().await;
    article.title
}

#[tokio::test]
async fn the_site_rss_is_valid_with_full_links_and_vietnam_times() {
    for site in feed_sites().await {
        let titled = add_featured_image(&site).await;
        let response = get(&site.app, "/rss.xml").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/rss+xml; charset=utf-8");
        let xml = body_text(response).await;
        let channel = rss::Channel::read_from(xml.as_bytes()).expect("valid RSS");
        assert_eq!(channel.title, "Tạp chí Thử nghiệm");
        assert_eq!(channel.link, format!("{BASE}/"));
        assert_eq!(channel.language.as_deref(), Some("vi"));
        assert_eq!(channel.atom_ext.as_ref().unwrap().links[0].href, format!("{BASE}/rss.xml"));
        assert_eq!(channel.items.len(), 5, "{}", site.engine);
        let first = &channel.items[0];
        assert_eq!(first.title.as_deref(), Some(titled.as_str()), "newest first");
        assert!(first.link.as_deref().unwrap().starts_with(&format!("{BASE}/thoi-su-chinh-tri/")), "{first:?}");
        assert!(first.guid.as_ref().unwrap().permalink);
        assert_eq!(first.pub_date.as_deref(), Some("Wed, 1 Dec 2021 19:24:00 +0700"));
        assert_eq!(first.dublin_core_ext.as_ref().unwrap().creators, ["P.V"]);
        let enclosure = first.enclosure.as_ref().expect("the featured image");
        assert_eq!(enclosure.url, format!("{BASE}/media/images/2021/anh-640.webp"));
        assert_eq!(enclosure.mime_type, "image/webp");
        assert!(channel.items[1].enclosure.is_none(), "no image, no enclosure");
        assert!(xml.contains(r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#));
    }
}

#[tokio::test]
async fn the_site_atom_is_valid_with_ids_authors_and_offsets() {
    for site in feed_sites().await {
        add_featured_image(&site).await;
        let response = get(&site.app, "/atom.xml").await;
        assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let feed = atom_syndication::Feed::read_from(body_text(response).await.as_bytes()).expect("valid Atom");
        assert_eq!(feed.id, format!("{BASE}/atom.xml"));
        assert!(feed.links.iter().any(|l| l.rel == "self" && l.href == format!("{BASE}/atom.xml")));
        assert_eq!(feed.entries.len(), 5);
        let first = &feed.entries[0];
        assert_eq!(first.published.unwrap().to_rfc3339(), "2021-12-01T19:24:00+07:00");
        assert_eq!(first.updated.offset().local_minus_utc(), 7 * 3600);
        assert_eq!(first.authors[0].name, "P.V");
        assert!(first.links.iter().any(|l| l.rel == "enclosure" && l.mime_type.as_deref() == Some("image/webp")));
        assert_eq!(first.id, first.links[0].href, "the id is the permanent address");
    }
}

#[tokio::test]
async fn each_category_has_its_feeds_and_pages_point_to_them() {
    for site in feed_sites().await {
        let xml = body_text(get(&site.app, "/kinh-te/rss.xml").await).await;
        let channel = rss::Channel::read_from(xml.as_bytes()).expect("valid RSS");
        assert_eq!(channel.title, "Kinh tế | Tạp chí Thử nghiệm");
        let titles: Vec<_> = channel.items.iter().filter_map(|i| i.title.clone()).collect();
        assert_eq!(titles, ["Giá lúa tăng", "Xuất khẩu cà phê"], "{}", site.engine);
        let atom = body_text(get(&site.app, "/kinh-te/atom.xml").await).await;
        assert_eq!(atom_syndication::Feed::read_from(atom.as_bytes()).expect("valid").entries.len(), 2);
        assert_eq!(get(&site.app, "/khong-co/rss.xml").await.status(), StatusCode::NOT_FOUND);
        let page = body_text(get(&site.app, "/kinh-te").await).await;
        assert!(page.contains(&format!(r#"href="{BASE}/kinh-te/rss.xml""#)), "{}", site.engine);
        let home = body_text(get(&site.app, "/").await).await;
        assert!(home.contains(&format!(
            r#"type="application/atom+xml" title="Tạp chí Thử nghiệm (Atom)" href="{BASE}/atom.xml""#
        )));
    }
}

#[tokio::test]
async fn a_lead_holding_markup_reaches_feed_readers_as_text() {
    for site in feed_sites().await {
        let db = &site.state.db;
        let (_, newest) = db
            .published_articles(&toasoan_store::ArticleQuery::new(toasoan_store::ListFilter::All, 1, 0))
            .await
            .unwrap();
        let article = db.article(newest[0].id).await.unwrap().unwrap();
        let user = add_user(&site, "bt@example.vn", Role::EditorInChief, &[]).await;
        let content = ArticleContent {
            lead: "Sa-pô <img src=x onerror=alert(2)> & hết".to_owned(),
            blocks: vec![Block::paragraph("Nội dung.")],
            ..ArticleContent::new(article.title.clone(), article.category.id)
        };
        db.save_article(article.id, user, &content).await.unwrap();
        site.state.content_changed().await;
        let xml = body_text(get(&site.app, "/rss.xml").await).await;
        let channel = rss::Channel::read_from(xml.as_bytes()).expect("valid RSS");
        let description = channel.items[0].description.as_deref().expect("a description");
        assert_eq!(description, "Sa-pô &lt;img src=x onerror=alert(2)&gt; &amp; hết", "{}", site.engine);
        let atom = body_text(get(&site.app, "/atom.xml").await).await;
        assert!(!atom.contains("<img"), "{}", site.engine);
    }
}
