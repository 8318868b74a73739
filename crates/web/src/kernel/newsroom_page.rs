//! How the newsroom's HTML pages answer: rendered with the member's menu, never cached, never
//! framed; short pages that only say something (403, 404, 500); 303 after a form. Who may ask
//! is in [`super::members`].

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use serde::Serialize;
use toasoan_core::Role;

pub use super::members::{Form, Member, MemberForm};
use super::render::to_value;
use crate::SharedState;

/// What every newsroom page shows about the member.
#[derive(Serialize)]
struct MemberView<'a> {
    name: &'a str,
    email: &'a str,
    role: &'static str,
    role_label: &'static str,
    manages_users: bool,
    manages_taxonomy: bool,
    writes: bool,
    moderates: bool,
}

/// Renders a newsroom template; never cached, never framed.
pub fn page(state: &SharedState, member: Option<&Member>, template: &str, context: Value) -> Response {
    let me = member.map(|m| {
        let user = &m.0.user;
        MemberView {
            name: &user.name,
            email: &user.email,
            role: user.role.as_str(),
            role_label: user.role.label(),
            manages_users: user.role == Role::Admin,
            manages_taxonomy: m.actor().manages_taxonomy(),
            writes: m.actor().can_write(),
            moderates: m.actor().moderates_comments(),
        }
    });
    let context = minijinja::context! {
        me => to_value(&me),
        csrf => member.map(|m| m.0.csrf_token.clone()),
        site => to_value(super::views::SiteView::from(&state.site)),
        ..context
    };
    match state.templates.render(template, context) {
        Ok(html) => html_response(StatusCode::OK, html),
        Err(error) => {
            tracing::error!(%error, template, "cannot render a newsroom page");
            (StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống").into_response()
        }
    }
}

/// A page that only says something (403, 404, 409…).
pub fn message(state: &SharedState, member: Option<&Member>, status: StatusCode, title: &str, text: &str) -> Response {
    let mut response = page(state, member, "newsroom/message.html", minijinja::context! { title, text });
    *response.status_mut() = status;
    response
}

/// The message page for a refusal or a failure, by its status (403, 404, else 500).
pub fn failure(state: &SharedState, member: Option<&Member>, status: StatusCode) -> Response {
    let (title, text) = match status {
        StatusCode::FORBIDDEN => {
            ("Không có quyền", "Vai trò của bạn không cho phép thao tác này. Hãy liên hệ tổng biên tập hoặc quản trị.")
        }
        StatusCode::NOT_FOUND => ("Không tìm thấy", "Bài viết hoặc mục này không tồn tại."),
        _ => ("Lỗi hệ thống", "Xin thử lại sau ít phút."),
    };
    message(state, member, status, title, text)
}

fn html_response(status: StatusCode, html: String) -> Response {
    let headers = [
        (CONTENT_TYPE, "text/html; charset=utf-8"),
        (CACHE_CONTROL, "no-store"),
        (axum::http::header::X_FRAME_OPTIONS, "DENY"),
    ];
    (status, headers, html).into_response()
}

/// 303 See Other: after a form, the browser goes to `location` with a GET.
pub fn redirect(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, location.to_owned()), (CACHE_CONTROL, "no-store".to_owned())]).into_response()
}
