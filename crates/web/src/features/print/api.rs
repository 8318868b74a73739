//! `GET /api/v1/issues?year=&number=&q=&before=&limit=&offset=` and `GET /api/v1/issues/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use toasoan_store::IssueFilter;
use utoipa::{IntoParams, ToSchema};

use crate::SharedState;
use crate::kernel::views::IssueView;
use crate::kernel::{ApiError, ApiQuery, ErrorBody, IdPath, Pagination};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct IssueQuery {
    /// Issues of this year.
    year: Option<i64>,
    /// The issue's number (with `year`, one issue).
    number: Option<i64>,
    /// Words of the theme or the table of contents, with or without marks.
    q: Option<String>,
    /// Issues before this year (the scanned archive: `before=2010`).
    before: Option<i64>,
}

/// A print issue. URLs are absolute.
#[derive(Serialize, ToSchema)]
pub struct IssueJson {
    pub id: i64,
    pub year: i64,
    pub number: i64,
    /// "Số 6 - 2022".
    pub label: String,
    /// "Số Tết", or empty.
    pub special_label: String,
    pub volume: String,
    pub title: String,
    pub url: Option<String>,
    pub cover: Option<String>,
    /// The whole issue.
    pub pdf: Option<String>,
    /// YYYY-MM-DD, when known.
    pub published_on: Option<String>,
    /// The table of contents (`GET /api/v1/issues/{id}` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<Vec<TocEntry>>,
}

#[derive(Serialize, ToSchema)]
pub struct TocEntry {
    pub title: String,
    pub author: String,
    pub page: Option<i64>,
    /// The PDF opened at the piece's page.
    pub pdf_url: Option<String>,
    /// The piece's online version.
    pub article_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IssueList {
    pub total: i64,
    pub items: Vec<IssueJson>,
}

/// Print issues, newest first.
#[utoipa::path(get, path = "/v1/issues", tag = "print", params(Pagination, IssueQuery),
    responses(
        (status = 200, description = "A page of issues", body = IssueList),
        (status = 400, description = "A parameter out of range or not a number", body = ErrorBody),
    ),
)]
pub async fn list_issues(
    State(state): State<SharedState>,
    page: Pagination,
    ApiQuery(query): ApiQuery<IssueQuery>,
) -> Result<Json<IssueList>, ApiError> {
    let filter = IssueFilter {
        year: query.year,
        number: query.number,
        before_year: query.before,
        keyword: query.q.filter(|q| !q.trim().is_empty()),
        limit: page.limit,
        offset: page.offset,
    };
    let (total, issues) = state.db.print_issues(&filter).await?;
    let items = issues.iter().map(|i| issue_json(&IssueView::from(i), &state, false)).collect();
    Ok(Json(IssueList { total, items }))
}

/// One issue with its table of contents.
#[utoipa::path(get, path = "/v1/issues/{id}", tag = "print",
    params(IdPath),
    responses(
        (status = 200, description = "The issue", body = IssueJson),
        (status = 404, description = "No issue with this id", body = ErrorBody),
    ),
)]
pub async fn get_issue(
    State(state): State<SharedState>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<IssueJson>, ApiError> {
    let missing = || ApiError::not_found(format!("no issue with id {id}"));
    let id = id.parse::<i64>().map_err(|_| missing())?;
    let issue = state.db.print_issue(id).await?.ok_or_else(missing)?;
    Ok(Json(issue_json(&IssueView::from(&issue), &state, true)))
}

fn issue_json(view: &IssueView, state: &SharedState, with_toc: bool) -> IssueJson {
    let absolute = |path: &str| (!path.is_empty()).then(|| format!("{}{path}", state.site.base_url));
    let toc = with_toc.then(|| {
        view.toc
            .iter()
            .map(|t| TocEntry {
                title: t.title.clone(),
                author: t.author.clone(),
                page: t.page,
                pdf_url: t.pdf_url.as_deref().and_then(absolute),
                article_url: t.article_url.as_deref().and_then(absolute),
            })
            .collect()
    });
    IssueJson {
        id: view.id,
        year: view.year,
        number: view.number,
        label: view.label.clone(),
        special_label: view.special_label.clone(),
        volume: view.volume.clone(),
        title: view.title.clone(),
        url: absolute(&view.url),
        cover: absolute(&view.cover_url),
        pdf: view.pdf_url.as_deref().and_then(absolute),
        published_on: view.published_iso.clone(),
        toc,
    }
}
