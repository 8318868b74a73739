//! Image uploads through the API and the media library page, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::{BOUNDARY, TestSite, body_json, body_text, multipart, png, sites};
use serde_json::json;
use toasoan_core::Role;
use toasoan_store::NewUser;
use toasoan_web::features::accounts::hash_password;
use tower::ServiceExt;

const PASSWORD: &str = "mật khẩu thử nghiệm";

async fn login(site: &TestSite, role: Role) -> (String, String) {
    let hash = hash_password(PASSWORD.to_owned()).await.expect("hash");
    let email = format!("{}@toasoan.vn", role.as_str());
    site.state
        .db
        .create_user(&NewUser { email: &email, name: "Ai đó", role, password_hash: &hash })
        .await
        .expect("user");
    let body = json!({"email": email, "password": PASSWORD}).to_string();
    let request = Request::post("/api/v1/session").header("content-type", "application/json").body(Body::from(body));
    let response = site.app.clone().oneshot(request.expect("request")).await.expect("router");
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
    let csrf = body_json(response).await["csrf_token"].as_str().expect("csrf").to_owned();
    (cookie, csrf)
}

async fn upload(site: &TestSite, uri: &str, session: Option<&(String, String)>, body: Vec<u8>) -> Response<Body> {
    let mut request = Request::post(uri).header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
    if let Some((cookie, csrf)) = session {
        request = request.header("cookie", cookie).header("x-csrf-token", csrf);
    }
    site.app.clone().oneshot(request.body(Body::from(body)).expect("request")).await.expect("router")
}

