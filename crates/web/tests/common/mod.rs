//! What the router tests share: a site on a fresh database with known articles, and requests.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)] // shared by several test binaries; a failed step is a failed test

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use chrono::{DateTime, Duration, TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use toasoan_core::{ArticleDraft, Block, CategoryRef, Status};
use toasoan_store::testing::{TestDb, test_databases};
use toasoan_store::{CategoryCache, Db};
use toasoan_web::{AppState, SharedState, SiteConfig, Tools, router};
use tower::ServiceExt;

/// A site under test: its state (to reach the cache and the database) and its router.
pub struct TestSite {
    pub engine: &'static str,
    pub state: SharedState,
    pub app: Router,
    pub _db: TestDb,
}

/// 19:24' 1/12/2021 in Vietnam.
pub fn fixture_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 12, 1, 12, 24, 0).single().expect("valid time")
}

pub fn article(source_id: &str, category: &str, title: &str, minutes_later: i64) -> ArticleDraft {
    ArticleDraft {
        source_id: Some(source_id.to_owned()),
        category: CategoryRef { name: category.to_owned(), parent: None },
        title: title.to_owned(),
        lead: String::new(),
        byline: Some("P.V".to_owned()),
        tags: vec!["Nghị quyết".to_owned()],
        blocks: vec![
            Block::paragraph("Sáng 1-12, Đoàn kiểm tra đã có buổi làm việc."),
            Block::caption_only("Toàn cảnh buổi làm việc."),
            Block::paragraph("Đến ngày 25-11 có hơn 231.700 đảng viên tham gia."),
        ],
        status: Status::Published,
        published_at: fixture_time() + Duration::minutes(minutes_later),
        featured: false,
        old_url: None,
    }
}

/// The standard content: three articles in "Thời sự - Chính trị", two in "Kinh tế".
pub fn standard_articles() -> Vec<ArticleDraft> {
    vec![
        article("p1", "Thời sự - Chính trị", "Đồng chí Trưởng Ban Tổ chức Trung ương làm việc với Thành ủy", 0),
        article("p2", "Thời sự - Chính trị", "Hội nghị quán triệt Nghị quyết", -60),
        article("p3", "Thời sự - Chính trị", "Tiếp xúc cử tri", -120),
        article("k1", "Kinh tế", "Giá lúa tăng", -30),
        article("k2", "Kinh tế", "Xuất khẩu cà phê", -90),
    ]
}

/// Writes the articles as imported at a fixed time (a day after the fixture), so pages that
/// show when an article last changed are the same on every run.
pub async fn write(db: &Db, drafts: &[ArticleDraft]) {
    let mut tx = db.begin().await.expect("begin");
    let mut cache = CategoryCache::default();
    let imported_at = fixture_time() + Duration::days(1);
    for d in drafts {
        tx.upsert_article(&mut cache, d, imported_at).await.expect("upsert");
    }
    tx.bump_content_version().await.expect("bump");
    tx.commit().await.expect("commit");
}

/// One site per available engine, each with `drafts` written.
pub async fn sites_with(drafts: &[ArticleDraft], page_size: i64) -> Vec<TestSite> {
    sites_configured(drafts, |site| site.page_size = page_size).await
}

/// Like [`sites_with`], with the site's settings changed by `configure`.
pub async fn sites_configured(drafts: &[ArticleDraft], configure: impl Fn(&mut SiteConfig)) -> Vec<TestSite> {
    sites_with_tools(drafts, configure, Tools::default()).await
}

/// Like [`sites_configured`], with the tools the binary would hand the server (a PDF reader).
pub async fn sites_with_tools(
    drafts: &[ArticleDraft],
    configure: impl Fn(&mut SiteConfig),
    tools: Tools,
) -> Vec<TestSite> {
    let mut sites = Vec::new();
    for test_db in test_databases().await {
        write(&test_db.db, drafts).await;
        let mut site = SiteConfig { name: "Tạp chí Thử nghiệm".into(), ..SiteConfig::default() };
        configure(&mut site);
        let search = std::sync::Arc::new(toasoan_search::SearchIndex::in_memory().expect("search index"));
        toasoan_search::catch_up(&test_db.db, &search).await.expect("index the articles");
        let media = toasoan_media::MediaStore::in_memory();
        let state = AppState::new(test_db.db.clone(), site, search, media, tools.clone()).await.expect("state");
        toasoan_web::spawn_job_runner(state.clone());
        let app = router(state.clone());
        sites.push(TestSite { engine: test_db.engine, state, app, _db: test_db });
    }
    sites
}

