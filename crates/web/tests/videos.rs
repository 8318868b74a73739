//! Video clips on SQLite and PostgreSQL: the videos page, a clip's page (our file in a `<video>`,
//! a provider's player behind a facade that requests nothing from the provider), the box on the
//! home page, JSON-LD VideoObject, the clips' feed and the API.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use common::{TestSite, body_json, body_text, get, sites_configured, standard_articles};
use toasoan_store::{VideoFields, VideoSource};

const BASE: &str = "https://tapchi.example.vn";

struct Clips {
    file: String,
    embed: String,
    draft: i64,
}

async fn add_clips(site: &TestSite) -> Clips {
    let db = &site.state.db;
    let economy = db.category_by_slug("kinh-te").await.unwrap().unwrap().id;
    let at = |day| Utc.with_ymd_and_hms(2026, 11, day, 3, 0, 0).single().unwrap();
    let clip = |title: &str, source: VideoSource, day| VideoFields {
        slug: vn::slug(title),
        title: title.to_owned(),
        description: format!("Toàn cảnh {title}."),
        category_id: Some(economy),
        poster_url: "/media/images/poster-640.webp".to_owned(),
        duration_seconds: Some(245),
        source,
        published: true,
        published_at: at(day),
    };
    let mp4 = VideoSource::File { path: "video/2026/phien-hop.mp4".into(), bytes: 1234, mime: "video/mp4".into() };
    site.state.media.put("video/2026/phien-hop.mp4", vec![0; 1234]).await.unwrap();
    let youtube = VideoSource::Embed { url: "https://youtu.be/dQw4w9WgXcQ".into() };
    let file = db.save_video(None, &clip("Phiên họp Chính phủ", mp4, 1)).await.unwrap().unwrap();
    let embed = db.save_video(None, &clip("Xuất khẩu gạo kỷ lục", youtube.clone(), 2)).await.unwrap().unwrap();
    let mut hidden = clip("Bản nháp", youtube, 3);
    hidden.published = false;
    let draft = db.save_video(None, &hidden).await.unwrap().unwrap();
    site.state.content_changed().await;
    let path = |id| futures_path(db, id);
    Clips { file: path(file).await, embed: path(embed).await, draft }
}

async fn futures_path(db: &toasoan_store::Db, id: i64) -> String {
    db.video(id).await.unwrap().unwrap().path()
}

async fn video_sites() -> Vec<TestSite> {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    sites_configured(&standard_articles(), |s| s.base_url = BASE.to_owned()).await
}

