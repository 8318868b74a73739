//! `POST /api/v1/session` (log in), `GET /api/v1/session` (who am I, and the CSRF token),
//! `DELETE /api/v1/session` (log out).

use axum::Json;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use toasoan_comments::MAX_EMAIL_CHARS;
use toasoan_store::{LoginKey, Reservation, Session, User};
use utoipa::ToSchema;
use vn::time::format_rfc3339;

use super::{device, password};
use crate::SharedState;
use crate::kernel::{ApiBytes, ApiError, ErrorBody, SessionRefusals};
use crate::kernel::{ApiUser, csrf, session};

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

/// One try at logging in, as the API and the form both receive it.
pub struct LoginAttempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    /// The client's address (`comments::client_ip`), for the per-address limit.
    pub ip: &'a str,
    /// The request's headers: the known-device cookie is read from them.
    pub headers: &'a HeaderMap,
}

/// What logging in decided.
pub enum LoginOutcome {
    /// `cookies`: the session's and the known-device one.
    Success {
        user: User,
        cookies: [String; 2],
        csrf: String,
    },
    Wrong,
    Locked {
        seconds: i64,
    },
    /// Too many passwords are being checked on this node right now.
    Busy,
    /// A field no account can have (too long, control characters): nothing was recorded.
    Invalid(&'static str),
}

/// The whole login rule, shared by the API and the newsroom's form: the fields' limits before
/// anything is written; a turn at the node's hashing gate; the attempt reserved against the
/// per-e-mail and per-address limits (even the right password is refused while locked); then
/// the password. See `toasoan_store::logins` for why the reservation comes first.
pub async fn log_in(state: &SharedState, attempt: &LoginAttempt<'_>) -> Result<LoginOutcome, ApiError> {
    if let Err(problem) = check_login_fields(attempt.email, attempt.password) {
        return Ok(LoginOutcome::Invalid(problem));
    }
    let now = Utc::now();
    let known_device = session::cookie_value(attempt.headers, device::COOKIE_NAME)
        .is_some_and(|cookie| device::recognises(&state.device_key, attempt.email, &cookie, now));
    let key = LoginKey { email: attempt.email, ip: attempt.ip, known_device };
    // A place in line first (a full line is refused before any write), then the limits, and
    // only then the wait for a turn: a locked attempt never waits behind the hashes.
    let Ok(admission) = password::admit() else { return Ok(LoginOutcome::Busy) };
    let reservation = match state.db.reserve_login_attempt(key, now).await? {
        Reservation::Granted(id) => id,
        Reservation::EmailLocked(until) | Reservation::AddressLocked(until) => {
            return Ok(LoginOutcome::Locked { seconds: (until - now).num_seconds().max(1) });
        }
    };
    let Ok(permit) = admission.turn().await else {
        state.db.release_login_attempt(reservation).await?; // no password was checked
        return Ok(LoginOutcome::Busy);
    };
    let account = state.db.user_for_login(attempt.email).await?;
    let active = account.as_ref().is_some_and(|(user, _)| user.active);
    let hash = account.as_ref().map(|(_, hash)| hash.clone());
    let matched = password::verify_password(attempt.password.to_owned(), hash, permit).await;
    let (Some((user, _)), true, true) = (account, matched, active) else {
        state.db.audit(None, "login_failed", &format!("email {}", attempt.email.trim()), attempt.ip).await?;
        return Ok(LoginOutcome::Wrong);
    };
    state.db.login_succeeded(key, reservation).await?;
    let (cookie, csrf) = session::start_session(state, &user).await.map_err(|error| {
        tracing::error!(%error, "cannot start a session");
        ApiError::internal()
    })?;
    let known = device::value(&state.device_key, &user.email, now);
    let device_cookie = session::named_cookie(state, device::COOKIE_NAME, &known, device::LIFETIME.num_seconds());
    state.db.audit(Some(user.id), "login", &format!("user {}", user.id), "").await?;
    Ok(LoginOutcome::Success { user, cookies: [cookie, device_cookie], csrf })
}

/// What no account can have, refused before anything is stored.
fn check_login_fields(email: &str, given: &str) -> Result<(), &'static str> {
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err("the e-mail is longer than 254 characters");
    }
    if given.chars().count() > password::MAX_PASSWORD {
        return Err("the password is longer than 200 characters");
    }
    if email.chars().chain(given.chars()).any(char::is_control) {
        return Err("control characters are not allowed in the e-mail or the password");
    }
    Ok(())
}

