//! `GET /api/v1/search?q=&limit=&offset=&category=&from=&to=&sort=` and
//! `GET /api/v1/suggest?q=`.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use serde_json::{Value, json};
use toasoan_core::Status;

use super::{ApiError, CategoryJson};
use crate::SharedState;
use crate::search_params::{ParamError, number, parse};
use crate::snippet::snippet;

const MAX_LIMIT: usize = 100;
const SUGGESTIONS: usize = 8;

impl From<ParamError> for ApiError {
    fn from(error: ParamError) -> Self {
        ApiError::bad_request(error.english)
    }
}

impl From<toasoan_search::SearchError> for ApiError {
    fn from(error: toasoan_search::SearchError) -> Self {
        tracing::error!(%error, "search failed");
        ApiError::internal()
    }
}

#[derive(Serialize)]
struct SearchHit<'a> {
    id: i64,
    source_id: Option<&'a str>,
    title: &'a str,
    url: String,
    published_at: String,
    category: CategoryJson<'a>,
    snippet: String,
}

pub async fn search(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = parse(query.as_deref())?;
    let limit = number("limit", params.limit.as_deref(), 10, MAX_LIMIT)?;
    let offset = number("offset", params.offset.as_deref(), 0, 100_000)?;
    let categories: Vec<i64> = super::category_filter(&state, params.category.as_deref()).await?.into_iter().collect();
    let response = state.search.search(&params.request(categories, limit, offset))?;
    let words: HashSet<String> = response.highlight.iter().cloned().collect();
    let mut articles = Vec::with_capacity(response.hits.len());
    for hit in &response.hits {
        if let Some(article) = state.db.article(hit.id).await?.filter(|a| a.status == Status::Published) {
            articles.push(article);
        }
    }
    let hits: Vec<SearchHit> = articles
        .iter()
        .map(|a| SearchHit {
            id: a.id,
            source_id: a.source_id.as_deref(),
            title: &a.title,
            url: a.path(),
            published_at: vn::time::format_rfc3339(a.published_at),
            category: CategoryJson { name: &a.category.name, slug: &a.category.slug },
            snippet: snippet(&a.lead, &a.blocks, &words),
        })
        .collect();
    Ok(Json(json!({
        "total": response.total,
        "hits": hits,
        "repaired_query": response.repaired,
        "query_truncated": params.q_was_cut || response.truncated,
    })))
}

#[derive(Serialize)]
struct Suggestion {
    title: String,
    url: String,
}

pub async fn suggest(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = parse(query.as_deref())?;
    let mut items = Vec::new();
    for id in state.search.suggest(&params.q, SUGGESTIONS)? {
        if let Some(article) = state.db.article(id).await?.filter(|a| a.status == Status::Published) {
            let url = article.path();
            items.push(Suggestion { title: article.title, url });
        }
    }
    Ok(Json(json!({ "items": items })))
}
