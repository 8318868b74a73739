//! The search page, `/tim-kiem?q=&category=&from=&to=&sort=&kind=&page=`: ranked results (articles
//! and pages of the print edition, or one of the two) with the reader's words highlighted, filters, pages, a "did you mean" after a Telex repair, and a
//! helpful page for an empty query or no result. Never cached: every query is its own page.

use std::collections::HashSet;

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use toasoan_core::Status;
use toasoan_search::{Found, Hit, Kind, KindTotals};

use super::params::{MAX_QUERY_CHARS, ParamError, SearchParams, kind_name, number, parse};
use super::print_hits::{PrintHit, PrintHits};
use super::snippet::{highlight, snippet};
use crate::SharedState;
use crate::kernel::page_error::server_error;
use crate::kernel::views::IssueView;
use crate::kernel::views::category_path;
use crate::kernel::{PageError, layout, render, to_value};

const PAGE_SIZE: usize = 10;
/// Deepest page offered: nobody reads past it, and it bounds the work.
const MAX_PAGE: usize = 100;

#[derive(Serialize)]
struct ResultView {
    /// "article" or "print".
    kind: &'static str,
    url: String,
    title_html: String,
    snippet_html: String,
    category_name: String,
    category_url: String,
    date: String,
    iso_time: String,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

pub async fn search_page(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Response {
    let outcome = match parse(query.as_deref()) {
        Ok(params) => render_results(&state, params).await,
        Err(error) => render_form_error(&state, query.as_deref(), error).await,
    };
    match outcome {
        Ok((status, html)) => {
            (status, [(header::CONTENT_TYPE, crate::kernel::http::HTML), (header::CACHE_CONTROL, "no-cache")], html)
                .into_response()
        }
        Err(error) => {
            tracing::error!(?error, "the search page failed");
            server_error()
        }
    }
}

async fn render_results(state: &SharedState, params: SearchParams) -> Result<(StatusCode, String), PageError> {
    let layout = layout(state, None).await?;
    let categories = state.db.categories().await?;
    let page = number("page", params.page.as_deref(), 1, MAX_PAGE).unwrap_or(1).max(1);
    let category = params.category.as_ref().and_then(|slug| categories.iter().find(|c| &c.slug == slug));
    let filter_ids = category.map(|c| vec![c.id]).unwrap_or_default();
    let response = if params.q.is_empty() {
        toasoan_search::SearchResponse::default()
    } else {
        let request = params.request(filter_ids, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        state.search.search(&request).map_err(|e| PageError::Internal(e.to_string()))?
    };
    let words: HashSet<String> = response.highlight.iter().cloned().collect();
    let results = result_views(state, &response.hits, &words).await?;
    let last_page = response.total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE);
    let context = minijinja::context! {
        params => to_value(form_values(&params)),
        categories => to_value(&categories),
        results => to_value(results),
        total => to_value(response.total),
        kinds => to_value(kind_links(&params, response.totals)),
        within => to_value(within_issue(state, &params).await?),
        noun => to_value(noun(params.kind)),
        page => to_value(page),
        pages => to_value(page_links(&params, page, last_page)),
        repaired => to_value(response.repaired.as_ref().map(|r| (r, search_url(&SearchParams { q: r.clone(), ..params.clone() }, 1)))),
        truncated => to_value(params.q_was_cut || response.truncated),
        max_chars => to_value(MAX_QUERY_CHARS),
        beyond_last => to_value(response.total > 0 && page > last_page),
    };
    Ok((StatusCode::OK, render(state, "search.html", &layout, context)?))
}

async fn result_views(
    state: &SharedState,
    hits: &[Hit],
    words: &HashSet<String>,
) -> Result<Vec<ResultView>, PageError> {
    let mut results = Vec::with_capacity(hits.len());
    let mut print_hits = PrintHits::default();
    for hit in hits {
        match hit.found {
            Found::Article(id) => {
                let Some(article) = state.db.article_text(id).await?.filter(|a| a.status == Status::Published) else {
                    continue;
                };
                results.push(ResultView {
                    kind: "article",
                    url: article.path(),
                    title_html: highlight(&article.title, words),
                    snippet_html: highlight(&snippet(&article.lead, &article.blocks, words), words),
                    category_name: article.category.name.clone(),
                    category_url: category_path(&article.category.slug),
                    date: vn::time::format_list_date(article.published_at),
                    iso_time: vn::time::format_rfc3339(article.published_at),
                });
            }
            Found::Video(id) => {
                let Some(video) = state.db.video(id).await?.filter(|v| v.published) else { continue };
                let view = crate::kernel::views::VideoView::from(&video);
                results.push(ResultView {
                    kind: "video",
                    title_html: highlight(&view.title, words),
                    snippet_html: highlight(&view.description, words),
                    category_name: if view.duration.is_empty() {
                        "Video".to_owned()
                    } else {
                        format!("Video · {}", view.duration)
                    },
                    category_url: "/video".to_owned(),
                    date: view.date,
                    iso_time: view.published_iso,
                    url: view.url,
                });
            }
            Found::PrintPage { issue, page } => {
                let Some(print) = print_hits.hit(&state.db, issue, page, words).await? else { continue };
                results.push(ResultView {
                    kind: "print",
                    title_html: highlight(&print.title, &HashSet::new()),
                    snippet_html: highlight(&print.snippet, words),
                    category_name: print_kicker(&print),
                    category_url: print.issue.url,
                    date: print.issue.published.unwrap_or_default(),
                    iso_time: print.issue.published_iso.unwrap_or_default(),
                    url: print.url,
                });
            }
        }
    }
    Ok(results)
}

/// "Tạp chí in · Số Tết · Mùa xuân đất nước": what the issue is, above the page's words.
fn print_kicker(print: &PrintHit) -> String {
    let issue = &print.issue;
    [issue.special_label.as_str(), issue.title.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .fold("Tạp chí in".to_owned(), |kicker, part| format!("{kicker} · {part}"))
}

/// A bad filter: the form comes back with what the reader typed and the message by the field.
async fn render_form_error(
    state: &SharedState,
    query: Option<&str>,
    error: ParamError,
) -> Result<(StatusCode, String), PageError> {
    let layout = layout(state, None).await?;
    let categories = state.db.categories().await?;
    let typed: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect();
    let value = |name: &str| typed.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let context = minijinja::context! {
        params => to_value(FormValues { q: value("q"), category: value("category"), from: value("from"), to: value("to"), sort: value("sort"), kind: value("kind"), issue: value("issue") }),
        categories => to_value(&categories),
        error => to_value((error.field, error.vietnamese)),
    };
    Ok((StatusCode::BAD_REQUEST, render(state, "search.html", &layout, context)?))
}

#[derive(Serialize)]
struct FormValues {
    q: String,
    category: String,
    from: String,
    to: String,
    sort: String,
    kind: String,
    issue: String,
}

#[derive(Serialize)]
struct KindLink {
    label: &'static str,
    count: usize,
    url: String,
    current: bool,
}

/// "Tất cả / Bài viết / Tạp chí in", each with its count, keeping the other filters.
fn kind_links(params: &SearchParams, totals: KindTotals) -> Vec<KindLink> {
    [
        (None, "Tất cả"),
        (Some(Kind::Article), "Bài viết"),
        (Some(Kind::PrintPage), "Tạp chí in"),
        (Some(Kind::Video), "Video"),
    ]
    .into_iter()
    .map(|(kind, label)| KindLink {
        label,
        count: totals.of(kind),
        url: search_url(&SearchParams { kind, ..params.clone() }, 1),
        current: kind == params.kind,
    })
    .collect()
}

/// The issue a search is kept inside: its label and the same search over the whole site.
async fn within_issue(state: &SharedState, params: &SearchParams) -> Result<Option<(String, String)>, PageError> {
    let Some(id) = params.issue else { return Ok(None) };
    let label = match state.db.print_issue(id).await? {
        Some(issue) => IssueView::from(&issue).label,
        None => format!("số tạp chí {id} (không còn trên trang)"),
    };
    Ok(Some((label, search_url(&SearchParams { issue: None, kind: None, ..params.clone() }, 1))))
}

/// What the results are called in "Tìm thấy N …".
fn noun(kind: Option<Kind>) -> &'static str {
    match kind {
        None => "kết quả",
        Some(Kind::Article) => "bài viết",
        Some(Kind::PrintPage) => "trang tạp chí in",
        Some(Kind::Video) => "video",
    }
}

fn form_values(params: &SearchParams) -> FormValues {
    FormValues {
        q: params.q.clone(),
        category: params.category.clone().unwrap_or_default(),
        from: params.from.map(|d| d.to_string()).unwrap_or_default(),
        to: params.to.map(|d| d.to_string()).unwrap_or_default(),
        sort: if params.sort == toasoan_search::Sort::Newest { "newest".into() } else { String::new() },
        kind: kind_name(params.kind).to_owned(),
        issue: params.issue.map(|i| i.to_string()).unwrap_or_default(),
    }
}

/// The address of `page` of these results, keeping every filter.
fn search_url(params: &SearchParams, page: usize) -> String {
    let values = form_values(params);
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", &values.q);
    let filters = [
        ("category", values.category),
        ("from", values.from),
        ("to", values.to),
        ("sort", values.sort),
        ("kind", values.kind),
    ];
    for (key, value) in filters {
        if !value.is_empty() {
            query.append_pair(key, &value);
        }
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    format!("/tim-kiem?{}", query.finish())
}

fn page_links(params: &SearchParams, current: usize, last: usize) -> Vec<PageLink> {
    (1..=last)
        .filter(|n| *n == 1 || *n == last || n.abs_diff(current) <= 2)
        .map(|n| PageLink { number: n, url: search_url(params, n), current: n == current })
        .collect()
}
