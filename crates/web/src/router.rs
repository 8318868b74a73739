//! Every route of the site in one place.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::get;
use tower_http::compression::CompressionLayer;

use crate::{SharedState, api, assets, public};

pub fn router(state: SharedState) -> Router {
    let api = Router::new()
        .route("/v1/articles", get(api::list_articles))
        .route("/v1/articles/{id}", get(api::get_article))
        .route("/v1/categories", get(api::list_categories))
        .route("/v1/search", get(api::search))
        .route("/v1/suggest", get(api::suggest))
        .fallback(api::api_not_found)
        .layer(map_response(api_cache_control))
        .layer(CompressionLayer::new());
    Router::new()
        .route("/", get(public::home))
        .route("/static/{file}", get(assets::asset))
        .route("/tim-kiem", get(public::search_page))
        .route("/the/{tag}", get(public::tag_first_page))
        .route("/the/{tag}/{page}", get(public::tag_page))
        .route("/{category}", get(public::category_first_page))
        .route("/{category}/{rest}", get(public::article_or_category_page))
        .nest("/api", api)
        .fallback(public::not_found)
        .with_state(state)
}

/// API answers may be kept half a minute; errors not at all.
async fn api_cache_control(mut response: Response) -> Response {
    let value = if response.status().is_success() { "public, max-age=30" } else { "no-store" };
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
