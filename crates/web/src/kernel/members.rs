//! Who is asking: the extractors handlers use to require a logged-in newsroom member — from a
//! page ([`Member`], and [`MemberForm`] for a form checked against CSRF) or from the API
//! ([`ApiUser`]). Every newsroom page needs a login (else: the login page, then back); every form
//! carries the session's CSRF token and must come from our own site.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use toasoan_core::Actor;
use toasoan_store::Session;

use super::newsroom_page::{message, redirect};
use super::{csrf, session};
use crate::SharedState;
use crate::kernel::ApiError;
use axum::http::HeaderMap;
use axum::response::Response;

/// A logged-in member calling the API. State-changing methods must also carry the session's
/// CSRF token in `X-CSRF-Token` and must not come from another site.
pub struct ApiUser(pub Session);

impl ApiUser {
    pub fn actor(&self) -> Actor {
        self.0.user.actor()
    }

    pub fn id(&self) -> i64 {
        self.0.user.id
    }
}

impl FromRequestParts<SharedState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &SharedState) -> Result<Self, Self::Rejection> {
        let session = session::current_session(state, &parts.headers).await?.ok_or_else(|| ApiError {
            fields: Vec::new(),
            status: StatusCode::UNAUTHORIZED,
            code: "unauthenticated",
            message: "log in first: POST /api/v1/session".to_owned(),
        })?;
        if !parts.method.is_safe()
            && csrf::forged(&parts.headers, csrf::header_token(&parts.headers), &session.csrf_token)
        {
            return Err(ApiError::forbidden(
                "csrf",
                "send the session's csrf_token (GET /api/v1/session) in the X-CSRF-Token header",
            ));
        }
        Ok(ApiUser(session))
    }
}

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
fn check_form(state: &SharedState, member: &Member, headers: &HeaderMap, form: &Form) -> Result<(), Response> {
    if csrf::forged(headers, Some(form.get("csrf")), &member.0.csrf_token) {
        let text = "Biểu mẫu đã hết hạn hoặc không đến từ trang của tòa soạn. Hãy tải lại trang và gửi lại.";
        return Err(message(state, Some(member), StatusCode::FORBIDDEN, "Không thể gửi biểu mẫu", text));
    }
    Ok(())
}