#[tokio::test]
async fn the_videos_page_and_the_box_show_published_clips() {
    for site in video_sites().await {
        add_clips(&site).await;
        let page = body_text(get(&site.app, "/video").await).await;
        assert!(
            page.contains("Xuất khẩu gạo kỷ lục") && page.contains("Phiên họp Chính phủ"),
            "{}: {page}",
            site.engine
        );
        assert!(!page.contains("Bản nháp"), "drafts stay in the newsroom");
        assert!(page.contains(r#"<span class="duration">4:05</span>"#));
        let home = body_text(get(&site.app, "/").await).await;
        assert!(home.contains(r#"<a href="/video">Video clips</a>"#) && home.contains("Xuất khẩu gạo kỷ lục"));
        assert_eq!(get(&site.app, "/video/trang-2").await.status(), StatusCode::NOT_FOUND, "one page only");
        assert_eq!(get(&site.app, "/video/trang-1").await.status(), StatusCode::MOVED_PERMANENTLY);
    }
}

#[tokio::test]
async fn a_providers_player_waits_behind_a_facade() {
    for site in video_sites().await {
        let clips = add_clips(&site).await;
        let html = body_text(get(&site.app, &clips.embed).await).await;
        assert!(html.contains(r#"data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1""#));
        assert!(html.contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#), "a link without JavaScript");
        assert!(!html.contains("<iframe"), "no player before the click");
        assert!(!html.contains(r#"src="http"#), "{}: nothing is loaded from another site", site.engine);
        assert!(html.contains("Xem video trên YouTube"));
        let video_object =
            html.split(r#"<script type="application/ld+json">"#).nth(1).unwrap().split("</script>").next().unwrap();
        let object: serde_json::Value = serde_json::from_str(video_object).unwrap();
        assert_eq!(object["@type"], "VideoObject");
        assert_eq!(object["duration"], "PT4M5S");
        assert_eq!(object["uploadDate"], "2026-11-02T10:00:00+07:00");
        assert_eq!(object["embedUrl"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
        assert_eq!(object["thumbnailUrl"][0], format!("{BASE}/media/images/poster-640.webp"));
        assert!(html.contains("Video liên quan") && html.contains("Phiên họp Chính phủ"), "related clips");
    }
}

#[tokio::test]
async fn our_own_files_play_in_the_page() {
    for site in video_sites().await {
        let clips = add_clips(&site).await;
        let html = body_text(get(&site.app, &clips.file).await).await;
        assert!(html.contains(r#"<source src="/media/video/2026/phien-hop.mp4" type="video/mp4">"#), "{}", site.engine);
        assert!(html.contains(r#"poster="/media/images/poster-640.webp""#));
        assert!(html.contains(&format!(r#""contentUrl":"{BASE}/media/video/2026/phien-hop.mp4""#)));
        let wrong = clips.file.replace("phien-hop", "sai");
        assert_eq!(get(&site.app, &wrong).await.status(), StatusCode::MOVED_PERMANENTLY);
        let draft = format!("/video/ban-nhap-{}", clips.draft);
        assert_eq!(get(&site.app, &draft).await.status(), StatusCode::NOT_FOUND);
        let feed = body_text(get(&site.app, "/video/rss.xml").await).await;
        let channel = rss::Channel::read_from(feed.as_bytes()).expect("valid RSS");
        let enclosure = channel.items.iter().find_map(|i| i.enclosure.clone().filter(|e| e.mime_type == "video/mp4"));
        let enclosure = enclosure.expect("the file clip's enclosure");
        assert_eq!(
            (enclosure.url.as_str(), enclosure.length.as_str()),
            (format!("{BASE}/media/video/2026/phien-hop.mp4").as_str(), "1234")
        );
    }
}

#[tokio::test]
async fn the_api_lists_and_shows_clips() {
    for site in video_sites().await {
        let clips = add_clips(&site).await;
        let list = body_json(get(&site.app, "/api/v1/videos?limit=10").await).await;
        assert_eq!(list["total"], 2, "{}: {list}", site.engine);
        let first = &list["items"][0];
        assert_eq!(first["title"], "Xuất khẩu gạo kỷ lục");
        assert_eq!(first["url"], clips.embed);
        assert_eq!(first["duration"], 245);
        assert_eq!(first["published_at"], "2026-11-02T10:00:00+07:00");
        assert_eq!(first["poster"], format!("{BASE}/media/images/poster-640.webp"));
        assert_eq!(first["source"]["kind"], "embed");
        assert_eq!(list["items"][1]["source"]["type"], "video/mp4");
        let id = first["id"].as_i64().unwrap();
        let one = body_json(get(&site.app, &format!("/api/v1/videos/{id}")).await).await;
        assert_eq!(one["category"]["slug"], "kinh-te");
        assert_eq!(one["description"], "Toàn cảnh Xuất khẩu gạo kỷ lục.");
        assert_eq!(get(&site.app, &format!("/api/v1/videos/{}", clips.draft)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&site.app, "/api/v1/videos/abc").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(get(&site.app, "/api/v1/videos?limit=500").await.status(), StatusCode::BAD_REQUEST);
        let none = body_json(get(&site.app, "/api/v1/videos?category=thoi-su-chinh-tri").await).await;
        assert_eq!(none["total"], 0);
        assert_eq!(get(&site.app, "/api/v1/videos?category=khong-co").await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_video_in_an_article_waits_behind_the_same_facade() {
    let mut draft = common::article("v1", "Kinh tế", "Toàn cảnh mùa lúa", 0);
    draft
        .blocks
        .push(toasoan_core::Block::Video { url: "https://vimeo.com/76979871".into(), title: "Gặt lúa".into() });
    draft
        .blocks
        .push(toasoan_core::Block::Video { url: "https://example.com/clip".into(), title: "Nơi khác".into() });
    for site in common::sites_with(&[draft.clone()], 10).await {
        let (_, list) = site
            .state
            .db
            .published_articles(&toasoan_store::ArticleQuery::new(toasoan_store::ListFilter::All, 1, 0))
            .await
            .unwrap();
        let html = body_text(get(&site.app, &list[0].path()).await).await;
        assert!(
            html.contains(r#"data-player="https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1""#),
            "{}",
            site.engine
        );
        assert!(html.contains("Gặt lúa · Vimeo"));
        assert!(
            html.contains(r#"<a href="https://example.com/clip" rel="noopener noreferrer">▶ Nơi khác</a>"#),
            "other links stay links"
        );
        assert!(!html.contains("<iframe"));
    }
}

#[tokio::test]
async fn the_video_sitemap_lists_published_clips_with_where_they_play() {
    for site in video_sites().await {
        let clips = add_clips(&site).await;
        let index = body_text(get(&site.app, "/sitemap.xml").await).await;
        assert!(index.contains("/sitemaps/videos.xml</loc>"), "listed once there are clips: {}", site.engine);
        let xml = body_text(get(&site.app, "/sitemaps/videos.xml").await).await;
        assert!(xml.contains(&format!("<loc>{BASE}{}</loc>", clips.embed)), "{}", site.engine);
        assert!(xml.contains(
            "<video:player_loc>https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1</video:player_loc>"
        ));
        assert!(xml.contains(&format!("<video:content_loc>{BASE}/media/video/2026/phien-hop.mp4</video:content_loc>")));
        assert!(xml.contains("<video:duration>245</video:duration>") && !xml.contains("Bản nháp"));
        assert!(
            xml.contains(&format!("<video:thumbnail_loc>{BASE}/media/images/poster-640.webp</video:thumbnail_loc>"))
        );
    }
}

#[tokio::test]
async fn site_search_finds_clips() {
    for site in video_sites().await {
        let clips = add_clips(&site).await;
        toasoan_search::catch_up(&site.state.db, &site.state.search).await.unwrap();
        let page = body_text(get(&site.app, "/tim-kiem?q=xuat+khau+gao+ky+luc&kind=video").await).await;
        assert!(
            page.contains("Tìm thấy 1 video") && page.contains(&format!(r#"href="{}""#, clips.embed)),
            "{}",
            site.engine
        );
        assert!(page.contains("Video · 4:05") && page.contains(r#"<span aria-current="page">Video (1)</span>"#));
        let api = body_json(get(&site.app, "/api/v1/search?q=phien+hop+chinh+phu&kind=video").await).await;
        assert_eq!(api["hits"][0]["kind"], "video", "{}: {api}", site.engine);
        assert_eq!(api["hits"][0]["url"], clips.file);
        assert_eq!(api["totals"]["video"], 1);
        let drafts = body_json(get(&site.app, "/api/v1/search?q=ban+nhap&kind=video").await).await;
        assert_eq!(drafts["total"], 0, "drafts are not searchable");
    }
}
