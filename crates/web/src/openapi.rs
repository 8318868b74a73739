//! The API's OpenAPI 3.1 document, served at `/api/openapi.json`. It is made from the handlers'
//! own `#[utoipa::path]` annotations and response types as the router registers them (see
//! `router::api_routes`), so a route cannot exist without being documented.

use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::kernel::session::COOKIE_NAME;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Toà soạn API",
        version = "1",
        description = "The content of the site for scripts and other front ends: articles, search \
            (Vietnamese typed any way), print issues, video clips, reader comments; and, with a \
            newsroom session, the editor's actions under the same role rules as the newsroom. \
            Errors are `{\"error\": {\"code\", \"message\"}}`; times are RFC 3339 in +07:00.",
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "articles", description = "Published articles and the categories"),
        (name = "search", description = "Site search and title suggestions"),
        (name = "print", description = "The print edition's issues"),
        (name = "videos", description = "Video clips"),
        (name = "comments", description = "Reader comments and their moderation"),
        (name = "session", description = "Logging in and out of the newsroom"),
        (name = "newsroom", description = "Writing, review and publishing; the media library"),
    ),
)]
pub struct ApiDoc;

/// A newsroom session is a cookie from `POST /api/v1/session`; state-changing requests also
/// carry its CSRF token in a header.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(COOKIE_NAME))));
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "The csrf_token of GET /api/v1/session",
            ))),
        );
    }
}

/// The document as JSON, made once when the router is built.
#[derive(Clone)]
pub struct OpenApiJson(Bytes);

impl OpenApiJson {
    pub fn new(document: &utoipa::openapi::OpenApi) -> OpenApiJson {
        // Serialising the document's own types cannot fail (string keys, no non-finite floats).
        OpenApiJson(Bytes::from(document.to_json().unwrap_or_default()))
    }

    pub fn response(&self) -> Response {
        ([(CONTENT_TYPE, "application/json")], self.0.clone()).into_response()
    }
}
