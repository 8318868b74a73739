//! The reader's print edition: `/tap-chi-in` (every issue, by year, and the lookup form "Tra
//! cứu tạp chí in"), `/tap-chi-in/truoc-2010` (the same for the older, scanned archive), and each
//! issue at `/tap-chi-in/{year}/so-{number}`.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use toasoan_store::IssueFilter;

use crate::SharedState;
use crate::kernel::meta::PageMeta;
use crate::kernel::views::IssueView;
use crate::kernel::{PageError, Rendered, layout, not_found_page, render, serve_cached, serve_uncached, to_value};

const PAGE_SIZE: i64 = 24;
/// Issues before this year make up the older archive ("trước năm 2010").
pub const OLD_ARCHIVE_BEFORE: i64 = 2010;

/// What the lookup form sent, checked.
#[derive(Debug, Default, Serialize)]
struct Lookup {
    year: String,
    number: String,
    q: String,
    page: i64,
    errors: Vec<&'static str>,
}

impl Lookup {
    fn parse(raw: &str) -> Lookup {
        let params: Vec<(String, String)> =
            form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into(), v.trim().to_owned())).collect();
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map_or(String::new(), |(_, v)| v.clone());
        let mut lookup = Lookup {
            year: canonical_number(&param("nam")),
            number: canonical_number(&param("so")),
            q: param("q").chars().take(200).collect(),
            page: crate::kernel::pagination::page_number(&param("trang")),
            errors: Vec::new(),
        };
        let too_long = |name: &str| param(name).chars().count() > MAX_NUMBER_CHARS;
        if !lookup.year.is_empty() && (too_long("nam") || lookup.year.parse::<i64>().is_err()) {
            lookup.errors.push("Năm phải là một số, ví dụ 2022.");
        }
        if !lookup.number.is_empty() && (too_long("so") || lookup.number.parse::<i64>().is_err()) {
            lookup.errors.push("Số tạp chí phải là một số, ví dụ 6.");
        }
        lookup
    }

    /// Values that become part of a cache key: a valid lookup only (see `show_archive`).
    fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    fn filter(&self, before_year: Option<i64>) -> IssueFilter {
        IssueFilter {
            year: self.year.parse().ok(),
            number: self.number.parse().ok(),
            before_year,
            keyword: Some(self.q.clone()).filter(|q| !q.is_empty()),
            limit: PAGE_SIZE,
            offset: (self.page - 1) * PAGE_SIZE,
        }
    }

    /// This lookup's address on another page of results.
    fn url(&self, base: &str, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("nam", &self.year), ("so", &self.number), ("q", &self.q)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("trang", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() { base.to_owned() } else { format!("{base}?{query}") }
    }
}

pub async fn archive(State(state): State<SharedState>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    show_archive(&state, raw.unwrap_or_default(), headers, None).await
}

pub async fn old_archive(State(state): State<SharedState>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    show_archive(&state, raw.unwrap_or_default(), headers, Some(OLD_ARCHIVE_BEFORE)).await
}

async fn show_archive(state: &SharedState, raw: String, headers: HeaderMap, before: Option<i64>) -> Response {
    let lookup = Lookup::parse(&raw);
    let base = if before.is_some() { "/tap-chi-in/truoc-2010" } else { "/tap-chi-in" };
    if lookup.errors.is_empty()
        && let (Ok(year), Ok(number)) = (lookup.year.parse::<i64>(), lookup.number.parse::<i64>())
        && lookup.q.is_empty()
        && let Ok(Some(issue)) = state.db.print_issue_by_number(year, number).await
    {
        return Redirect::to(&issue.path()).into_response(); // looking up one number opens it
    }
    if !lookup.is_valid() {
        // Shown with its errors, never cached: a key may only come from a valid lookup.
        return serve_uncached(state, StatusCode::BAD_REQUEST, render_archive(state, &lookup, base, before)).await;
    }
    let key = lookup.url(base, lookup.page);
    serve_cached(state, &key, &headers, || render_archive(state, &lookup, base, before)).await
}

