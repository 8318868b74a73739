//! Session cookies: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps only
//! its SHA-256, so any node can check it and a copy of the table opens nothing.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};
use toasoan_store::{Session, StoreError, User};

use super::random::new_token;
use crate::SharedState;

pub const COOKIE_NAME: &str = "toasoan_session";
/// How long a login lasts.
pub const SESSION_LENGTH: Duration = Duration::hours(12);

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The session cookie's value in the request, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE_NAME)
}

/// A cookie's value in the request, if present, not empty and of a sane length.
pub fn cookie_value(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The live session the request carries.
pub async fn current_session(state: &SharedState, headers: &HeaderMap) -> Result<Option<Session>, StoreError> {
    let Some(token) = session_token(headers) else { return Ok(None) };
    state.db.session(&token_hash(&token), Utc::now()).await
}

/// A fresh session for the user (a new token at every login, so a planted cookie is useless).
/// Returns the `Set-Cookie` value and the CSRF token.
pub async fn start_session(state: &SharedState, user: &User) -> Result<(String, String), SessionError> {
    let token = new_token()?;
    let csrf = new_token()?;
    let expires = Utc::now() + SESSION_LENGTH;
    state.db.create_session(&token_hash(&token), user.id, &csrf, expires).await?;
    Ok((cookie(state, &token, SESSION_LENGTH.num_seconds()), csrf))
}

/// The session's `Set-Cookie` value; `Secure` when the site is served over HTTPS.
pub fn cookie(state: &SharedState, value: &str, max_age: i64) -> String {
    named_cookie(state, COOKIE_NAME, value, max_age)
}

/// A `Set-Cookie` value for one of our HttpOnly cookies.
pub fn named_cookie(state: &SharedState, name: &str, value: &str, max_age: i64) -> String {
    let secure = if state.site.base_url.starts_with("https://") { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("no random source: {0}")]
    Random(#[from] getrandom::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; toasoan_session=abc; b=2"));
        assert_eq!(session_token(&headers), Some("abc".to_owned()));
        headers.insert(COOKIE, HeaderValue::from_static("toasoan_session="));
        assert_eq!(session_token(&headers), None);
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let (a, b) = (new_token().expect("random"), new_token().expect("random"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash("x"), token_hash("x"));
        assert_ne!(token_hash(&a), a);
    }
}
