//! Reading articles: lists for the home and category pages, one article for its page.

use sqlx::Row;
use toasoan_core::{Block, Status};

use crate::model::{Article, ArticleSummary, Category, Tag};
use crate::{Db, Result, StoreError, on_pool};

/// Which published articles to list, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleQuery {
    pub filter: ListFilter,
    pub limit: i64,
    pub offset: i64,
}

/// The subset of published articles a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    All,
    /// This category and its direct children.
    Category(i64),
    /// Articles carrying this tag.
    Tag(i64),
    /// Articles naming this account among their authors.
    Author(i64),
}

impl ArticleQuery {
    pub fn new(filter: ListFilter, limit: i64, offset: i64) -> ArticleQuery {
        ArticleQuery { filter, limit, offset }
    }
}

macro_rules! summary_sql {
    ($where:literal, $tail:literal) => {
        concat!(
            "SELECT a.id, a.source_id, a.slug, a.title, a.excerpt, a.byline, a.featured, a.published_at, ",
            "a.updated_at, a.featured_image, a.featured_meta, c.name AS category_name, c.slug AS category_slug ",
            "FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.status = 'published' ",
            $where,
            " ORDER BY a.published_at DESC, a.id DESC ",
            $tail
        )
    };
}

const CATEGORY_COUNT: &str = "SELECT COUNT(*) FROM articles a WHERE a.status = 'published' \
     AND a.category_id IN (SELECT id FROM categories WHERE id = $1 OR parent_id = $1)";
const CATEGORY_LIST: &str = summary_sql!(
    "AND a.category_id IN (SELECT id FROM categories WHERE id = $1 OR parent_id = $1)",
    "LIMIT $2 OFFSET $3"
);
const TAG_COUNT: &str = "SELECT COUNT(*) FROM articles a JOIN article_tags x ON x.article_id = a.id \
     WHERE a.status = 'published' AND x.tag_id = $1";
const TAG_LIST: &str =
    summary_sql!("AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $1)", "LIMIT $2 OFFSET $3");
const AUTHOR_COUNT: &str = "SELECT COUNT(*) FROM articles a JOIN article_authors x ON x.article_id = a.id \
     WHERE a.status = 'published' AND x.user_id = $1";
const AUTHOR_LIST: &str =
    summary_sql!("AND a.id IN (SELECT article_id FROM article_authors WHERE user_id = $1)", "LIMIT $2 OFFSET $3");

impl Db {
    /// One page of published articles, and how many there are in all.
    pub async fn published_articles(&self, query: &ArticleQuery) -> Result<(i64, Vec<ArticleSummary>)> {
        let (limit, offset) = (query.limit, query.offset);
        match query.filter {
            ListFilter::All => {
                let count = "SELECT COUNT(*) FROM articles WHERE status = 'published'";
                let list = summary_sql!("", "LIMIT $1 OFFSET $2");
                on_pool!(self, pool => {
                    let total: i64 = sqlx::query_scalar(count).fetch_one(pool).await?;
                    let list = sqlx::query_as::<_, ArticleSummary>(list).bind(limit).bind(offset).fetch_all(pool).await?;
                    Ok((total, list))
                })
            }
            ListFilter::Category(id) => self.filtered_articles(CATEGORY_COUNT, CATEGORY_LIST, id, limit, offset).await,
            ListFilter::Tag(id) => self.filtered_articles(TAG_COUNT, TAG_LIST, id, limit, offset).await,
            ListFilter::Author(id) => self.filtered_articles(AUTHOR_COUNT, AUTHOR_LIST, id, limit, offset).await,
        }
    }

