//! The newsroom's pages, as a browser without JavaScript uses them, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::{PASSWORD, TestSite, add_user, body_text, sites};
use toasoan_core::Role;
use tower::ServiceExt;

struct Browser {
    cookie: String,
    csrf: String,
}

fn encode(fields: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

async fn post(site: &TestSite, uri: &str, browser: Option<&Browser>, fields: &[(&str, &str)]) -> Response<Body> {
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    let mut request = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(b) = browser {
        request = request.header("cookie", &b.cookie);
        if !fields.iter().any(|(k, _)| *k == "csrf") {
            pairs.push(("csrf", &b.csrf));
        }
    }
    let body = Body::from(encode(&pairs));
    site.app.clone().oneshot(request.body(body).expect("request")).await.expect("router")
}

async fn get(site: &TestSite, uri: &str, browser: &Browser) -> Response<Body> {
    common::get_with(&site.app, uri, &[("cookie", browser.cookie.as_str())]).await
}

async fn log_in(site: &TestSite, email: &str) -> Browser {
    let response = post(site, "/toa-soan/dang-nhap", None, &[("email", email), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}: login {email}", site.engine);
    let cookie = response.headers()["set-cookie"].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
    let mut browser = Browser { cookie, csrf: String::new() };
    let session = common::body_json(get(site, "/api/v1/session", &browser).await).await;
    browser.csrf = session["csrf_token"].as_str().expect("the session's CSRF token").to_owned();
    browser
}

fn location(response: &Response<Body>) -> String {
    response.headers()["location"].to_str().expect("location").to_owned()
}

async fn category(site: &TestSite, slug: &str) -> i64 {
    site.state.db.category_by_slug(slug).await.expect("read").expect("category").id
}

async fn create(site: &TestSite, browser: &Browser, title: &str, body: &str) -> i64 {
    let economy = category(site, "kinh-te").await.to_string();
    let fields =
        [("title", title), ("lead", "Sa-pô"), ("category", economy.as_str()), ("tags", "Một, Hai"), ("body", body)];
    let response = post(site, "/toa-soan/bai-viet/moi", Some(browser), &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", site.engine);
    let to = location(&response);
    to.trim_start_matches("/toa-soan/bai-viet/").split('?').next().expect("id").parse().expect("numeric id")
}

#[tokio::test]
async fn anonymous_visitors_go_to_the_login_page_and_wrong_passwords_keep_the_email() {
    for site in sites().await {
        let response = common::get(&site.app, "/toa-soan/bai-viet?trang-thai=draft").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(location(&response), "/toa-soan/dang-nhap?next=%2Ftoa-soan%2Fbai-viet%3Ftrang-thai%3Ddraft");
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let wrong = post(&site, "/toa-soan/dang-nhap", None, &[("email", "pv@toasoan.vn"), ("password", "sai")]).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{}", site.engine);
        let page = body_text(wrong).await;
        assert!(page.contains("value=\"pv@toasoan.vn\"") && page.contains("không đúng"), "{}", site.engine);
    }
}

#[tokio::test]
async fn a_writer_writes_in_markdown_and_submits_and_forms_need_their_token() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let id = create(&site, &writer, "Giá lúa tăng mạnh", "Đoạn **đậm**.\n\n## Tiểu mục\n\n- một\n- hai").await;
        let editor = body_text(get(&site, &format!("/toa-soan/bai-viet/{id}?da-luu"), &writer).await).await;
        assert!(editor.contains("Đã lưu.") && editor.contains("Giá lúa tăng mạnh"), "{}", site.engine);
        let article = site.state.db.article(id).await.expect("read").expect("exists");
        assert_eq!(article.blocks.len(), 3, "{}", site.engine);

        let forged =
            post(&site, &format!("/toa-soan/bai-viet/{id}"), Some(&writer), &[("csrf", "x"), ("title", "Đổi")]).await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{}", site.engine);
        let economy = category(&site, "kinh-te").await.to_string();
        let empty = [("title", " "), ("category", economy.as_str()), ("body", "Nội dung tôi vừa gõ")];
        let invalid = post(&site, &format!("/toa-soan/bai-viet/{id}"), Some(&writer), &empty).await;
        assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert!(body_text(invalid).await.contains("Nội dung tôi vừa gõ"), "nothing typed is lost: {}", site.engine);

        let publish =
            post(&site, &format!("/toa-soan/bai-viet/{id}/chuyen-trang-thai"), Some(&writer), &[("to", "published")])
                .await;
        assert_eq!(publish.status(), StatusCode::FORBIDDEN, "{}", site.engine);
        let submit = post(
            &site,
            &format!("/toa-soan/bai-viet/{id}/chuyen-trang-thai"),
            Some(&writer),
            &[("to", "submitted"), ("note", "Nhờ duyệt")],
        )
        .await;
        assert_eq!(submit.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let users = get(&site, "/toa-soan/nguoi-dung", &writer).await;
        assert_eq!(users.status(), StatusCode::FORBIDDEN, "{}", site.engine);
        // A refusal a handler returned as an error is still the newsroom's page, with the menu.
        let refused = body_text(users).await;
        assert!(refused.contains("Không có quyền") && refused.contains("pv@toasoan.vn"), "{refused}");
        let missing = get(&site, "/toa-soan/bai-viet/999999", &writer).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        let missing = body_text(missing).await;
        assert!(missing.contains("Không tìm thấy") && missing.contains("pv@toasoan.vn"), "{missing}");
    }
}

#[tokio::test]
async fn an_editor_approves_and_schedules_and_revisions_compare_and_restore() {
    for site in sites().await {
        let economy = category(&site, "kinh-te").await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        add_user(&site, "pv2@toasoan.vn", Role::Writer, &[]).await;
        add_user(&site, "btv@toasoan.vn", Role::Editor, &[economy]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let id = create(&site, &writer, "Bản đầu tiên", "Đoạn một.").await;
        let other = log_in(&site, "pv2@toasoan.vn").await;
        assert_eq!(get(&site, &format!("/toa-soan/bai-viet/{id}"), &other).await.status(), StatusCode::NOT_FOUND);
        let step = format!("/toa-soan/bai-viet/{id}/chuyen-trang-thai");
        post(&site, &step, Some(&writer), &[("to", "submitted")]).await;

        let editor = log_in(&site, "btv@toasoan.vn").await;
        let dashboard = body_text(get(&site, "/toa-soan/", &editor).await).await;
        assert!(dashboard.contains("Bản đầu tiên"), "waiting for review: {}", site.engine);
        let economy = economy.to_string();
        let fields = [("title", "Bản biên tập"), ("category", economy.as_str()), ("body", "Đoạn một, đã sửa.")];
        assert_eq!(
            post(&site, &format!("/toa-soan/bai-viet/{id}"), Some(&editor), &fields).await.status(),
            StatusCode::SEE_OTHER
        );
        post(&site, &step, Some(&editor), &[("to", "approved")]).await;
        let past = post(&site, &step, Some(&editor), &[("to", "scheduled"), ("at", "2020-01-01T08:00")]).await;
        assert_eq!(past.status(), StatusCode::CONFLICT, "{}", site.engine);
        assert!(body_text(past).await.contains("tương lai"), "{}", site.engine);
        let later = vn::time::format_local_input(chrono::Utc::now() + chrono::Duration::days(1));
        let scheduled = post(&site, &step, Some(&editor), &[("to", "scheduled"), ("at", later.as_str())]).await;
        assert_eq!(scheduled.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let page = body_text(get(&site, &format!("/toa-soan/bai-viet/{id}"), &editor).await).await;
        assert!(page.contains("Lên lịch") && page.contains("Hủy lịch"), "{}", site.engine);

        let revisions = site.state.db.revisions(id).await.expect("revisions");
        let (newest, first) = (revisions[0].id, revisions[1].id);
        let diff = body_text(get(&site, &format!("/toa-soan/bai-viet/{id}/phien-ban/{newest}"), &editor).await).await;
        assert!(
            diff.contains("<del>Tiêu đề: Bản đầu tiên</del>") && diff.contains("<ins>Tiêu đề: Bản biên tập</ins>"),
            "{diff}"
        );
        let restore =
            post(&site, &format!("/toa-soan/bai-viet/{id}/phien-ban/{first}/khoi-phuc"), Some(&editor), &[]).await;
        assert_eq!(restore.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(site.state.db.article(id).await.expect("read").expect("exists").title, "Bản đầu tiên");
    }
}

#[tokio::test]
async fn previews_need_a_login_or_the_secret_link() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let id = create(&site, &writer, "Bài chưa đăng", "Nội dung bí mật.").await;
        let own = get(&site, &format!("/toa-soan/bai-viet/{id}/xem-truoc"), &writer).await;
        assert_eq!(own.headers()["x-robots-tag"], "noindex");
        assert!(body_text(own).await.contains("Nội dung bí mật."), "{}", site.engine);
        let (token, _) = site.state.db.preview_link(id, chrono::Utc::now()).await.expect("read").expect("token");
        let shared = common::get(&site.app, &format!("/xem-truoc/{id}/{token}")).await;
        assert_eq!(shared.status(), StatusCode::OK, "{}", site.engine);
        let guessed = common::get(&site.app, &format!("/xem-truoc/{id}/{}", "0".repeat(64))).await;
        assert_eq!(guessed.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        let public = common::get(&site.app, &format!("/kinh-te/bai-chua-dang-{id}")).await;
        assert_eq!(public.status(), StatusCode::NOT_FOUND, "{}", site.engine);
    }
}

#[tokio::test]
async fn preview_links_end_in_time_and_at_a_change_of_status_and_can_be_made_again() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let id = create(&site, &writer, "Bài chưa đăng", "Nội dung bí mật.").await;
        let db = &site.state.db;
        let now = chrono::Utc::now();
        let (token, expires) = db.preview_link(id, now).await.expect("read").expect("a link");
        assert!((expires - (now + toasoan_store::PREVIEW_LIFETIME)).num_minutes().abs() < 2, "{}", site.engine);
        assert!(db.preview_link(id, expires + chrono::Duration::seconds(1)).await.expect("read").is_none());
        let link = format!("/xem-truoc/{id}/{token}");
        assert_eq!(common::get(&site.app, &link).await.status(), StatusCode::OK, "{}", site.engine);
        let step = format!("/toa-soan/bai-viet/{id}/chuyen-trang-thai");
        let submitted = post(&site, &step, Some(&writer), &[("to", "submitted")]).await;
        assert_eq!(submitted.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(common::get(&site.app, &link).await.status(), StatusCode::NOT_FOUND, "ended: {}", site.engine);
        let editor = body_text(get(&site, &format!("/toa-soan/bai-viet/{id}"), &writer).await).await;
        assert!(editor.contains("Tạo liên kết xem trước cho người ngoài"), "{}", site.engine);
        let renewed = post(&site, &format!("/toa-soan/bai-viet/{id}/xem-truoc/lien-ket-moi"), Some(&writer), &[]).await;
        assert_eq!(renewed.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let (fresh, _) = db.preview_link(id, chrono::Utc::now()).await.expect("read").expect("a new link");
        assert_ne!(fresh, token);
        let fresh_link = format!("/xem-truoc/{id}/{fresh}");
        assert_eq!(common::get(&site.app, &fresh_link).await.status(), StatusCode::OK, "{}", site.engine);
        post(&site, &format!("/toa-soan/bai-viet/{id}/xem-truoc/lien-ket-moi"), None, &[]).await;
        let (still, _) = db.preview_link(id, chrono::Utc::now()).await.expect("read").expect("a link");
        assert_eq!(still, fresh, "only a member makes links: {}", site.engine);
    }
}

#[tokio::test]
async fn autosaves_come_back_when_the_editor_opens_again() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let body = r#"{"title": "Đang viết dở", "blocks": [{"type": "paragraph", "text": "Câu đầu tiên"}]}"#;
        let save = |csrf: Option<String>| {
            let mut request = Request::post("/toa-soan/tu-dong-luu?bai=0").header("cookie", &writer.cookie);
            if let Some(token) = csrf {
                request = request.header("x-csrf-token", token);
            }
            site.app.clone().oneshot(request.body(Body::from(body)).expect("request"))
        };
        assert_eq!(save(None).await.expect("router").status(), StatusCode::FORBIDDEN, "{}", site.engine);
        assert_eq!(save(Some(writer.csrf.clone())).await.expect("router").status(), StatusCode::OK, "{}", site.engine);
        let editor = body_text(get(&site, "/toa-soan/bai-viet/moi", &writer).await).await;
        assert!(editor.contains("Đã mở bản tự động lưu") && editor.contains("Đang viết dở"), "{}", site.engine);
        assert!(editor.contains("Câu đầu tiên"), "{}", site.engine);
    }
}

#[tokio::test]
async fn an_admin_manages_accounts_and_disabling_one_ends_its_sessions() {
    for site in sites().await {
        add_user(&site, "admin@toasoan.vn", Role::Admin, &[]).await;
        let admin = log_in(&site, "admin@toasoan.vn").await;
        let short = [("email", "moi@toasoan.vn"), ("name", "Người mới"), ("role", "writer"), ("password", "ngắn")];
        let refused = post(&site, "/toa-soan/nguoi-dung", Some(&admin), &short).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert!(body_text(refused).await.contains("value=\"Người mới\""), "{}", site.engine);
        let good = [("email", "moi@toasoan.vn"), ("name", "Người mới"), ("role", "writer"), ("password", PASSWORD)];
        let created = post(&site, "/toa-soan/nguoi-dung", Some(&admin), &good).await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let newcomer = log_in(&site, "moi@toasoan.vn").await;
        let user_page = location(&created);
        let disable = post(&site, &user_page, Some(&admin), &[("name", "Người mới"), ("role", "writer")]).await;
        assert_eq!(disable.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(get(&site, "/toa-soan/", &newcomer).await.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let audit = body_text(get(&site, "/toa-soan/nhat-ky", &admin).await).await;
        assert!(audit.contains("user_create") && audit.contains("user_update"), "{}", site.engine);
    }
}

#[tokio::test]
async fn the_chief_manages_categories_and_tags_and_writers_cannot() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        assert_eq!(
            get(&site, "/toa-soan/chuyen-muc", &writer).await.status(),
            StatusCode::FORBIDDEN,
            "{}",
            site.engine
        );
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let created = post(&site, "/toa-soan/chuyen-muc", Some(&chief), &[("name", "Văn hóa"), ("parent", "")]).await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert!(site.state.db.category_by_slug("van-hoa").await.expect("read").is_some(), "{}", site.engine);
        let economy = category(&site, "kinh-te").await;
        let refused = post(&site, &format!("/toa-soan/chuyen-muc/{economy}/xoa"), Some(&chief), &[]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert!(body_text(refused).await.contains("còn bài viết"), "{}", site.engine);
        let tag = site.state.db.tags_with_counts().await.expect("tags")[0].id;
        let renamed =
            post(&site, &format!("/toa-soan/the/{tag}"), Some(&chief), &[("name", "Nghị quyết Trung ương")]).await;
        assert_eq!(renamed.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let tags = site.state.db.tags_with_counts().await.expect("tags");
        assert!(tags.iter().any(|t| t.slug == "nghi-quyet-trung-uong"), "{}", site.engine);
    }
}

#[tokio::test]
async fn every_newsroom_page_answers_each_role_as_its_rules_say() {
    for site in sites().await {
        let politics = category(&site, "thoi-su-chinh-tri").await;
        let accounts = [
            ("admin@x.vn", Role::Admin, vec![]),
            ("tbt@x.vn", Role::EditorInChief, vec![]),
            ("btv@x.vn", Role::Editor, vec![politics]),
            ("pv@x.vn", Role::Writer, vec![]),
            ("pv2@x.vn", Role::Writer, vec![]),
            ("kd@x.vn", Role::Moderator, vec![]),
        ];
        for (email, role, categories) in &accounts {
            add_user(&site, email, *role, categories).await;
        }
        let author = log_in(&site, "pv@x.vn").await;
        let id = create(&site, &author, "Bản nháp của phóng viên", "Nội dung.").await;
        let routes = [
            "/toa-soan/".to_owned(),
            "/toa-soan/bai-viet".to_owned(),
            "/toa-soan/bai-viet/moi".to_owned(),
            format!("/toa-soan/bai-viet/{id}"),
            format!("/toa-soan/bai-viet/{id}/phien-ban"),
            format!("/toa-soan/bai-viet/{id}/xem-truoc"),
            "/toa-soan/thu-vien".to_owned(),
            "/toa-soan/chuyen-muc".to_owned(),
            "/toa-soan/nguoi-dung".to_owned(),
            "/toa-soan/nhat-ky".to_owned(),
            "/toa-soan/binh-luan".to_owned(),
            "/toa-soan/tap-chi-in".to_owned(),
        ];
        // Expected statuses per route, in the order above.
        let expected: [(&str, [u16; 12]); 6] = [
            ("admin@x.vn", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
            ("tbt@x.vn", [200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 200]),
            ("btv@x.vn", [200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 200, 403]),
            ("pv@x.vn", [200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403]),
            ("pv2@x.vn", [200, 200, 200, 404, 404, 404, 200, 403, 403, 403, 403, 403]),
            ("kd@x.vn", [303, 403, 403, 404, 404, 404, 403, 403, 403, 403, 200, 403]),
        ];
        for route in &routes {
            let anonymous = common::get(&site.app, route).await;
            assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "{}: anonymous {route}", site.engine);
            assert!(location(&anonymous).starts_with("/toa-soan/dang-nhap?next="), "{route}");
        }
        for (email, statuses) in expected {
            let browser = log_in(&site, email).await;
            for (route, status) in routes.iter().zip(statuses) {
                let answer = get(&site, route, &browser).await.status().as_u16();
                assert_eq!(answer, status, "{}: {email} GET {route}", site.engine);
            }
        }
    }
}

#[tokio::test]
async fn logging_out_needs_the_form_token_and_ends_the_session() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let forged = post(&site, "/toa-soan/dang-xuat", Some(&writer), &[("csrf", "khong-dung")]).await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{}", site.engine);
        assert_eq!(get(&site, "/toa-soan/", &writer).await.status(), StatusCode::OK, "{}", site.engine);
        let out = post(&site, "/toa-soan/dang-xuat", Some(&writer), &[]).await;
        assert_eq!(out.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert!(out.headers()["set-cookie"].to_str().expect("cookie").contains("Max-Age=0"), "{}", site.engine);
        assert_eq!(get(&site, "/toa-soan/", &writer).await.status(), StatusCode::SEE_OTHER, "{}", site.engine);
    }
}

#[tokio::test]
async fn the_dashboard_tells_those_who_answer_for_the_site_about_backups() {
    for site in sites().await {
        add_user(&site, "chief@example.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "writer@example.vn", Role::Writer, &[]).await;
        let chief = log_in(&site, "chief@example.vn").await;
        let page = body_text(get(&site, "/toa-soan/", &chief).await).await;
        assert!(page.contains("Chưa có bản sao lưu nào") && page.contains("toasoan backup"), "{}", site.engine);
        let taken = chrono::Utc::now() - chrono::Duration::days(2);
        site.state.db.record_backup(taken, 8_300_000).await.expect("record");
        let page = body_text(get(&site, "/toa-soan/", &chief).await).await;
        assert!(page.contains("Bản sao lưu gần nhất") && page.contains("(8,3 MB), cách đây 2 ngày"), "{}", site.engine);
        assert!(!page.contains("Hãy sao lưu"), "{}: two days is recent enough", site.engine);
        let writer = log_in(&site, "writer@example.vn").await;
        let page = body_text(get(&site, "/toa-soan/", &writer).await).await;
        assert!(!page.contains("sao lưu"), "{}: a writer is not asked about backups", site.engine);
    }
}
