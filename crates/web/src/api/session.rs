//! `POST /api/v1/session` (log in), `GET /api/v1/session` (who am I, and the CSRF token),
//! `DELETE /api/v1/session` (log out).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use toasoan_store::{Session, User};
use utoipa::ToSchema;
use vn::time::format_rfc3339;

use super::{ApiError, ErrorBody, SessionRefusals};
use crate::SharedState;
use crate::auth::{ApiUser, password, session};

#[derive(Deserialize, ToSchema)]
pub struct Login {
    email: String,
    password: String,
}

/// A newsroom member.
#[derive(Serialize, ToSchema)]
pub struct UserJson<'a> {
    pub id: i64,
    pub email: &'a str,
    pub name: &'a str,
    #[schema(pattern = "^(admin|editor-in-chief|editor|writer|moderator)$")]
    pub role: &'static str,
    /// The categories an editor works in.
    pub categories: &'a [i64],
}

/// Who is logged in, and the token every state-changing request must send in `X-CSRF-Token`.
#[derive(Serialize, ToSchema)]
#[schema(as = Session)]
pub struct SessionJson<'a> {
    pub user: UserJson<'a>,
    pub csrf_token: &'a str,
    /// When the session ends unless renewed (RFC 3339; absent right after logging in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// What logging in decided.
pub enum LoginOutcome {
    Success { user: User, cookie: String, csrf: String },
    Wrong,
    Locked { seconds: i64 },
}

/// The whole login rule, shared by the API and the newsroom's form: lockout first (even the
/// right password is refused while locked), then the password; every failure counts.
pub async fn log_in(state: &SharedState, email: &str, given: &str) -> Result<LoginOutcome, ApiError> {
    let now = Utc::now();
    if let Some(until) = state.db.locked_until(email, now).await? {
        return Ok(LoginOutcome::Locked { seconds: (until - now).num_seconds().max(1) });
    }
    let account = state.db.user_for_login(email).await?;
    let active = account.as_ref().is_some_and(|(user, _)| user.active);
    let hash = account.as_ref().map(|(_, hash)| hash.clone());
    let matched = password::verify_password(given.to_owned(), hash).await;
    let (Some((user, _)), true, true) = (account, matched, active) else {
        state.db.record_login_failure(email, now).await?;
        state.db.audit(None, "login_failed", &format!("email {}", email.trim()), "").await?;
        return Ok(LoginOutcome::Wrong);
    };
    state.db.clear_login_failures(email).await?;
    let (cookie, csrf) = session::start_session(state, &user).await.map_err(|error| {
        tracing::error!(%error, "cannot start a session");
        ApiError::internal()
    })?;
    state.db.audit(Some(user.id), "login", &format!("user {}", user.id), "").await?;
    Ok(LoginOutcome::Success { user, cookie, csrf })
}

/// Logs in: a session cookie (`toasoan_session`, HttpOnly) and the CSRF token. Five failures in
/// 15 minutes lock the address for a while, even with the right password.
#[utoipa::path(post, path = "/v1/session", tag = "session",
    request_body = Login,
    responses(
        (status = 200, description = "Logged in; the cookie is set", body = SessionJson),
        (status = 400, description = "Not `{\"email\", \"password\"}`", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 429, description = "Locked after too many failures (see `Retry-After`)", body = ErrorBody),
    ),
)]
pub async fn create_session(State(state): State<SharedState>, body: Bytes) -> Result<Response, ApiError> {
    let login: Login = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("expected {{\"email\", \"password\"}}: {e}")))?;
    match log_in(&state, &login.email, &login.password).await? {
        LoginOutcome::Success { user, cookie, csrf } => {
            let body = SessionJson { user: user_json(&user), csrf_token: &csrf, expires_at: None };
            Ok(([(SET_COOKIE, cookie), (CACHE_CONTROL, "no-store".to_owned())], Json(body)).into_response())
        }
        LoginOutcome::Wrong => Err(ApiError {
            fields: Vec::new(),
            status: StatusCode::UNAUTHORIZED,
            code: "invalid_credentials",
            message: "wrong e-mail or password".to_owned(),
        }),
        LoginOutcome::Locked { seconds } => {
            let error = ApiError {
                fields: Vec::new(),
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "locked",
                message: format!("too many failed logins: try again in {} minutes", (seconds + 59) / 60),
            };
            Ok(([(RETRY_AFTER, seconds.to_string())], error).into_response())
        }
    }
}

/// Who is logged in.
#[utoipa::path(get, path = "/v1/session", tag = "session", security(("session" = [])),
    responses(
        (status = 200, description = "The session", body = SessionJson),
        SessionRefusals,
    ),
)]
pub async fn get_session(user: ApiUser) -> Response {
    let ApiUser(Session { user, csrf_token, expires_at }) = user;
    let body =
        SessionJson { user: user_json(&user), csrf_token: &csrf_token, expires_at: Some(format_rfc3339(expires_at)) };
    ([(CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// Logs out.
#[utoipa::path(delete, path = "/v1/session", tag = "session", security(("session" = [], "csrf" = [])),
    responses(
        (status = 204, description = "Logged out; the cookie is cleared"),
        SessionRefusals,
    ),
)]
pub async fn delete_session(
    State(state): State<SharedState>,
    user: ApiUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session::session_token(&headers) {
        state.db.delete_session(&session::token_hash(&token)).await?;
    }
    state.db.audit(Some(user.id()), "logout", &format!("user {}", user.id()), "").await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, session::cookie(&state, "", 0))]).into_response())
}

pub fn user_json(user: &User) -> UserJson<'_> {
    UserJson {
        id: user.id,
        email: &user.email,
        name: &user.name,
        role: user.role.as_str(),
        categories: &user.categories,
    }
}
