//! `GET /api/v1/issues?year=&number=&q=&before=&limit=&offset=` and `GET /api/v1/issues/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use toasoan_store::IssueFilter;

use super::IssueView;
use crate::SharedState;
use crate::api::ApiError;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IssueQuery {
    year: Option<i64>,
    number: Option<i64>,
    q: Option<String>,
    before: Option<i64>,
    limit: Option<i64>,
    offset: Option<i64>,
}

pub async fn list_issues(
    State(state): State<SharedState>,
    Query(query): Query<IssueQuery>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 100"));
    }
    let filter = IssueFilter {
        year: query.year,
        number: query.number,
        before_year: query.before,
        keyword: query.q.filter(|q| !q.trim().is_empty()),
        limit,
        offset: query.offset.unwrap_or(0).max(0),
    };
    let (total, issues) = state.db.print_issues(&filter).await?;
    let items: Vec<Value> = issues.iter().map(|i| issue_json(&IssueView::from(i), &state, false)).collect();
    Ok(Json(json!({ "total": total, "items": items })))
}

pub async fn get_issue(State(state): State<SharedState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let missing = || ApiError::not_found(format!("no issue with id {id}"));
    let id = id.parse::<i64>().map_err(|_| missing())?;
    let issue = state.db.print_issue(id).await?.ok_or_else(missing)?;
    Ok(Json(issue_json(&IssueView::from(&issue), &state, true)))
}

fn issue_json(view: &IssueView, state: &SharedState, with_toc: bool) -> Value {
    let absolute =
        |path: &str| if path.is_empty() { Value::Null } else { json!(format!("{}{path}", state.site.base_url)) };
    let mut body = json!({
        "id": view.id,
        "year": view.year,
        "number": view.number,
        "label": view.label,
        "special_label": view.special_label,
        "volume": view.volume,
        "title": view.title,
        "url": absolute(&view.url),
        "cover": absolute(&view.cover_url),
        "pdf": view.pdf_url.as_deref().map_or(Value::Null, absolute),
        "published_on": view.published_iso,
    });
    if with_toc {
        body["toc"] = view
            .toc
            .iter()
            .map(|t| {
                json!({
                    "title": t.title,
                    "author": t.author,
                    "page": t.page,
                    "pdf_url": t.pdf_url.as_deref().map_or(Value::Null, absolute),
                    "article_url": t.article_url.as_deref().map_or(Value::Null, absolute),
                })
            })
            .collect();
    }
    body
}
