//! The article's picture: the body's first library picture by default, offered in the editor,
//! and shown with its sizes (srcset, width, height) and focal point on the home page's cards, at
//! the top of the article when the body does not show it, in og:image, JSON-LD and the RSS
//! enclosure; a focal point that is not two percentages is refused.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{BOUNDARY, add_user, body_json, body_text, get, get_with, log_in, multipart, png, send, sites};
use serde_json::json;
use toasoan_core::Role;
use tower::ServiceExt;

#[tokio::test]
async fn the_first_body_picture_becomes_the_articles_picture_everywhere() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let body = multipart(&[("alt", "Đồng lúa chín")], &[("file", "dong-lua.png", &png(1200, 675))]);
        let request = Request::post("/api/v1/media")
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .header("cookie", &chief.cookie)
            .header("x-csrf-token", &chief.csrf)
            .body(Body::from(body))
            .expect("request");
        let uploaded = body_json(site.app.clone().oneshot(request).await.expect("router")).await;
        let url = uploaded["url"].as_str().expect("url").to_owned();

        let article = json!({"title": "Mùa gặt ở Đồng Tháp", "category": "kinh-te", "featured": true,
            "blocks": [{"type": "paragraph", "text": "Đoạn đầu."}, {"type": "figure", "image": url, "caption": "Gặt lúa"}]});
        let created = body_json(send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(article)).await).await;
        let id = created["id"].as_i64().expect("id");
        let bad = send(
            &site.app,
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            Some(&chief),
            Some(json!({"featured_focus": "giữa"})),
        )
        .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let focused = send(
            &site.app,
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            Some(&chief),
            Some(json!({"featured_focus": "30,70"})),
        )
        .await;
        assert_eq!(focused.status(), StatusCode::OK, "{}", site.engine);
        let publish = json!({"to": "published"});
        let transitions = format!("/api/v1/articles/{id}/transitions");
        let published = send(&site.app, "POST", &transitions, Some(&chief), Some(publish)).await;
        assert_eq!(published.status(), StatusCode::OK, "{}", site.engine);

        let editor =
            body_text(get_with(&site.app, &format!("/toa-soan/bai-viet/{id}"), &[("cookie", &chief.cookie)]).await)
                .await;
        assert!(
            editor.contains(&format!(r#"name="featured_choice" value="{url}" checked"#)),
            "{}: chosen by default",
            site.engine
        );

        let home = body_text(get(&site.app, "/").await).await;
        let card = home.split("lead-picture").nth(1).expect("the featured article's picture on home");
        assert!(
            card.contains(&format!(r#"src="{url}""#))
                && card.contains("srcset=")
                && card.contains(r#"width="1200" height="675""#),
            "{}",
            site.engine
        );
        assert!(card.contains("focus-25-75") && card.contains(r#"fetchpriority="high""#), "{}", site.engine);

        let page_url = created["url"].as_str().expect("url");
        let page = body_text(get(&site.app, page_url).await).await;
        assert!(!page.contains("top-picture"), "{}: the body shows it already", site.engine);
        assert!(
            page.contains(&format!(r#"<meta property="og:image" content="http://127.0.0.1:8080{url}">"#))
                || page.contains(&format!(r#"og:image" content="{url}"#)),
            "{}",
            site.engine
        );
        assert!(page.contains(r#""image":["#), "{}: JSON-LD", site.engine);
        let rss = body_text(get(&site.app, "/rss.xml").await).await;
        assert!(rss.contains("<enclosure") && rss.contains(&url), "{}", site.engine);
        let media = format!(r#"<media:content medium="image" type="image/jpeg" url="http://127.0.0.1:8080{url}""#);
        assert!(rss.contains(&media) && rss.contains("xmlns:media="), "{}: {rss}", site.engine);
        let news = body_text(get(&site.app, "/sitemaps/news.xml").await).await;
        assert!(
            news.contains(&format!("<image:image><image:loc>http://127.0.0.1:8080{url}</image:loc>")),
            "{}: {news}",
            site.engine
        );

        let outside = json!({"featured_image": "https://anh.example.vn/bia.jpg"});
        let changed = send(&site.app, "PATCH", &format!("/api/v1/articles/{id}"), Some(&chief), Some(outside)).await;
        assert_eq!(changed.status(), StatusCode::OK, "{}", site.engine);
        let stored = site.state.db.article(id).await.expect("read").expect("exists");
        assert_eq!(stored.featured_image, "https://anh.example.vn/bia.jpg", "{}", site.engine);
        let page = body_text(get(&site.app, page_url).await).await;
        assert!(
            page.contains(r#"<div class="top-picture"><img src="https://anh.example.vn/bia.jpg""#),
            "{}: {}",
            site.engine,
            &page[page.find("article-title").unwrap_or(0)..][..700]
        );
    }
}
