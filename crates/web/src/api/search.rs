//! `GET /api/v1/search?q=&limit=&offset=&category=&from=&to=&sort=&kind=` (articles and print
//! pages and video clips, `kind` = `article` | `print` | `video` for one of them) and
//! `GET /api/v1/suggest?q=`.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use serde_json::{Value, json};
use toasoan_core::Status;
use toasoan_search::Found;
use toasoan_store::Article;

use super::{ApiError, CategoryJson};
use crate::SharedState;
use crate::print::{PrintHit, PrintHits};
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
struct ArticleHit<'a> {
    kind: &'static str,
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
    let mut hits = Vec::with_capacity(response.hits.len());
    let mut print_hits = PrintHits::default();
    for hit in &response.hits {
        match hit.found {
            Found::Article(id) => {
                if let Some(a) = state.db.article(id).await?.filter(|a| a.status == Status::Published) {
                    hits.push(article_hit(&a, &words)?);
                }
            }
            Found::PrintPage { issue, page } => {
                if let Some(print) = print_hits.hit(&state.db, issue, page, &words).await? {
                    hits.push(print_hit(print));
                }
            }
            Found::Video(id) => {
                if let Some(video) = state.db.video(id).await?.filter(|v| v.published) {
                    hits.push(video_hit(&video));
                }
            }
        }
    }
    Ok(Json(json!({
        "total": response.total,
        "totals": {
            "article": response.totals.articles,
            "print": response.totals.print_pages,
            "video": response.totals.videos,
        },
        "hits": hits,
        "repaired_query": response.repaired,
        "query_truncated": params.q_was_cut || response.truncated,
    })))
}

fn article_hit(a: &Article, words: &HashSet<String>) -> Result<Value, ApiError> {
    let hit = ArticleHit {
        kind: "article",
        id: a.id,
        source_id: a.source_id.as_deref(),
        title: &a.title,
        url: a.path(),
        published_at: vn::time::format_rfc3339(a.published_at),
        category: CategoryJson { name: &a.category.name, slug: &a.category.slug },
        snippet: snippet(&a.lead, &a.blocks, words),
    };
    serde_json::to_value(hit).map_err(|e| {
        tracing::error!(%e, "an article hit could not be written as JSON");
        ApiError::internal()
    })
}

/// A page of the print edition: which issue, which page, and the PDF opened there.
fn print_hit(print: PrintHit) -> Value {
    let issue = print.issue;
    json!({
        "kind": "print",
        "title": print.title,
        "url": print.url,
        "published_at": issue.published_iso.as_ref().map(|day| format!("{day}T00:00:00+07:00")),
        "issue": {
            "id": issue.id,
            "year": issue.year,
            "number": issue.number,
            "label": issue.label,
            "special_label": issue.special_label,
            "title": issue.title,
            "url": issue.url,
            "pdf_url": issue.pdf_url,
        },
        "page": print.page,
        "snippet": print.snippet,
    })
}

/// A clip: its page, how long it is, and its description as the snippet.
fn video_hit(video: &toasoan_store::Video) -> Value {
    let view = crate::video::VideoView::from(video);
    json!({
        "kind": "video",
        "id": video.id,
        "title": view.title,
        "url": view.url,
        "published_at": view.published_iso,
        "duration": video.duration_seconds,
        "poster": (!view.poster.is_empty()).then_some(&view.poster),
        "snippet": view.description,
    })
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
