//! Categories and tags: the API's category list, the newsroom's page for both, and what other
//! features need of them (a category as answers name it, a `?category=` filter).

pub mod api;
mod newsroom;

pub use newsroom::{create_category, delete_category, delete_tag, rename_tag, taxonomy, update_category};

use serde::Serialize;
use toasoan_store::Category;
use utoipa::ToSchema;

use crate::kernel::ApiError;

/// A category named inside another answer (an article, a hit, a clip).
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    pub name: String,
    pub slug: String,
}

/// A category as the API gives it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Category)]
pub struct CategoryItem<'a> {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
}

impl<'a> From<&'a Category> for CategoryItem<'a> {
    fn from(c: &'a Category) -> Self {
        CategoryItem { id: c.id, parent_id: c.parent_id, name: &c.name, slug: &c.slug, url: format!("/{}", c.slug) }
    }
}

/// The id of the category with `slug` (`None` for no filter); an unknown slug is a 404 naming it.
pub async fn category_filter(state: &crate::SharedState, slug: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(slug) = slug else { return Ok(None) };
    let category = state.db.category_by_slug(slug).await?;
    Ok(Some(category.ok_or_else(|| ApiError::not_found(format!("no category {slug:?}")))?.id))
}
