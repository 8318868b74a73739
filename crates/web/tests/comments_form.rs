//! Reader comments through the HTML form, as a browser without JavaScript sends them, on SQLite
//! and PostgreSQL: captcha, the form coming back whole, pre-moderation, replies, spam traps.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::{TestSite, add_user, body_text, form_token, get, get_with, log_in, sites_configured, standard_articles};
use http_body_util::BodyExt;
use toasoan_comments::ChallengeKind;
use toasoan_core::Role;
use tower::ServiceExt;

const ARTICLE: &str = "/thoi-su-chinh-tri/dong-chi-truong-ban-to-chuc-trung-uong-lam-viec-voi-thanh-uy-1";

async fn quick_sites() -> Vec<TestSite> {
    sites_configured(&standard_articles(), |site| site.comments.min_fill_seconds = 0).await
}

async fn post_form(site: &TestSite, uri: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Response<Body> {
    let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let mut request = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    site.app.clone().oneshot(request.body(Body::from(body)).expect("request")).await.expect("router")
}

/// A fresh token from the article page, and the picture's answer.
async fn token_and_answer(site: &TestSite) -> (String, String) {
    let token = form_token(&body_text(get(&site.app, ARTICLE).await).await);
    let challenge = site.state.captcha.open(&token, chrono::Utc::now().timestamp()).expect("a live token");
    (token.clone(), site.state.captcha.text(&challenge))
}

fn comment<'a>(token: &'a str, answer: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Nguyễn Văn Đọc"),
        ("email", "doc.gia@example.vn"),
        ("address", "Hà Nội"),
        ("body", body),
        ("token", token),
        ("kieu_ma", "image"),
        ("captcha_answer", answer),
        ("website", ""),
    ]
}

async fn pending_count(site: &TestSite) -> i64 {
    let counts = site.state.db.comment_status_counts().await.expect("counts");
    counts.get(&toasoan_store::CommentStatus::Pending).copied().unwrap_or(0)
}

#[tokio::test]
async fn a_comment_appears_only_after_approval_with_the_newsrooms_reply() {
    for site in quick_sites().await {
        let (token, answer) = token_and_answer(&site).await;
        let text = "Bài viết rất hay.\nDòng thứ hai: https://example.vn";
        let sent = post_form(&site, "/binh-luan/1", &comment(&token, &answer.to_lowercase(), text), None).await;
        assert_eq!(sent.status(), StatusCode::OK, "{}", site.engine);
        assert!(body_text(sent).await.contains("Ý kiến của bạn đã được gửi và đang chờ duyệt"));
        assert!(!body_text(get(&site.app, ARTICLE).await).await.contains("Bài viết rất hay"), "pending is hidden");

        add_user(&site, "kd@toasoan.vn", Role::Moderator, &[]).await;
        let login = log_in(&site, "kd@toasoan.vn").await;
        let queue = body_text(get_with(&site.app, "/toa-soan/binh-luan", &[("cookie", &login.cookie)]).await).await;
        assert!(queue.contains("Bài viết rất hay") && queue.contains("doc.gia@example.vn"), "{}", site.engine);
        let filter = toasoan_store::CommentFilter { limit: 10, ..Default::default() };
        let id = site.state.db.moderation_comments(&filter).await.ok();
        let id = id.and_then(|(_, c)| c.first().map(|c| c.id.to_string())).unwrap_or_default();
        let bulk = [
            ("csrf", login.csrf.as_str()),
            ("id", &id),
            ("hanh-dong", "approved"),
            ("quay-lai", "/toa-soan/binh-luan"),
        ];
        assert_eq!(
            post_form(&site, "/toa-soan/binh-luan", &bulk, Some(&login.cookie)).await.status(),
            StatusCode::SEE_OTHER
        );
        let reply = [("csrf", login.csrf.as_str()), ("body", "Cảm ơn bạn đã đọc.")];
        let uri = format!("/toa-soan/binh-luan/{id}/tra-loi");
        assert_eq!(post_form(&site, &uri, &reply, Some(&login.cookie)).await.status(), StatusCode::SEE_OTHER);

        let page = body_text(get(&site.app, ARTICLE).await).await;
        assert!(page.contains("Nguyễn Văn Đọc") && page.contains("Bài viết rất hay.\nDòng thứ hai"), "{}", site.engine);
        assert!(!page.contains("href=\"https://example.vn"), "links in comments are not clickable");
        assert!(page.contains("Toà soạn trả lời") && page.contains("Cảm ơn bạn đã đọc."));
        assert!(!page.contains("doc.gia@example.vn"), "the e-mail is never public");
        let today = vn::time::format_article_time(chrono::Utc::now());
        let today = today.split(' ').nth(1).expect("a date");
        assert!(page.contains(&format!("' {today}</time>")), "the comment's time reads like 19:24' 1/12/2021");
    }
}

