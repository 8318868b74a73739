//! `GET /api/v1/articles?limit=&offset=&category=` and `GET /api/v1/articles/{id}`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use toasoan_core::Status;
use toasoan_store::{Article, ArticleQuery, ListFilter};

use super::{ApiError, ArticleJson, ArticleListJson, ErrorBody};
use crate::SharedState;

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;

/// The list's parameters, read by hand so that every mistake gets a message naming it.
#[derive(Debug, PartialEq, Eq)]
struct ListParams {
    limit: i64,
    offset: i64,
    category: Option<String>,
}

fn parse_params(query: Option<&str>) -> Result<ListParams, ApiError> {
    let mut params = ListParams { limit: DEFAULT_LIMIT, offset: 0, category: None };
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let number = |name: &str| {
            value
                .parse::<i64>()
                .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number, got {value:?}")))
        };
        match key {
            "limit" => params.limit = number("limit")?,
            "offset" => params.offset = number("offset")?,
            "category" => params.category = Some(value.to_owned()).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    if !(1..=MAX_LIMIT).contains(&params.limit) {
        return Err(ApiError::bad_request(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    if params.offset < 0 {
        return Err(ApiError::bad_request("offset must not be negative"));
    }
    Ok(params)
}

/// Published articles, newest first.
#[utoipa::path(get, path = "/v1/articles", tag = "articles",
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "How many (default 20)."),
        ("offset" = Option<i64>, Query, minimum = 0, description = "How many to skip."),
        ("category" = Option<String>, Query, description = "A category's slug."),
    ),
    responses(
        (status = 200, description = "A page of articles", body = ArticleListJson),
        (status = 400, description = "A parameter out of range or not a number", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
    ),
)]
pub async fn list_articles(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let params = parse_params(query.as_deref())?;
    let category_id = super::category_filter(&state, params.category.as_deref()).await?;
    let list_query = ArticleQuery {
        filter: category_id.map_or(ListFilter::All, ListFilter::Category),
        limit: params.limit,
        offset: params.offset,
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
    params(("id" = i64, Path, description = "The article's id.")),
    responses(
        (status = 200, description = "The article", body = ArticleJson),
        (status = 404, description = "No published article with this id", body = ErrorBody),
    ),
)]
pub async fn get_article(State(state): State<SharedState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let missing = || ApiError::not_found(format!("no published article with id {id:?}"));
    let id_number: i64 = id.parse().map_err(|_| missing())?;
    let article = state.db.article(id_number).await?.filter(|a| a.status == Status::Published).ok_or_else(missing)?;
    Ok(Json(ArticleJson::from(&article)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_have_defaults_and_limits() {
        assert_eq!(parse_params(None).ok(), Some(ListParams { limit: 20, offset: 0, category: None }));
        let p = parse_params(Some("limit=5&offset=10&category=kinh-te&x=y")).ok();
        assert_eq!(p, Some(ListParams { limit: 5, offset: 10, category: Some("kinh-te".into()) }));
        for bad in ["limit=0", "limit=101", "limit=abc", "offset=-1", "offset=1.5"] {
            assert!(parse_params(Some(bad)).is_err(), "{bad}");
        }
    }
}
