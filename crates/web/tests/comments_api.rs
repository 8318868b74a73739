//! Comments through the JSON API on SQLite and PostgreSQL: the same rules as the form, errors
//! naming the field, moderation by role, rate limits by trusted proxy, spam words, the XSS corpus.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use common::{TestSite, add_user, body_json, body_text, get, log_in, send, sites_configured, standard_articles};
use serde_json::{Value, json};
use toasoan_core::Role;
use toasoan_store::CommentStatus;
use tower::ServiceExt;

const ARTICLE: &str = "/thoi-su-chinh-tri/dong-chi-truong-ban-to-chuc-trung-uong-lam-viec-voi-thanh-uy-1";

/// Sites without the captcha (as behind another defence) and with roomy limits.
async fn open_sites() -> Vec<TestSite> {
    sites_configured(&standard_articles(), |site| {
        site.comments.captcha = false;
        site.comments.limits.per_ip = 1_000;
        site.comments.limits.per_email = 1_000;
    })
    .await
}

fn comment(email: &str, body: &str) -> Value {
    json!({"name": "Bạn đọc", "email": email, "address": "Huế", "body": body})
}

/// A POST from `peer`, with an optional `X-Forwarded-For`.
async fn post_from(site: &TestSite, peer: &str, forwarded: Option<&str>, body: Value) -> Response<Body> {
    let mut request = Request::post("/api/v1/articles/1/comments").header("content-type", "application/json");
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request.body(Body::from(body.to_string())).expect("request");
    let peer: SocketAddr = format!("{peer}:40000").parse().expect("address");
    request.extensions_mut().insert(ConnectInfo(peer));
    site.app.clone().oneshot(request).await.expect("router")
}

