//! A scanned page for readers: `/tap-chi-in/{year}/so-{number}/trang-{page}` shows the page as a
//! picture (drawn when OCR read it) with its text below — for screen readers, copying and
//! search engines — marked as machine-read unless the newsroom corrected it.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use crate::SharedState;
use crate::kernel::urls::media_url;
use crate::kernel::views::IssueView;
use crate::kernel::{PageError, Rendered, layout, not_found_page, render, serve_cached, to_value};

#[derive(Serialize)]
struct PageView {
    number: i64,
    picture: Option<String>,
    /// The text in paragraphs (OCR separates them by a blank line).
    paragraphs: Vec<String>,
    corrected: bool,
}

pub async fn page_reader(
    State(state): State<SharedState>,
    Path((year, number, page)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let parsed = (
        year.parse::<i64>().ok(),
        number.strip_prefix("so-").and_then(|n| n.parse::<i64>().ok()),
        page.strip_prefix("trang-").and_then(|p| p.parse::<i64>().ok()),
    );
    let (Some(year), Some(number), Some(page)) = parsed else { return not_found_page(&state).await };
    let key = format!("/tap-chi-in/{year}/so-{number}/trang-{page}");
    serve_cached(&state, &key, &headers, || async {
        let issue = state.db.print_issue_by_number(year, number).await?.ok_or(PageError::NotFound)?;
        let scanned = state.db.scanned_pages(issue.id).await?;
        let at = scanned.iter().position(|p| p.page == page).ok_or(PageError::NotFound)?;
        let this = state.db.print_page(issue.id, page).await?.ok_or(PageError::NotFound)?;
        let view = IssueView::from(&issue);
        let page_url = |p: i64| format!("{}/trang-{p}", view.url);
        let neighbour = |i: Option<usize>| i.and_then(|i| scanned.get(i)).map(|p| page_url(p.page));
        let shown = PageView {
            number: page,
            picture: (!this.picture.is_empty()).then(|| media_url(&this.picture)),
            paragraphs: this
                .text
                .split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect(),
            corrected: this.source == "hand",
        };
        let layout = layout(&state, None).await?;
        let context = minijinja::context! {
            issue => to_value(&view),
            page => to_value(&shown),
            canonical => page_url(page),
            previous => neighbour(at.checked_sub(1)),
            next => neighbour(at.checked_add(1)),
        };
        Ok(Rendered {
            html: render(&state, "print_page.html", &layout, context)?,
            last_modified: Some(issue.updated_at),
        })
    })
    .await
}
