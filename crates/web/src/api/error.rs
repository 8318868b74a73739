//! API errors: `{"error": {"code", "message"}}` with the matching status. Codes are stable
//! strings that scripts can rely on; messages are for people.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, code: "bad_request", message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }
}

impl ApiError {
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::FORBIDDEN, code, message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::CONFLICT, code: "conflict", message: message.into() }
    }

    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: message.into() }
    }

    pub fn internal() -> ApiError {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, code: "internal", message: "internal error".to_owned() }
    }
}

impl From<toasoan_store::StoreError> for ApiError {
    fn from(error: toasoan_store::StoreError) -> Self {
        tracing::error!(%error, "API request failed");
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

/// Unknown addresses under `/api/`.
pub async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint")
}