#[tokio::test]
async fn readers_post_and_read_and_moderators_decide() {
    for site in open_sites().await {
        let posted =
            send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(comment("a@x.vn", "Hay!"))).await;
        assert_eq!(posted.status(), StatusCode::ACCEPTED, "{}", site.engine);
        let posted = body_json(posted).await;
        assert_eq!(posted["status"], "pending");
        let id = posted["id"].as_i64().expect("an id");
        let listed = body_json(get(&site.app, "/api/v1/articles/1/comments").await).await;
        assert_eq!(listed, json!({"items": []}), "{}: pending is not public", site.engine);

        let to = format!("/api/v1/comments/{id}/transitions");
        let anonymous = send(&site.app, "POST", &to, None, Some(json!({"to": "approved"}))).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let refused = send(&site.app, "GET", "/api/v1/comments?status=pending", Some(&writer), None).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{}: writers do not moderate", site.engine);

        add_user(&site, "kd@toasoan.vn", Role::Moderator, &[]).await;
        let moderator = log_in(&site, "kd@toasoan.vn").await;
        let queue =
            body_json(send(&site.app, "GET", "/api/v1/comments?status=pending", Some(&moderator), None).await).await;
        assert_eq!(queue["items"][0]["email"], "a@x.vn", "{}", site.engine);
        assert_eq!(queue["items"][0]["article_url"], ARTICLE);
        let bad = send(&site.app, "GET", "/api/v1/comments?status=maybe", Some(&moderator), None).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let no_csrf = common::Login { cookie: moderator.cookie.clone(), csrf: String::new() };
        let forged = send(&site.app, "POST", &to, Some(&no_csrf), Some(json!({"to": "approved"}))).await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{}: CSRF token required", site.engine);
        let approved = send(&site.app, "POST", &to, Some(&moderator), Some(json!({"to": "approved"}))).await;
        assert_eq!(approved.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(body_json(approved).await["status"], "approved");

        let listed = body_json(get(&site.app, "/api/v1/articles/1/comments").await).await;
        let item = &listed["items"][0];
        assert_eq!(
            (item["id"].as_i64(), item["name"].as_str(), item["body"].as_str()),
            (Some(id), Some("Bạn đọc"), Some("Hay!"))
        );
        assert!(item["created_at"].as_str().expect("time").ends_with("+07:00"));
        assert!(item.get("email").is_none() && item["replies"] == json!([]), "{item}");
        let category = body_text(get(&site.app, "/thoi-su-chinh-tri").await).await;
        assert!(
            category.contains(&format!("{ARTICLE}#y-kien\">1 ý kiến</a>")),
            "{}: the count on the list",
            site.engine
        );
        let newsroom = common::get_with(&site.app, "/toa-soan/bai-viet", &[("cookie", &moderator.cookie)]).await;
        assert_eq!(newsroom.status(), StatusCode::FORBIDDEN, "moderators do not list articles");
        let missing = get(&site.app, "/api/v1/articles/999/comments").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn errors_name_the_field_and_the_captcha_is_on_by_default() {
    for site in sites_configured(&standard_articles(), |_| {}).await {
        let invalid = json!({"name": "", "email": "không", "body": "x"});
        let response = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(invalid)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let error = body_json(response).await["error"].clone();
        assert_eq!(error["field"], "name");
        let fields: Vec<&str> =
            error["fields"].as_array().expect("list").iter().filter_map(|f| f["field"].as_str()).collect();
        assert_eq!(fields, ["name", "email", "captcha_answer"], "{}", site.engine);

        let captcha = body_json(get(&site.app, "/api/v1/captcha").await).await;
        let token = captcha["token"].as_str().expect("token");
        assert!(captcha["image_url"].as_str().expect("url").starts_with("/binh-luan/ma-bao-ve/"));
        let challenge = site.state.captcha.open(token, chrono::Utc::now().timestamp()).expect("live");
        let mut sent = comment("b@x.vn", "Có mã bảo vệ");
        sent["captcha_token"] = json!(token);
        sent["captcha_answer"] = json!(site.state.captcha.text(&challenge));
        let accepted = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(sent.clone())).await;
        assert_eq!(accepted.status(), StatusCode::ACCEPTED, "{}", site.engine);
        sent["body"] = json!("Gửi lại cùng mã");
        let replayed = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(sent)).await;
        assert_eq!(body_json(replayed).await["error"]["field"], "captcha_answer", "{}: used once", site.engine);
        let question = body_json(get(&site.app, "/api/v1/captcha?kind=question").await).await;
        assert!(question["question"].as_str().expect("text").ends_with('?'));
        let junk = send(&site.app, "POST", "/api/v1/articles/1/comments", None, None).await;
        assert_eq!(junk.status(), StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn limits_count_the_reader_behind_a_trusted_proxy_only() {
    let configure = |site: &mut toasoan_web::SiteConfig| {
        site.comments.captcha = false;
        site.comments.limits.per_ip = 2;
        site.comments.trusted_proxies = vec!["10.0.0.1".parse().expect("ip")];
    };
    for site in sites_configured(&standard_articles(), configure).await {
        for n in 0..2 {
            let ok =
                post_from(&site, "10.0.0.1", Some("1.1.1.1"), comment(&format!("{n}@x.vn"), &format!("Ý kiến {n}")))
                    .await;
            assert_eq!(ok.status(), StatusCode::ACCEPTED, "{}", site.engine);
        }
        let third = post_from(&site, "10.0.0.1", Some("1.1.1.1"), comment("c@x.vn", "Ba")).await;
        assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS, "{}", site.engine);
        assert_eq!(body_json(third).await["error"]["code"], "rate_limited");
        let other = post_from(&site, "10.0.0.1", Some("2.2.2.2"), comment("d@x.vn", "Bốn")).await;
        assert_eq!(other.status(), StatusCode::ACCEPTED, "another reader behind the same proxy");
        for (n, forged) in ["3.3.3.3", "4.4.4.4", "5.5.5.5"].iter().enumerate() {
            let response =
                post_from(&site, "9.9.9.9", Some(forged), comment(&format!("s{n}@x.vn"), &format!("S {n}"))).await;
            let expected = if n < 2 { StatusCode::ACCEPTED } else { StatusCode::TOO_MANY_REQUESTS };
            assert_eq!(response.status(), expected, "{}: a stranger's header is ignored", site.engine);
        }
    }
}

#[tokio::test]
async fn blocked_words_and_marked_spammers_go_to_spam_silently() {
    let configure = |site: &mut toasoan_web::SiteConfig| {
        site.comments.captcha = false;
        site.comments.rules = toasoan_comments::SpamRules::new(&["cờ bạc".to_owned()], 2);
    };
    for site in sites_configured(&standard_articles(), configure).await {
        let sneaky = post_from(&site, "7.7.7.7", None, comment("x@x.vn", "Choi CO BAC online")).await;
        assert_eq!(sneaky.status(), StatusCode::ACCEPTED, "{}", site.engine);
        assert_eq!(body_json(sneaky).await["status"], "pending", "the sender learns nothing");
        let links = post_from(&site, "7.7.7.8", None, comment("y@x.vn", "http://a.vn http://b.vn http://c.vn")).await;
        assert_eq!(body_json(links).await["error"]["field"], "body");
        let counts = site.state.db.comment_status_counts().await.expect("counts");
        assert_eq!(counts.get(&CommentStatus::Spam), Some(&1), "{}", site.engine);

        let first = body_json(post_from(&site, "6.6.6.6", None, comment("ban@x.vn", "Quảng cáo")).await).await;
        let moderator = add_user(&site, "kd@toasoan.vn", Role::Moderator, &[]).await;
        let id = first["id"].as_i64().expect("id");
        site.state.db.decide_comments(&[id], CommentStatus::Spam, moderator, chrono::Utc::now()).await.expect("spam");
        let again = post_from(&site, "6.6.6.6", None, comment("khac@x.vn", "Lại quảng cáo")).await;
        assert_eq!(body_json(again).await["status"], "pending");
        let counts = site.state.db.comment_status_counts().await.expect("counts");
        assert_eq!(counts.get(&CommentStatus::Spam), Some(&3), "{}: marking spam taught the filter", site.engine);
    }
}

/// Payloads that try to become markup; none may survive as such on the article page.
const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">bấm</a>",
    "\"><script>alert(document.cookie)</script>",
    "'><iframe src=javascript:alert(1)>",
    "<b onmouseover=alert(1)>chữ</b",
    "<<script>alert(1)//<</script>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "{{ 7*7 }} {% raw %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</textarea><script>alert(1)</script>",
    "<!--toasoan:slot-->",
];

#[tokio::test]
async fn no_xss_payload_survives_as_markup() {
    for site in open_sites().await {
        let mut ids = Vec::new();
        for (n, payload) in XSS.iter().enumerate() {
            let mut sent = comment(&format!("x{n}@x.vn"), &format!("Ý kiến {n}: {payload}"));
            sent["name"] = json!(format!("Tên {n} {payload}"));
            sent["address"] = json!(payload);
            let response = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(sent)).await;
            assert_eq!(response.status(), StatusCode::ACCEPTED, "{}: {payload}", site.engine);
            ids.push(body_json(response).await["id"].as_i64().expect("id"));
        }
        let hidden = "Ẩn\u{202E}gnp.exe\u{200B} và 👨\u{200D}👩\u{200D}👧 Tiếng Việt nguyên vẹn";
        let response =
            send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(comment("z@x.vn", hidden))).await;
        ids.push(body_json(response).await["id"].as_i64().expect("id"));
        let moderator_id = add_user(&site, "kd@toasoan.vn", Role::Moderator, &[]).await;
        site.state
            .db
            .decide_comments(&ids, CommentStatus::Approved, moderator_id, chrono::Utc::now())
            .await
            .expect("approve");
        site.state.content_changed().await;
        let page = body_text(get(&site.app, ARTICLE).await).await;
        let comments = &page[page.find("class=\"comments\"").expect("comments")..];
        for payload in XSS.iter().filter(|p| p.contains('<') || p.contains('"')) {
            assert!(!comments.contains(payload), "{}: {payload} survived", site.engine);
        }
        for forbidden in
            ["<script>alert", "<img", "<svg", "<iframe", "onerror=alert(1)>", "<b onmouseover", "<a href=\"javascript"]
        {
            assert!(!comments.contains(forbidden), "{}: {forbidden}", site.engine);
        }
        assert!(comments.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
        assert!(comments.contains("&amp;lt;script&amp;gt;"), "entities typed by the reader are shown as typed");
        assert!(!comments.contains('\u{202E}') && !comments.contains('\u{200B}'), "no disguising characters");
        assert!(comments.contains("Ẩngnp.exe và 👨\u{200D}👩\u{200D}👧 Tiếng Việt nguyên vẹn"), "{}", site.engine);
        assert_eq!(page.matches("<!--toasoan:slot-->").count(), 0, "a reader cannot add a hole to the page");
    }
}
