//! `GET /api/v1/articles?limit=&offset=&category=` and `GET /api/v1/articles/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use toasoan_core::Status;
use toasoan_store::{Article, ArticleQuery, ListFilter};
use utoipa::IntoParams;

use super::json::{ArticleJson, ArticleListJson};
use crate::SharedState;
use crate::kernel::{ApiError, ApiQuery, ErrorBody, IdPath, Pagination};

/// What the list is narrowed to, besides its window.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ArticleListQuery {
    /// A category's slug.
    category: Option<String>,
}

/// Published articles, newest first.
#[utoipa::path(get, path = "/v1/articles", tag = "articles",
    params(Pagination, ArticleListQuery),
    responses(
        (status = 200, description = "A page of articles", body = ArticleListJson),
        (status = 400, description = "A parameter out of range or not a number", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
    ),
)]
pub async fn list_articles(
    State(state): State<SharedState>,
    page: Pagination,
    ApiQuery(query): ApiQuery<ArticleListQuery>,
) -> Result<Response, ApiError> {
    let slug = query.category.as_deref().filter(|c| !c.is_empty());
    let category_id = crate::features::taxonomy::category_filter(&state, slug).await?;
    let list_query = ArticleQuery {
        filter: category_id.map_or(ListFilter::All, ListFilter::Category),
        limit: page.limit,
        offset: page.offset,
    };
    let (total, summaries) = state.db.published_articles(&list_query).await?;
    let mut articles: Vec<Article> = Vec::with_capacity(summaries.len());
    for summary in &summaries {
        if let Some(article) = state.db.article(summary.id).await? {
            articles.push(article);
        }
    }
    let items: Vec<ArticleJson> = articles.iter().map(ArticleJson::from).collect();
    Ok(Json(ArticleListJson { total, items }).into_response())
}

/// One published article with its body.
#[utoipa::path(get, path = "/v1/articles/{id}", tag = "articles",
    params(IdPath),
    responses(
        (status = 200, description = "The article", body = ArticleJson),
        (status = 404, description = "No published article with this id", body = ErrorBody),
    ),
)]
pub async fn get_article(
    State(state): State<SharedState>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Response, ApiError> {
    let missing = || ApiError::not_found(format!("no published article with id {id:?}"));
    let id_number: i64 = id.parse().map_err(|_| missing())?;
    let article = state.db.article(id_number).await?.filter(|a| a.status == Status::Published).ok_or_else(missing)?;
    Ok(Json(ArticleJson::from(&article)).into_response())
}
