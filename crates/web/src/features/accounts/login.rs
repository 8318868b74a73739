//! `/toa-soan/dang-nhap` (the login form) and `/toa-soan/dang-xuat` (log out).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::{BUSY_RETRY_SECONDS, LoginAttempt, LoginOutcome, log_in};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::newsroom_page::{Form, MemberForm, page, redirect};
use crate::kernel::{csrf, session};

pub async fn login_page(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Response {
    let next = next_from_query(query.as_deref());
    page(&state, None, "newsroom/login.html", minijinja::context! { next, email => "" })
}

pub async fn login_submit(State(state): State<SharedState>, parts: Parts, body: Bytes) -> Result<Response, PageError> {
    let form = Form::parse(&body);
    let (email, password) = (form.get("email").trim(), form.get("password"));
    let next = safe_next(form.get("next"));
    let again = |status: StatusCode, error: String| {
        let shown_email: String = email.chars().take(toasoan_comments::MAX_EMAIL_CHARS).collect();
        let context = minijinja::context! { next => next.clone(), email => shown_email, error };
        let mut response = page(&state, None, "newsroom/login.html", context);
        *response.status_mut() = status;
        response
    };
    if csrf::cross_site(&parts.headers) {
        let text = "Không thể đăng nhập từ một trang web khác. Hãy mở trang đăng nhập của toà soạn và thử lại.";
        return Ok(again(StatusCode::FORBIDDEN, text.to_owned()));
    }
    if email.is_empty() || password.is_empty() {
        return Ok(again(StatusCode::UNAUTHORIZED, "Hãy nhập thư điện tử và mật khẩu.".to_owned()));
    }
    let ip = crate::kernel::client_ip::client_ip(&parts, &state.site.comments.trusted_proxies);
    let attempt = LoginAttempt { email, password, ip: &ip, headers: &parts.headers };
    Ok(match log_in(&state, &attempt).await {
        Ok(LoginOutcome::Success { cookies, .. }) => {
            let mut response = redirect(&next);
            for cookie in cookies {
                if let Ok(value) = cookie.parse() {
                    response.headers_mut().append(SET_COOKIE, value);
                }
            }
            response
        }
        Ok(LoginOutcome::Wrong) => again(StatusCode::UNAUTHORIZED, "Thư điện tử hoặc mật khẩu không đúng.".to_owned()),
        Ok(LoginOutcome::Invalid(_)) => again(
            StatusCode::BAD_REQUEST,
            "Thư điện tử tối đa 254 ký tự, mật khẩu tối đa 200 ký tự, không chứa ký tự điều khiển.".to_owned(),
        ),
        Ok(LoginOutcome::Locked { seconds }) => again(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Đăng nhập sai quá nhiều lần. Hãy thử lại sau {} phút.", (seconds + 59) / 60),
        ),
        Ok(LoginOutcome::Busy) => {
            let mut response =
                again(StatusCode::SERVICE_UNAVAILABLE, "Máy chủ đang bận, hãy thử lại sau ít giây.".to_owned());
            response.headers_mut().insert(RETRY_AFTER, BUSY_RETRY_SECONDS.into());
            response
        }
        Err(_) => return Err(PageError::internal("login failed")),
    })
}

pub async fn logout(
    State(state): State<SharedState>,
    headers: HeaderMap,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    if let Some(token) = session::session_token(&headers)
        && let Err(error) = state.db.delete_session(&session::token_hash(&token)).await
    {
        return Err(PageError::internal(error));
    }
    let user = member.0.user.id;
    if let Err(error) = state.db.audit(Some(user), "logout", &format!("user {user}"), "").await {
        tracing::warn!(%error, "cannot record a logout");
    }
    let mut response = redirect("/toa-soan/dang-nhap").into_response();
    if let Ok(value) = session::cookie(&state, "", 0).parse() {
        response.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(response)
}

fn next_from_query(query: Option<&str>) -> String {
    let next = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    safe_next(&next)
}

/// Only our own newsroom addresses: a login link must not send anyone elsewhere, nor carry a
/// line break into the `Location` header.
fn safe_next(next: &str) -> String {
    let plain = next.len() <= 2_000 && !next.chars().any(char::is_control);
    if plain && next.starts_with("/toa-soan/") && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/toa-soan/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_newsroom_paths_are_followed_after_login() {
        assert_eq!(safe_next("/toa-soan/bai-viet/3"), "/toa-soan/bai-viet/3");
        assert_eq!(safe_next("https://evil.example/"), "/toa-soan/");
        assert_eq!(safe_next("//evil.example/toa-soan/"), "/toa-soan/");
        assert_eq!(next_from_query(Some("next=%2Ftoa-soan%2Fbai-viet")), "/toa-soan/bai-viet");
        assert_eq!(safe_next("/toa-soan/\r\nSet-Cookie: x=1"), "/toa-soan/", "no line breaks into Location");
    }
}
