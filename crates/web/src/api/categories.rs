//! `GET /api/v1/categories`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::{ApiError, CategoryItem};
use crate::SharedState;

pub async fn list_categories(State(state): State<SharedState>) -> Result<Json<Value>, ApiError> {
    let categories = state.db.categories().await?;
    let items: Vec<CategoryItem> = categories.iter().map(CategoryItem::from).collect();
    Ok(Json(json!({ "items": items })))
}
