//! Who is asking: passwords, session cookies, CSRF checks, and the extractors handlers use to
//! require a logged-in newsroom member.

pub mod csrf;
pub mod device;
pub mod password;
pub mod session;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use toasoan_core::Actor;
use toasoan_store::Session;

use crate::SharedState;
use crate::api::ApiError;

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