pub async fn sites() -> Vec<TestSite> {
    sites_with(&standard_articles(), 2).await
}

/// The answer to a GET with the given headers.
pub async fn get_with(app: &Router, uri: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("infallible router")
}

pub async fn get(app: &Router, uri: &str) -> Response<Body> {
    get_with(app, uri, &[]).await
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8 body")
}

pub async fn body_json(response: Response<Body>) -> serde_json::Value {
    serde_json::from_str(&body_text(response).await).expect("JSON body")
}

/// The page with the stylesheet's content hash replaced, so that a CSS change does not change
/// every page snapshot.
pub fn without_asset_hashes(html: &str) -> String {
    let html = without_tokens(html);
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("/static/") {
        let after = &rest[start + "/static/".len()..];
        let name_end = after.find('"').unwrap_or(after.len());
        let name = &after[..name_end];
        let parts: Vec<&str> = name.split('.').collect();
        out.push_str(&rest[..start]);
        match parts.as_slice() {
            [stem, _hash, extension] => out.push_str(&format!("/static/{stem}.[hash].{extension}")),
            _ => out.push_str(&format!("/static/{name}")),
        }
        rest = &after[name_end..];
    }
    out.push_str(rest);
    out
}

/// The password of every account the tests make.
pub const PASSWORD: &str = "mật khẩu thử nghiệm";

/// A newsroom account with [`PASSWORD`], answering for `categories`.
pub async fn add_user(site: &TestSite, email: &str, role: toasoan_core::Role, categories: &[i64]) -> i64 {
    let hash = toasoan_web::features::accounts::hash_password(PASSWORD.to_owned()).await.expect("hash");
    let new = toasoan_store::NewUser { email, name: email, role, password_hash: &hash };
    let id = site.state.db.create_user(&new).await.expect("user");
    site.state.db.update_user(id, email, role, true, categories).await.expect("categories");
    id
}

/// The page with each one-time comment-form token replaced by `[token]`, for snapshots.
pub fn without_tokens(html: &str) -> String {
    let mut out = html.to_owned();
    for prefix in [r#"name="token" value=""#, "/binh-luan/ma-bao-ve/"] {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(start) = rest.find(prefix) {
            let after = &rest[start + prefix.len()..];
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(after.len());
            result.push_str(&rest[..start + prefix.len()]);
            result.push_str("[token]");
            rest = &after[end..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

/// The one-time token in a page's comment form.
pub fn form_token(html: &str) -> String {
    let prefix = r#"name="token" value=""#;
    let start = html.find(prefix).expect("the page has a comment form") + prefix.len();
    html[start..].split('"').next().expect("a quoted token").to_owned()
}

/// A logged-in member: their cookie and CSRF token.
pub struct Login {
    pub cookie: String,
    pub csrf: String,
}

pub async fn send(app: &Router, method: &str, uri: &str, login: Option<&Login>, body: Option<Value>) -> Response<Body> {
    let mut request = Request::builder().method(method).uri(uri).header("content-type", "application/json");
    if let Some(login) = login {
        request = request.header("cookie", &login.cookie).header("x-csrf-token", &login.csrf);
    }
    let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
    app.clone().oneshot(request.body(body).expect("request")).await.expect("router")
}

pub async fn log_in(site: &TestSite, email: &str) -> Login {
    let response =
        send(&site.app, "POST", "/api/v1/session", None, Some(json!({"email": email, "password": PASSWORD}))).await;
    assert_eq!(response.status(), StatusCode::OK, "{}: login {email}", site.engine);
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let cookie = cookie.split(';').next().expect("pair").to_owned();
    let csrf = body_json(response).await["csrf_token"].as_str().expect("csrf").to_owned();
    Login { cookie, csrf }
}

/// The boundary of [`multipart`] bodies.
pub const BOUNDARY: &str = "----toasoan-test";

/// A `multipart/form-data` body with text `fields` and `files` as (field, file name, bytes).
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (field, file_name, bytes) in files {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

/// A generated RGB PNG.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 40]));
    let mut bytes = Vec::new();
    image::DynamicImage::from(image)
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encode");
    bytes
}

/// A newsroom form sent as `login`, with its CSRF field.
pub async fn post_form(site: &TestSite, uri: &str, login: &Login, fields: &[(&str, &str)]) -> Response<Body> {
    let mut pairs = fields.to_vec();
    pairs.push(("csrf", &login.csrf));
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
    let request = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &login.cookie)
        .body(Body::from(body))
        .expect("request");
    site.app.clone().oneshot(request).await.expect("router")
}