#[tokio::test]
async fn an_uploaded_image_gets_variants_that_the_site_serves() {
    for site in sites().await {
        let session = login(&site, Role::Writer).await;
        let body = multipart(
            &[("alt", "Cánh đồng lúa"), ("caption", "Mùa gặt")],
            &[("file", "Ảnh Đồng Tháp.png", &png(1100, 700))],
        );
        let response = upload(&site, "/api/v1/media", Some(&session), body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", site.engine);
        let created = body_json(response).await;
        let widths: Vec<u64> =
            created["variants"].as_array().expect("variants").iter().map(|v| v["width"].as_u64().unwrap()).collect();
        assert_eq!(widths, vec![320, 640, 1024], "{}", site.engine);
        assert!(created["srcset"].as_str().expect("srcset").contains("640w"));
        let url = created["url"].as_str().expect("url");
        assert!(url.starts_with("/media/") && url.ends_with("anh-dong-thap-1024.jpg"), "{url}");
        let served = common::get(&site.app, url).await;
        assert_eq!(served.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(served.headers()["content-type"], "image/jpeg");
        let bytes = body_text_bytes(served).await;
        assert_eq!(image::load_from_memory(&bytes).expect("image").width(), 1024);
        assert_eq!(
            jpeg_length_and_vary(&site, url).await,
            (bytes.len(), "Accept".to_owned()),
            "any other browser: JPEG"
        );
        // A browser that takes WebP gets the smaller WebP copy at the same address.
        let accept = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";
        let webp = request_with_accept(&site, url, accept).await;
        assert_eq!(webp.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(webp.headers()["content-type"], "image/webp");
        assert_eq!(webp.headers()["vary"], "Accept");
        let webp_bytes = body_text_bytes(webp).await;
        assert!(webp_bytes.len() < bytes.len(), "{} < {}", webp_bytes.len(), bytes.len());
        let decoded = image::load_from_memory_with_format(&webp_bytes, image::ImageFormat::WebP).expect("WebP");
        assert_eq!(decoded.width(), 1024);
        assert_eq!(common::get(&site.app, "/media/999/none.jpg").await.status(), StatusCode::NOT_FOUND);
    }
}

async fn request_with_accept(site: &TestSite, uri: &str, accept: &str) -> Response<Body> {
    let request = Request::get(uri).header("accept", accept).body(Body::empty()).expect("request");
    site.app.clone().oneshot(request).await.expect("router")
}

async fn jpeg_length_and_vary(site: &TestSite, uri: &str) -> (usize, String) {
    let response = request_with_accept(site, uri, "*/*").await;
    let vary = response.headers().get("vary").map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    (body_text_bytes(response).await.len(), vary)
}

async fn body_text_bytes(response: Response<Body>) -> Vec<u8> {
    use http_body_util::BodyExt;
    response.into_body().collect().await.expect("body").to_bytes().to_vec()
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason() {
    for site in sites().await {
        let session = login(&site, Role::Writer).await;
        let no_alt = multipart(&[("alt", "  ")], &[("file", "a.png", &png(10, 10))]);
        let response = upload(&site, "/api/v1/media", Some(&session), no_alt).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert_eq!(body_json(response).await["error"]["code"], "alt_required");
        let svg = multipart(&[("alt", "x")], &[("file", "a.png", b"<svg onload=alert(1)></svg>")]);
        assert_eq!(
            upload(&site, "/api/v1/media", Some(&session), svg).await.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&200_000u32.to_be_bytes());
        let bomb = multipart(&[("alt", "x")], &[("file", "bomb.png", &bomb)]);
        assert_eq!(
            upload(&site, "/api/v1/media", Some(&session), bomb).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let anonymous = multipart(&[("alt", "x")], &[("file", "a.png", &png(10, 10))]);
        assert_eq!(upload(&site, "/api/v1/media", None, anonymous).await.status(), StatusCode::UNAUTHORIZED);
        let moderator = login(&site, Role::Moderator).await;
        let refused = multipart(&[("alt", "x")], &[("file", "a.png", &png(10, 10))]);
        assert_eq!(upload(&site, "/api/v1/media", Some(&moderator), refused).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(site.state.db.media_library("", 10, 0).await.expect("library").0, 0, "nothing half-stored");
    }
}

#[tokio::test]
async fn the_library_page_uploads_without_javascript_and_finds_by_alt_text() {
    for site in sites().await {
        let (cookie, csrf) = login(&site, Role::Writer).await;
        let missing_alt =
            multipart(&[("csrf", &csrf), ("alt", ""), ("caption", "Chú thích")], &[("file", "x.png", &png(20, 20))]);
        let mut request = Request::post("/toa-soan/thu-vien")
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .header("cookie", &cookie);
        let response =
            site.app.clone().oneshot(request.body(Body::from(missing_alt)).expect("request")).await.expect("router");
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert!(body_text(response).await.contains("Hãy nhập mô tả ảnh"), "{}", site.engine);
        let good = multipart(
            &[("csrf", &csrf), ("alt", "Chợ nổi Cái Răng"), ("caption", "")],
            &[("file", "cho.png", &png(700, 400))],
        );
        request = Request::post("/toa-soan/thu-vien")
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .header("cookie", &cookie);
        let response =
            site.app.clone().oneshot(request.body(Body::from(good)).expect("request")).await.expect("router");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let found =
            common::get_with(&site.app, "/toa-soan/thu-vien?q=c%E1%BB%A3", &[("cookie", cookie.as_str())]).await;
        let page = body_text(found).await;
        assert!(!page.contains("Chợ nổi Cái Răng"), "search is by what was typed: {}", site.engine);
        let found =
            common::get_with(&site.app, "/toa-soan/thu-vien?q=ch%E1%BB%A3", &[("cookie", cookie.as_str())]).await;
        assert!(body_text(found).await.contains("Chợ nổi Cái Răng"), "{}", site.engine);
    }
}

#[tokio::test]
async fn the_library_is_listed_and_searched_for_members_who_write() {
    for site in sites().await {
        let session = login(&site, Role::Writer).await;
        for (alt, name) in [("Cánh đồng lúa chín", "lua.png"), ("Chợ nổi Cái Răng", "cho.png")] {
            let body = multipart(&[("alt", alt), ("caption", "Ảnh: Toà soạn")], &[("file", name, &png(400, 300))]);
            assert_eq!(upload(&site, "/api/v1/media", Some(&session), body).await.status(), StatusCode::CREATED);
        }
        let get = |uri: &'static str, cookie: Option<String>| {
            let mut request = Request::get(uri);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            site.app.clone().oneshot(request.body(Body::empty()).expect("request"))
        };
        let all = body_json(get("/api/v1/media", Some(session.0.clone())).await.expect("router")).await;
        assert_eq!(all["total"], 2, "{}", site.engine);
        assert_eq!(all["items"][0]["alt"], "Chợ nổi Cái Răng", "newest first");
        assert!(all["items"][0]["srcset"].as_str().expect("srcset").contains("320w"));
        let found = body_json(get("/api/v1/media?q=lua&limit=5", Some(session.0.clone())).await.expect("router")).await;
        let alts: Vec<&str> =
            found["items"].as_array().expect("items").iter().filter_map(|i| i["alt"].as_str()).collect();
        assert_eq!(alts, ["Cánh đồng lúa chín"], "{}: found without marks", site.engine);
        let anonymous = get("/api/v1/media", None).await.expect("router");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        let moderator = login(&site, Role::Moderator).await;
        assert_eq!(get("/api/v1/media", Some(moderator.0)).await.expect("router").status(), StatusCode::FORBIDDEN);
        let bad = get("/api/v1/media?limit=lots", Some(session.0.clone())).await.expect("router");
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    }
}
