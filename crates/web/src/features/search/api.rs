//! `GET /api/v1/search?q=&limit=&offset=&category=&from=&to=&sort=&kind=` (articles and print
//! pages and video clips, `kind` = `article` | `print` | `video` for one of them) and
//! `GET /api/v1/suggest?q=`.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use toasoan_core::Status;
use toasoan_search::Found;
use toasoan_store::Article;
use utoipa::ToSchema;

use super::params::{ParamError, SearchParams, number, parse};
use super::print_hits::{PrintHit, PrintHits};
use super::snippet::snippet;
use crate::SharedState;
use crate::features::taxonomy::CategoryRef;
use crate::kernel::{ApiError, ErrorBody};

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

/// One result: an article, a page of a print issue, or a video clip (`kind` says which).
#[derive(Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SearchHit {
    Article(ArticleHit),
    Print(PrintPageHit),
    Video(VideoHit),
}

#[derive(Serialize, ToSchema)]
pub struct ArticleHit {
    id: i64,
    source_id: Option<String>,
    title: String,
    url: String,
    published_at: String,
    category: CategoryRef,
    /// Plain text around the matched words.
    snippet: String,
}

/// A page of the print edition: which issue, which page, and the PDF opened there.
#[derive(Serialize, ToSchema)]
pub struct PrintPageHit {
    /// "Số 6 - 2022, trang 12".
    title: String,
    /// The PDF at this page (the issue's page when it has no PDF).
    url: String,
    /// The issue's date, when known.
    published_at: Option<String>,
    issue: IssueRef,
    page: i64,
    snippet: String,
}

#[derive(Serialize, ToSchema)]
pub struct IssueRef {
    id: i64,
    year: i64,
    number: i64,
    /// "Số 6 - 2022".
    label: String,
    special_label: String,
    title: String,
    url: String,
    pdf_url: Option<String>,
}

/// A clip: its page, how long it is, and its description as the snippet.
#[derive(Serialize, ToSchema)]
pub struct VideoHit {
    id: i64,
    title: String,
    url: String,
    published_at: String,
    /// Seconds.
    duration: Option<i64>,
    poster: Option<String>,
    snippet: String,
}

/// How many hits of each kind match (whatever `kind` asked for).
#[derive(Serialize, ToSchema)]
pub struct KindTotals {
    article: u64,
    print: u64,
    video: u64,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    /// Hits of the kind asked for.
    total: u64,
    totals: KindTotals,
    hits: Vec<SearchHit>,
    /// The query as repaired (Telex, VNI), when it was.
    repaired_query: Option<String>,
    /// True when the query was longer than the limit and was cut.
    query_truncated: bool,
}

/// Articles, print pages and clips ranked for a Vietnamese query typed any way: with or without
/// marks, either tone style, decomposed, Telex or VNI.
#[utoipa::path(get, path = "/v1/search", tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Ranked hits", body = SearchResults),
        (status = 400, description = "A parameter is wrong (named in the message)", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
    ),
)]
pub async fn search(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Json<SearchResults>, ApiError> {
    let params = parse(query.as_deref())?;
    let limit = number("limit", params.limit.as_deref(), 10, MAX_LIMIT)?;
    let offset = number("offset", params.offset.as_deref(), 0, 100_000)?;
    let categories: Vec<i64> =
        crate::features::taxonomy::category_filter(&state, params.category.as_deref()).await?.into_iter().collect();
    let response = state.search.search(&params.request(categories, limit, offset))?;
    let words: HashSet<String> = response.highlight.iter().cloned().collect();
    let mut hits = Vec::with_capacity(response.hits.len());
    let mut print_hits = PrintHits::default();
    for hit in &response.hits {
        match hit.found {
            Found::Article(id) => {
                if let Some(a) = state.db.article_text(id).await?.filter(|a| a.status == Status::Published) {
                    hits.push(article_hit(&a, &words));
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
    Ok(Json(SearchResults {
        total: response.total as u64,
        totals: KindTotals {
            article: response.totals.articles as u64,
            print: response.totals.print_pages as u64,
            video: response.totals.videos as u64,
        },
        hits,
        repaired_query: response.repaired,
        query_truncated: params.q_was_cut || response.truncated,
    }))
}

fn article_hit(a: &Article, words: &HashSet<String>) -> SearchHit {
    SearchHit::Article(ArticleHit {
        id: a.id,
        source_id: a.source_id.clone(),
        title: a.title.clone(),
        url: a.path(),
        published_at: vn::time::format_rfc3339(a.published_at),
        category: CategoryRef { name: a.category.name.clone(), slug: a.category.slug.clone() },
        snippet: snippet(&a.lead, &a.blocks, words),
    })
}

fn print_hit(print: PrintHit) -> SearchHit {
    let issue = print.issue;
    SearchHit::Print(PrintPageHit {
        title: print.title,
        url: print.url,
        published_at: issue.published_iso.as_ref().map(|day| format!("{day}T00:00:00+07:00")),
        issue: IssueRef {
            id: issue.id,
            year: issue.year,
            number: issue.number,
            label: issue.label,
            special_label: issue.special_label,
            title: issue.title,
            url: issue.url,
            pdf_url: issue.pdf_url,
        },
        page: print.page,
        snippet: print.snippet,
    })
}

fn video_hit(video: &toasoan_store::Video) -> SearchHit {
    let view = crate::kernel::views::VideoView::from(video);
    SearchHit::Video(VideoHit {
        id: video.id,
        title: view.title,
        url: view.url,
        published_at: view.published_iso,
        duration: video.duration_seconds,
        poster: Some(view.poster).filter(|p| !p.is_empty()),
        snippet: view.description,
    })
}

#[derive(Serialize, ToSchema)]
pub struct Suggestion {
    title: String,
    url: String,
}

#[derive(Serialize, ToSchema)]
pub struct Suggestions {
    items: Vec<Suggestion>,
}

/// Titles whose words start as typed (marks or none), for a search box.
#[utoipa::path(get, path = "/v1/suggest", tag = "search",
    params(("q" = Option<String>, Query, description = "What has been typed so far.")),
    responses(
        (status = 200, description = "Up to 8 titles", body = Suggestions),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
    ),
)]
pub async fn suggest(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Result<Json<Suggestions>, ApiError> {
    let params = parse(query.as_deref())?;
    let mut items = Vec::new();
    for id in state.search.suggest(&params.q, SUGGESTIONS)? {
        if let Some(article) = state.db.article_text(id).await?.filter(|a| a.status == Status::Published) {
            let url = article.path();
            items.push(Suggestion { title: article.title, url });
        }
    }
    Ok(Json(Suggestions { items }))
}