#[tokio::test]
async fn a_refused_form_comes_back_with_everything_typed() {
    for site in quick_sites().await {
        let (token, _) = token_and_answer(&site).await;
        let body = "Ý kiến dài <b>có thẻ</b> và \"ngoặc\"";
        let wrong = post_form(&site, "/binh-luan/1", &comment(&token, "SAI", body), None).await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert_eq!(wrong.headers()["cache-control"], "no-store");
        let page = body_text(wrong).await;
        assert!(page.contains("Mã bảo vệ chưa đúng"), "{}", site.engine);
        assert!(
            page.contains("Ý kiến dài &lt;b&gt;có thẻ&lt;/b&gt; và &quot;ngoặc&quot;</textarea>"),
            "the text is kept"
        );
        assert!(page.contains(r#"value="Nguyễn Văn Đọc""#) && page.contains(r#"value="doc.gia@example.vn""#));
        assert_ne!(form_token(&page), token, "a new captcha");

        let mut fields = comment(&token, "", "");
        fields[1] = ("email", "không phải email");
        let page = body_text(post_form(&site, "/binh-luan/1", &fields, None).await).await;
        for message in ["Địa chỉ email không hợp lệ", "Xin nhập ý kiến của bạn.", "Xin nhập mã bảo vệ."]
        {
            assert!(page.contains(message), "{}: {message}", site.engine);
        }
        assert!(page.contains(r#"aria-invalid="true" aria-describedby="loi-email""#));
        assert_eq!(pending_count(&site).await, 0);
    }
}

#[tokio::test]
async fn an_answer_cannot_be_replayed_forged_or_sent_too_quickly() {
    for site in quick_sites().await {
        let (token, answer) = token_and_answer(&site).await;
        let first = post_form(&site, "/binh-luan/1", &comment(&token, &answer, "Lần một"), None).await;
        assert_eq!(first.status(), StatusCode::OK, "{}", site.engine);
        let again = post_form(&site, "/binh-luan/1", &comment(&token, &answer, "Lần hai"), None).await;
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let page = body_text(again).await;
        assert!(page.contains("đã được gửi một lần") && page.contains("Lần hai</textarea>"), "{}", site.engine);
        let forged = post_form(&site, "/binh-luan/1", &comment("AAAAbbbbCCCC", &answer, "Giả"), None).await;
        assert!(body_text(forged).await.contains("Mã bảo vệ không hợp lệ"));
        let three_hours_ago = chrono::Utc::now().timestamp() - 3 * 3600;
        let old = site.state.captcha.issue(ChallengeKind::Image, three_hours_ago).expect("random");
        let challenge = site.state.captcha.open(&old, three_hours_ago).expect("valid when issued");
        let old_answer = site.state.captcha.text(&challenge);
        let expired = post_form(&site, "/binh-luan/1", &comment(&old, &old_answer, "Để lâu quá"), None).await;
        let page = body_text(expired).await;
        assert!(page.contains("Mã bảo vệ đã hết hạn") && page.contains("Để lâu quá</textarea>"), "{}", site.engine);
        assert_eq!(pending_count(&site).await, 1);
    }
    for site in sites_configured(&standard_articles(), |_| {}).await {
        let (token, answer) = token_and_answer(&site).await;
        let quick = post_form(&site, "/binh-luan/1", &comment(&token, &answer, "Nhanh quá"), None).await;
        assert_eq!(quick.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body_text(quick).await.contains("Bạn gửi nhanh quá"), "{}: a robot's speed", site.engine);
    }
}

#[tokio::test]
async fn readers_who_cannot_see_the_picture_answer_a_question() {
    for site in quick_sites().await {
        let (token, _) = token_and_answer(&site).await;
        let mut fields = comment(&token, "", "Tôi không nhìn thấy ảnh");
        fields.push(("doi_ma", "cau-hoi"));
        let page = body_text(post_form(&site, "/binh-luan/1", &fields, None).await).await;
        assert!(page.contains("Câu hỏi bảo vệ:") && page.contains("goi-y-captcha"), "{}", site.engine);
        assert!(page.contains("Tôi không nhìn thấy ảnh</textarea>"), "the text stays while switching");
        let token = form_token(&page);
        let challenge = site.state.captcha.open(&token, chrono::Utc::now().timestamp()).expect("live");
        let answer = site.state.captcha.expected_answer(&challenge);
        let mut fields = comment(&token, &answer, "Tôi không nhìn thấy ảnh");
        fields[5] = ("kieu_ma", "question");
        let sent = post_form(&site, "/binh-luan/1", &fields, None).await;
        assert_eq!(sent.status(), StatusCode::OK, "{}", site.engine);
    }
}

#[tokio::test]
async fn the_picture_is_a_png_for_live_tokens_only() {
    for site in quick_sites().await {
        let (token, _) = token_and_answer(&site).await;
        let picture = get(&site.app, &format!("/binh-luan/ma-bao-ve/{token}")).await;
        assert_eq!(picture.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(picture.headers()["content-type"], "image/png");
        let bytes = picture.into_body().collect().await.expect("body").to_bytes();
        assert!(bytes.starts_with(b"\x89PNG"));
        let forged = get(&site.app, "/binh-luan/ma-bao-ve/not-a-token").await;
        assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_cached_page_gives_every_reader_a_new_token_gzipped_or_not() {
    for site in quick_sites().await {
        let first = form_token(&body_text(get(&site.app, ARTICLE).await).await);
        let zipped = get_with(&site.app, ARTICLE, &[("accept-encoding", "gzip")]).await;
        assert_eq!(zipped.headers()["content-encoding"], "gzip", "{}", site.engine);
        assert!(zipped.headers()["cache-control"].to_str().expect("ascii").starts_with("private"));
        let bytes = zipped.into_body().collect().await.expect("body").to_bytes();
        let mut html = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut html).expect("valid gzip");
        assert!(html.ends_with("</html>\n") || html.trim_end().ends_with("</html>"));
        assert_ne!(form_token(&html), first, "{}", site.engine);
    }
}

#[tokio::test]
async fn robots_are_turned_away_without_being_told() {
    for site in quick_sites().await {
        let (token, answer) = token_and_answer(&site).await;
        let mut fields = comment(&token, &answer, "Mua hàng giá rẻ");
        fields[7] = ("website", "http://spam.example");
        let sent = post_form(&site, "/binh-luan/1", &fields, None).await;
        assert_eq!(sent.status(), StatusCode::OK, "{}", site.engine);
        assert!(body_text(sent).await.contains("đang chờ duyệt"), "the robot thinks it worked");
        assert_eq!(pending_count(&site).await, 0, "{}: nothing stored", site.engine);
        let huge = "x".repeat(100 * 1024);
        let too_big = post_form(&site, "/binh-luan/1", &comment(&token, &answer, &huge), None).await;
        assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body_text(too_big).await.contains("tối đa 3.000 ký tự"));
        let mut request = Request::post("/binh-luan/1")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site");
        request = request.header("origin", "https://evil.example");
        let forged =
            site.app.clone().oneshot(request.body(Body::from("name=a")).expect("request")).await.expect("router");
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "another site's form");
    }
}
