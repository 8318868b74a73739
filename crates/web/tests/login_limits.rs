//! Logging in under attack, on SQLite and PostgreSQL: guesses checked at most five at a time per
//! account even when sent all at once, the owner's browser let in while a stranger is locked
//! out, fields too long refused before anything is stored, and no login from another site.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::{PASSWORD, TestSite, add_user, body_json, send, sites};
use serde_json::json;
use toasoan_core::Role;
use toasoan_store::LOCKOUT_FAILURES;
use tower::ServiceExt;

async fn post(site: &TestSite, uri: &str, headers: &[(&str, &str)], body: impl Into<Body>) -> Response<Body> {
    let mut request = Request::post(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    site.app.clone().oneshot(request.body(body.into()).expect("request")).await.expect("router")
}

fn login_json(email: &str, password: &str) -> String {
    json!({"email": email, "password": password}).to_string()
}

async fn api_login(site: &TestSite, email: &str, password: &str, cookie: Option<&str>) -> Response<Body> {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(cookie) = cookie {
        headers.push(("cookie", cookie));
    }
    post(site, "/api/v1/session", &headers, login_json(email, password)).await
}

fn cookie_named(response: &Response<Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn the_owner_gets_in_from_a_known_browser_while_a_stranger_is_locked_out() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let first = api_login(&site, "pv@toasoan.vn", PASSWORD, None).await;
        assert_eq!(first.status(), StatusCode::OK, "{}", site.engine);
        let device = cookie_named(&first, "toasoan_device").expect("a known-device cookie");
        for _ in 0..LOCKOUT_FAILURES {
            let wrong = api_login(&site, "pv@toasoan.vn", "mật khẩu đoán mò", None).await;
            assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{}", site.engine);
        }
        let stranger = api_login(&site, "pv@toasoan.vn", PASSWORD, None).await;
        assert_eq!(stranger.status(), StatusCode::TOO_MANY_REQUESTS, "{}", site.engine);
        let owner = api_login(&site, "pv@toasoan.vn", PASSWORD, Some(&device)).await;
        assert_eq!(owner.status(), StatusCode::OK, "the owner's browser: {}", site.engine);
        let forged = api_login(&site, "pv@toasoan.vn", PASSWORD, Some("toasoan_device=99999999999.abc")).await;
        assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS, "a made-up cookie: {}", site.engine);
    }
}

#[tokio::test]
async fn overlong_fields_are_refused_before_anything_is_stored() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let huge = format!("{}@x.vn", "a".repeat(2_000_000));
        let response = api_login(&site, &huge, "mật khẩu", None).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{}", site.engine);
        assert_eq!(body_json(response).await["error"]["code"], "body", "{}", site.engine);
        let long = format!("{}@x.vn", "a".repeat(300));
        for _ in 0..10 {
            let response = api_login(&site, &long, "mật khẩu", None).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
            let nul = api_login(&site, "pv@toasoan.vn\0", "mật khẩu", None).await;
            assert_eq!(nul.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
        }
        let form = format!("email={}&password=x", "a".repeat(300));
        let response =
            post(&site, "/toa-soan/dang-nhap", &[("content-type", "application/x-www-form-urlencoded")], form).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", site.engine);
        assert!(site.state.db.audit_entries(100, 0).await.expect("audit").is_empty(), "{}", site.engine);
        let right = api_login(&site, "pv@toasoan.vn", PASSWORD, None).await;
        assert_eq!(right.status(), StatusCode::OK, "nothing was counted: {}", site.engine);
    }
}

#[tokio::test]
async fn logins_from_another_site_are_refused() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let form = format!("email=pv%40toasoan.vn&password={}", PASSWORD.replace(' ', "+"));
        let form_type = ("content-type", "application/x-www-form-urlencoded");
        for header in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
            let headers = [form_type, ("host", "127.0.0.1:8080"), header];
            let response = post(&site, "/toa-soan/dang-nhap", &headers, form.clone()).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{header:?}: {}", site.engine);
            assert!(!response.headers().contains_key("set-cookie"), "{}", site.engine);
            let headers = [("content-type", "application/json"), ("host", "127.0.0.1:8080"), header];
            let response = post(&site, "/api/v1/session", &headers, login_json("pv@toasoan.vn", PASSWORD)).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{header:?}: {}", site.engine);
        }
        let plain =
            post(&site, "/api/v1/session", &[("content-type", "text/plain")], login_json("pv@toasoan.vn", PASSWORD));
        let plain = plain.await;
        assert_eq!(plain.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", site.engine);
        assert!(!plain.headers().contains_key("set-cookie"), "{}", site.engine);
        let ours = post(&site, "/toa-soan/dang-nhap", &[form_type, ("sec-fetch-site", "same-origin")], form).await;
        assert_eq!(ours.status(), StatusCode::SEE_OTHER, "{}", site.engine);
    }
}

#[tokio::test]
async fn a_next_address_with_a_line_break_goes_to_the_newsroom() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let form =
            format!("email=pv%40toasoan.vn&password={}&next=%2Ftoa-soan%2F%0D%0AX%3A+1", PASSWORD.replace(' ', "+"));
        let headers = [("content-type", "application/x-www-form-urlencoded")];
        let response = post(&site, "/toa-soan/dang-nhap", &headers, form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(response.headers()["location"], "/toa-soan/", "{}", site.engine);
        let page = common::get(&site.app, "/toa-soan/dang-nhap?next=%2Ftoa-soan%2F%0D%0AX").await;
        assert_eq!(page.status(), StatusCode::BAD_REQUEST, "refused at the edge: {}", site.engine);
    }
}

#[tokio::test]
async fn the_api_login_and_logout_still_work() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let login = common::log_in(&site, "pv@toasoan.vn").await;
        let me = send(&site.app, "GET", "/api/v1/session", Some(&login), None).await;
        assert_eq!(me.status(), StatusCode::OK, "{}", site.engine);
    }
}
