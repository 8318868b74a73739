//! Articles as the API gives them.

use serde::Serialize;
use toasoan_store::Article;

use crate::features::taxonomy::CategoryRef;
use utoipa::ToSchema;
use vn::time::format_rfc3339;

/// An article as the API gives it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Article)]
pub struct ArticleJson<'a> {
    pub id: i64,
    pub source_id: Option<&'a str>,
    pub slug: &'a str,
    /// The public page's path (`/{category}/{slug}-{id}.html`).
    pub url: String,
    pub title: &'a str,
    pub lead: &'a str,
    pub byline: Option<&'a str>,
    /// The newsroom accounts who wrote it, in order (their pages: `/tac-gia/{slug}`).
    pub authors: Vec<AuthorJson<'a>>,
    /// RFC 3339, in `+07:00`.
    pub published_at: String,
    pub updated_at: String,
    pub category: CategoryRef,
    pub tags: Vec<TagJson<'a>>,
    #[schema(value_type = Vec<toasoan_core::Block>)]
    pub blocks: &'a [toasoan_core::Block],
}

/// An article as the newsroom's actions answer it: the public form plus where it is in the
/// workflow.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = NewsroomArticle)]
pub struct NewsroomArticleJson<'a> {
    #[serde(flatten)]
    pub article: ArticleJson<'a>,
    pub status: toasoan_core::Status,
    /// When it was last saved: send it back as `version` in a PATCH so that a change made on an
    /// older version is refused (409) instead of overwriting someone else's.
    pub version: String,
}

/// A page of articles.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ArticleList)]
pub struct ArticleListJson<'a> {
    /// How many there are in all (for paging).
    pub total: i64,
    pub items: Vec<ArticleJson<'a>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Author)]
pub struct AuthorJson<'a> {
    pub name: &'a str,
    pub slug: &'a str,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Tag)]
pub struct TagJson<'a> {
    pub name: &'a str,
    pub slug: &'a str,
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleJson {
            id: a.id,
            source_id: a.source_id.as_deref(),
            slug: &a.slug,
            url: a.path(),
            title: &a.title,
            lead: &a.lead,
            byline: a.byline.as_deref(),
            authors: a.authors.iter().map(|x| AuthorJson { name: &x.name, slug: &x.slug }).collect(),
            published_at: format_rfc3339(a.published_at),
            updated_at: format_rfc3339(a.updated_at),
            category: CategoryRef { name: a.category.name.clone(), slug: a.category.slug.clone() },
            tags: a.tags.iter().map(|t| TagJson { name: &t.name, slug: &t.slug }).collect(),
            blocks: &a.blocks,
        }
    }
}
