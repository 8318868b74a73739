//! API errors: `{"error": {"code", "message"}}` with the matching status. Codes are stable
//! strings that scripts can rely on; messages are for people.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// The fields at fault, when the request named them (`error.field`, `error.fields`).
    pub fields: Vec<FieldProblem>,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { fields: Vec::new(), status: StatusCode::BAD_REQUEST, code: "bad_request", message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { fields: Vec::new(), status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }
}

impl ApiError {
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { fields: Vec::new(), status: StatusCode::FORBIDDEN, code, message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError { fields: Vec::new(), status: StatusCode::CONFLICT, code: "conflict", message: message.into() }
    }

    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { fields: Vec::new(), status: StatusCode::UNPROCESSABLE_ENTITY, code, message: message.into() }
    }

    /// 422 `invalid` naming every field at fault; the message is the first one's.
    pub fn invalid_fields(problems: Vec<FieldProblem>) -> ApiError {
        let message = problems.first().map_or_else(String::new, |p| format!("{}: {}", p.field, p.message));
        ApiError { fields: problems, ..ApiError::unprocessable("invalid", message) }
    }

    pub fn internal() -> ApiError {
        ApiError {
            fields: Vec::new(),
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "internal error".to_owned(),
        }
    }
}

impl From<toasoan_store::StoreError> for ApiError {
    fn from(error: toasoan_store::StoreError) -> Self {
        tracing::error!(%error, "API request failed");
        ApiError::internal()
    }
}

/// The body of every error answer: `{"error": {"code", "message"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for scripts: `bad_request`, `not_found`, `unauthenticated`, `csrf`, `forbidden`,
    /// `conflict`, `invalid`, `locked`, `rate_limited`, `too_large`, `internal`…
    pub code: String,
    /// For people.
    pub message: String,
    /// The first field at fault, where the error is about fields (comments, articles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field at fault (comments, articles).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// What a route behind a newsroom session may refuse with, besides its own errors; listed once
/// here for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // a description for the OpenAPI document; the extractor `ApiUser` answers these
pub enum SessionRefusals {
    /// Not logged in (`unauthenticated`).
    #[response(status = 401)]
    Unauthenticated(ErrorBody),
    /// A write without the session's CSRF token (`csrf`), or one the role may not make (`forbidden`).
    #[response(status = 403)]
    Forbidden(ErrorBody),
}

impl ErrorBody {
    pub fn new(code: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail { code: code.to_owned(), message: message.into(), field: None, fields: Vec::new() },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = ErrorBody::new(self.code, self.message);
        body.error.field = self.fields.first().map(|p| p.field.clone());
        body.error.fields = self.fields;
        (self.status, Json(body)).into_response()
    }
}

/// Unknown addresses under `/api/`.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint")
}
