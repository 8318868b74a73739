//! `GET /api/v1/categories`.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::CategoryItem;
use crate::SharedState;
use crate::kernel::ApiError;

#[derive(Serialize, ToSchema)]
pub struct CategoryList<'a> {
    pub items: Vec<CategoryItem<'a>>,
}

/// Every category, sections and their subsections.
#[utoipa::path(get, path = "/v1/categories", tag = "articles",
    responses((status = 200, description = "The categories", body = CategoryList)),
)]
pub async fn list_categories(State(state): State<SharedState>) -> Result<Response, ApiError> {
    let categories = state.db.categories().await?;
    let items: Vec<CategoryItem> = categories.iter().map(CategoryItem::from).collect();
    Ok(Json(CategoryList { items }).into_response())
}
