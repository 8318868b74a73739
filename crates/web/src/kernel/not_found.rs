//! The Vietnamese 404 page, for unknown addresses and out-of-range pages alike.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::page_error::server_error;
use super::render::{layout, render};
use crate::SharedState;
use crate::kernel::http::HTML;

/// The fallback handler.
pub async fn not_found(State(state): State<SharedState>) -> Response {
    not_found_page(&state).await
}

pub async fn not_found_page(state: &SharedState) -> Response {
    let html = match layout(state, None).await {
        Ok(layout) => render(state, "not_found.html", &layout, minijinja::context! {}),
        Err(e) => Err(e),
    };
    match html {
        Ok(html) => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, HTML), (header::CACHE_CONTROL, "no-store")], html)
            .into_response(),
        Err(error) => {
            tracing::error!(?error, "the 404 page failed");
            server_error()
        }
    }
}