/// Logs in: a session cookie (`toasoan_session`, HttpOnly) and the CSRF token. Five failures in
/// 15 minutes lock the e-mail for strangers (a browser that logged into the account before
/// counts apart), twenty lock the client's address; the request must be JSON and must not come
/// from another site (login CSRF).
#[utoipa::path(post, path = "/v1/session", tag = "session",
    request_body = Login,
    responses(
        (status = 200, description = "Logged in; the cookies are set", body = SessionJson),
        (status = 400, description = "Not `{\"email\", \"password\"}`, or a field too long", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 403, description = "Sent from another site", body = ErrorBody),
        (status = 413, description = "The body is larger than a login can be", body = ErrorBody),
        (status = 415, description = "Not sent as `application/json`", body = ErrorBody),
        (status = 429, description = "Locked after too many failures (see `Retry-After`)", body = ErrorBody),
        (status = 503, description = "Too many logins at once on this node (see `Retry-After`)", body = ErrorBody),
    ),
)]
pub async fn create_session(
    State(state): State<SharedState>,
    parts: Parts,
    body: ApiBytes,
) -> Result<Response, ApiError> {
    if csrf::cross_site(&parts.headers) {
        return Err(ApiError::forbidden("cross_site", "logging in from another site is not allowed"));
    }
    if !is_json(&parts.headers) {
        return Err(ApiError {
            fields: Vec::new(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "send the login as Content-Type: application/json".to_owned(),
        });
    }
    let login: Login = serde_json::from_slice(&body.0)
        .map_err(|e| ApiError::bad_request(format!("expected {{\"email\", \"password\"}}: {e}")))?;
    let ip = crate::kernel::client_ip::client_ip(&parts, &state.site.comments.trusted_proxies);
    let attempt = LoginAttempt { email: &login.email, password: &login.password, ip: &ip, headers: &parts.headers };
    match log_in(&state, &attempt).await? {
        LoginOutcome::Success { user, cookies: [session, known], csrf } => {
            let body = SessionJson { user: user_json(&user), csrf_token: &csrf, expires_at: None };
            let headers =
                AppendHeaders([(SET_COOKIE, session), (SET_COOKIE, known), (CACHE_CONTROL, "no-store".into())]);
            Ok((headers, Json(body)).into_response())
        }
        LoginOutcome::Wrong => Err(ApiError {
            fields: Vec::new(),
            status: StatusCode::UNAUTHORIZED,
            code: "invalid_credentials",
            message: "wrong e-mail or password".to_owned(),
        }),
        LoginOutcome::Invalid(problem) => Err(ApiError::bad_request(problem)),
        LoginOutcome::Locked { seconds } => {
            let error = ApiError {
                fields: Vec::new(),
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "locked",
                message: format!("too many failed logins: try again in {} minutes", (seconds + 59) / 60),
            };
            Ok(([(RETRY_AFTER, seconds.to_string())], error).into_response())
        }
        LoginOutcome::Busy => {
            let error = ApiError {
                fields: Vec::new(),
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "busy",
                message: "too many logins at once: try again in a few seconds".to_owned(),
            };
            Ok(([(RETRY_AFTER, BUSY_RETRY_SECONDS.to_string())], error).into_response())
        }
    }
}

/// What `Retry-After` says when the hashing gate is full.
pub const BUSY_RETRY_SECONDS: u32 = 5;

/// A JSON body (`application/json`, with or without parameters): a cross-site form cannot send
/// one without a CORS preflight, which we never grant.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
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
