//! Reading categories.

use crate::model::Category;
use crate::{Db, Result, on_pool};

impl Db {
    /// Every category, ordered by position, then in Vietnamese alphabetical order.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        let sql = "SELECT id, parent_id, name, slug, position FROM categories ORDER BY position, id";
        let mut categories = on_pool!(self, pool => sqlx::query_as::<_, Category>(sql).fetch_all(pool).await)?;
        categories.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| vn::compare(&a.name, &b.name)));
        Ok(categories)
    }

    pub async fn category_by_slug(&self, slug: &str) -> Result<Option<Category>> {
        let sql = "SELECT id, parent_id, name, slug, position FROM categories WHERE slug = $1";
        Ok(on_pool!(self, pool => sqlx::query_as::<_, Category>(sql).bind(slug).fetch_optional(pool).await)?)
    }
}