    /// Ids of published articles above `after`, in id order: an export pages through these.
    pub async fn published_ids_after(&self, after: i64, limit: i64) -> Result<Vec<i64>> {
        let sql = "SELECT id FROM articles WHERE status = 'published' AND id > $1 ORDER BY id LIMIT $2";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(after).bind(limit).fetch_all(pool).await)?)
    }

    /// A list whose filter is one id bound as `$1`.
    async fn filtered_articles(
        &self,
        count: &'static str,
        list: &'static str,
        id: i64,
        limit: i64,
        offset: i64,
    ) -> Result<(i64, Vec<ArticleSummary>)> {
        on_pool!(self, pool => {
            let total: i64 = sqlx::query_scalar(count).bind(id).fetch_one(pool).await?;
            let list = sqlx::query_as::<_, ArticleSummary>(list).bind(id).bind(limit).bind(offset).fetch_all(pool).await?;
            Ok((total, list))
        })
    }

    /// A tag and its id, by slug.
    pub async fn tag_by_slug(&self, slug: &str) -> Result<Option<(i64, Tag)>> {
        let sql = "SELECT id, name, slug FROM tags WHERE slug = $1";
        on_pool!(self, pool => {
            let row = sqlx::query(sql).bind(slug).fetch_optional(pool).await?;
            row.map(|r| Ok((r.try_get("id")?, Tag { name: r.try_get("name")?, slug: r.try_get("slug")? }))).transpose()
        })
    }

    /// The newest articles the newsroom marked as featured.
    pub async fn featured_articles(&self, limit: i64) -> Result<Vec<ArticleSummary>> {
        let sql = summary_sql!("AND a.featured = TRUE", "LIMIT $1");
        Ok(on_pool!(self, pool => sqlx::query_as::<_, ArticleSummary>(sql).bind(limit).fetch_all(pool).await)?)
    }

    /// "Bài cùng chuyên mục": the newest other articles of the same category.
    pub async fn related_articles(&self, category_id: i64, exclude_id: i64, limit: i64) -> Result<Vec<ArticleSummary>> {
        let sql = summary_sql!("AND a.category_id = $1 AND a.id <> $2", "LIMIT $3");
        Ok(on_pool!(self, pool => sqlx::query_as::<_, ArticleSummary>(sql)
            .bind(category_id).bind(exclude_id).bind(limit).fetch_all(pool).await)?)
    }

    /// One article by id, whatever its status (callers decide who may see it), with its tags
    /// and authors.
    pub async fn article(&self, id: i64) -> Result<Option<Article>> {
        let Some(mut article) = self.article_text(id).await? else { return Ok(None) };
        let tags_sql = "SELECT t.name, t.slug FROM article_tags x JOIN tags t ON t.id = x.tag_id \
             WHERE x.article_id = $1 ORDER BY x.position";
        article.tags = on_pool!(self, pool => {
            let tag_rows = sqlx::query(tags_sql).bind(id).fetch_all(pool).await?;
            tag_rows
                .iter()
                .map(|t| Ok(Tag { name: t.try_get("name")?, slug: t.try_get("slug")? }))
                .collect::<Result<Vec<Tag>>>()
        })?;
        article.authors = self.article_authors(id).await?;
        Ok(Some(article))
    }

    /// One article by id in one query, without its tags and authors (left empty): what search
    /// hits, old addresses and comment checks need, read once per hit.
    pub async fn article_text(&self, id: i64) -> Result<Option<Article>> {
        let sql = "SELECT a.id, a.source_id, a.slug, a.title, a.lead, a.body, a.byline, a.status, a.featured, \
             a.published_at, a.updated_at, a.old_url, a.seo_title, a.seo_description, a.featured_image, \
             a.featured_meta, c.id AS cid, c.parent_id, c.name, c.slug AS cslug, c.position \
             FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.id = $1";
        on_pool!(self, pool => {
            let Some(row) = sqlx::query(sql).bind(id).fetch_optional(pool).await? else {
                return Ok(None);
            };
            let body: String = row.try_get("body")?;
            let status: String = row.try_get("status")?;
            let category = Category {
                id: row.try_get("cid")?,
                parent_id: row.try_get("parent_id")?,
                name: row.try_get("name")?,
                slug: row.try_get("cslug")?,
                position: row.try_get("position")?,
            };
            Ok(Some(Article {
                id: row.try_get("id")?,
                source_id: row.try_get("source_id")?,
                slug: row.try_get("slug")?,
                title: row.try_get("title")?,
                lead: row.try_get("lead")?,
                byline: row.try_get("byline")?,
                category,
                tags: Vec::new(),
                authors: Vec::new(),
                blocks: parse_blocks(id, &body)?,
                status: Status::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("article {id} has status {status:?}")))?,
                featured: row.try_get("featured")?,
                published_at: row.try_get("published_at")?,
                updated_at: row.try_get("updated_at")?,
                old_url: row.try_get("old_url")?,
                seo_title: row.try_get("seo_title")?,
                seo_description: row.try_get("seo_description")?,
                featured_image: row.try_get("featured_image")?,
                featured_meta: crate::model::FeaturedMeta::parse(row.try_get("featured_meta")?),
            }))
        })
    }

    /// The id of the published article that the old site had at `old_url`.
    pub async fn article_id_by_old_url(&self, old_url: &str) -> Result<Option<i64>> {
        let sql = "SELECT id FROM articles WHERE old_url = $1 AND status = 'published' ORDER BY id LIMIT 1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).bind(old_url).fetch_optional(pool).await)?)
    }

    /// The source id of every article that has one, by article id (for evaluations and exports).
    pub async fn source_ids(&self) -> Result<std::collections::HashMap<i64, String>> {
        let sql = "SELECT id, source_id FROM articles WHERE source_id IS NOT NULL";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).fetch_all(pool).await?;
            rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("source_id")?))).collect()
        })
    }

    /// How many articles are published.
    pub async fn published_count(&self) -> Result<i64> {
        let sql = "SELECT COUNT(*) FROM articles WHERE status = 'published'";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// How many articles there are, in any status.
    pub async fn article_count(&self) -> Result<i64> {
        Ok(on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM articles").fetch_one(pool).await)?)
    }
}

fn parse_blocks(id: i64, body: &str) -> Result<Vec<Block>> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("article {id} has an unreadable body: {e}")))
}
