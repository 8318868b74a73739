//! The newsroom's HTML pages. Every page needs a login (else: the login page, then back); every
//! form carries the session's CSRF token and must come from our own site; every action goes
//! through [`super::actions`], the same code the API uses.

pub mod articles;
pub mod comments;
pub mod editor;
pub mod library;
pub mod login;
pub mod print;
pub mod taxonomy;
pub mod users;
pub mod videos;
pub mod workflow;

use axum::extract::FromRequestParts;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::Value;
use serde::Serialize;
use toasoan_core::{Actor, Role};
use toasoan_store::Session;

use crate::SharedState;
use crate::auth::{csrf, session};
use crate::public::to_value;

/// A logged-in member of the newsroom.
pub struct Member(pub Session);

impl Member {
    pub fn actor(&self) -> Actor {
        self.0.user.actor()
    }
}

impl FromRequestParts<SharedState> for Member {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Self::Rejection> {
        match session::current_session(state, &parts.headers).await {
            Ok(Some(session)) => Ok(Member(session)),
            Ok(None) => {
                let next = parts.uri.path_and_query().map_or("/toa-soan/", |p| p.as_str());
                let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Err(redirect(&format!("/toa-soan/dang-nhap?next={encoded}")))
            }
            Err(error) => {
                tracing::error!(%error, "cannot read the session");
                Err(message(state, None, StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống", "Xin thử lại sau ít phút."))
            }
        }
    }
}

/// Fields of a submitted form, in order (checkbox groups repeat a name).
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Form {
        Form(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// Largest form accepted, in bytes (an article's body comes as one field).
const FORM_LIMIT: usize = 8 * 1024 * 1024;

/// A logged-in member's submitted form, already checked (the session's CSRF token, our own site
/// as the origin): what every handler that changes something takes.
pub struct MemberForm {
    pub member: Member,
    pub form: Form,
}

impl axum::extract::FromRequest<SharedState> for MemberForm {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, state: &SharedState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let member = Member::from_request_parts(&mut parts, state).await?;
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            let text = "Biểu mẫu quá lớn hoặc bị cắt giữa chừng; hãy gửi lại.";
            return Err(message(state, Some(&member), StatusCode::PAYLOAD_TOO_LARGE, "Không nhận được biểu mẫu", text));
        };
        let form = Form::parse(&bytes);
        check_form(state, &member, &parts.headers, &form)?;
        Ok(MemberForm { member, form })
    }
}

/// Refuses a form that lacks the session's token or comes from another site.
// The refusal is the handler's answer as is; boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub fn check_form(state: &SharedState, member: &Member, headers: &HeaderMap, form: &Form) -> Result<(), Response> {
    if csrf::forged(headers, Some(form.get("csrf")), &member.0.csrf_token) {
        let text = "Biểu mẫu đã hết hạn hoặc không đến từ trang của tòa soạn. Hãy tải lại trang và gửi lại.";
        return Err(message(state, Some(member), StatusCode::FORBIDDEN, "Không thể gửi biểu mẫu", text));
    }
    Ok(())
}

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
        site => to_value(crate::views::SiteView::from(&state.site)),
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

pub fn forbidden(state: &SharedState, member: &Member) -> Response {
    let text = "Vai trò của bạn không cho phép thao tác này. Hãy liên hệ tổng biên tập hoặc quản trị.";
    message(state, Some(member), StatusCode::FORBIDDEN, "Không có quyền", text)
}

pub fn not_found(state: &SharedState, member: &Member) -> Response {
    message(state, Some(member), StatusCode::NOT_FOUND, "Không tìm thấy", "Bài viết hoặc mục này không tồn tại.")
}

pub fn server_error(state: &SharedState, member: Option<&Member>, error: &dyn std::fmt::Display) -> Response {
    tracing::error!(%error, "newsroom request failed");
    message(state, member, StatusCode::INTERNAL_SERVER_ERROR, "Lỗi hệ thống", "Xin thử lại sau ít phút.")
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
