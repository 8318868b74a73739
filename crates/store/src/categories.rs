//! Reading categories.

use sqlx::Row;

use crate::model::Category;
use crate::{Db, Result, on_pool};

macro_rules! category_from_row {
    ($row:expr) => {
        Category {
            id: $row.try_get("id")?,
            parent_id: $row.try_get("parent_id")?,
            name: $row.try_get("name")?,
            slug: $row.try_get("slug")?,
            position: $row.try_get("position")?,
        }
    };
}

impl Db {
    /// Every category, ordered by position, then in Vietnamese alphabetical order.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        let sql = "SELECT id, parent_id, name, slug, position FROM categories ORDER BY position, id";
        let mut categories = on_pool!(self, pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter().map(|row| Ok(category_from_row!(row))).collect::<Result<Vec<_>>>()
        })?;
        categories.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| vn::compare(&a.name, &b.name)));
        Ok(categories)
    }

    pub async fn category_by_slug(&self, slug: &str) -> Result<Option<Category>> {
        let sql = "SELECT id, parent_id, name, slug, position FROM categories WHERE slug = $1";
        on_pool!(self, pool => {
            let row = sqlx::query(sql).bind(slug).fetch_optional(pool).await?;
            row.map(|row| Ok(category_from_row!(row))).transpose()
        })
    }
}