/// Longest year or issue number kept from the lookup form.
const MAX_NUMBER_CHARS: usize = 10;

/// A number as typed, at most 10 characters, written the one way when it is a number
/// ("02022" → "2022"), so equal lookups share one cache key.
fn canonical_number(typed: &str) -> String {
    let typed: String = typed.chars().take(MAX_NUMBER_CHARS).collect();
    typed.parse::<i64>().map_or(typed, |n| n.to_string())
}

async fn render_archive(
    state: &SharedState,
    lookup: &Lookup,
    base: &str,
    before: Option<i64>,
) -> Result<Rendered, PageError> {
    let (total, issues) =
        if lookup.errors.is_empty() { state.db.print_issues(&lookup.filter(before)).await? } else { (0, Vec::new()) };
    let last = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if lookup.page > last {
        return Err(PageError::NotFound);
    }
    let years: Vec<(i64, i64)> =
        state.db.print_years().await?.into_iter().filter(|(year, _)| before.is_none_or(|b| *year < b)).collect();
    let searched = !lookup.year.is_empty() || !lookup.number.is_empty() || !lookup.q.is_empty();
    let layout = layout(state, None).await?;
    let context = minijinja::context! {
        issues => to_value(issues.iter().map(IssueView::from).collect::<Vec<_>>()),
        total,
        years => to_value(years),
        lookup => to_value(lookup),
        searched,
        old_archive => before.is_some(),
        base => base,
        canonical => lookup.url(base, lookup.page),
        previous => (lookup.page > 1).then(|| lookup.url(base, lookup.page - 1)),
        next => (lookup.page < last).then(|| lookup.url(base, lookup.page + 1)),
    };
    let last_modified = issues.iter().map(|i| i.updated_at).max();
    Ok(Rendered { html: render(state, "print_archive.html", &layout, context)?, last_modified })
}

/// `/tap-chi-in/{year}/so-{number}`.
pub async fn issue_page(
    State(state): State<SharedState>,
    Path((year, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let parsed = year.parse::<i64>().ok().zip(number.strip_prefix("so-").and_then(|n| n.parse::<i64>().ok()));
    let Some((year, number)) = parsed else { return not_found_page(&state).await };
    let key = format!("/tap-chi-in/{year}/so-{number}");
    serve_cached(&state, &key, &headers, || async {
        let issue = state.db.print_issue_by_number(year, number).await?.ok_or(PageError::NotFound)?;
        let layout = layout(&state, None).await?;
        let view = IssueView::from(&issue);
        let pages = state.db.print_pages_summary(issue.id).await?;
        let scanned: Vec<i64> = state.db.scanned_pages(issue.id).await?.iter().map(|p| p.page).collect();
        let context = minijinja::context! {
            scanned_pages => scanned,
            issue => to_value(&view),
            canonical => view.url.clone(),
            meta => to_value(issue_meta(&state, &view)),
            searchable_pages => to_value(pages.pages - pages.without_text),
            scanned_only => to_value(pages.pages > 0 && pages.pages == pages.without_text),
        };
        Ok(Rendered {
            html: render(&state, "print_issue.html", &layout, context)?,
            last_modified: Some(issue.updated_at),
        })
    })
    .await
}

/// An issue as a shared link: "Số 6 - 2022", its cover, and the way to it.
fn issue_meta(state: &SharedState, view: &IssueView) -> PageMeta {
    let title = format!("Tạp chí in {}", view.label);
    let description = if view.title.is_empty() { title.clone() } else { format!("{title}: {}", view.title) };
    let crumbs = [("Tạp chí in", "/tap-chi-in".to_owned()), (view.label.as_str(), view.url.clone())];
    let mut meta = PageMeta::website(&state.site, &view.url, &title, &description, &crumbs);
    meta.image =
        (!view.cover_url.is_empty()).then(|| crate::kernel::urls::absolute(&state.site.base_url, &view.cover_url));
    meta
}
