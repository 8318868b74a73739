//! Pages of the print edition found by site search: which issue, which page, the words around
//! the match, and the PDF opened at that page. Shared by the search page and the API.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use toasoan_store::{Db, StoreError};

use super::snippet::page_snippet;
use crate::kernel::views::IssueView;

/// A print page as a search result.
#[derive(Debug, Clone)]
pub struct PrintHit {
    pub issue: IssueView,
    pub page: i64,
    /// The PDF at this page (the issue's page when it has no PDF).
    pub url: String,
    /// "Số 6 - 2022, trang 12".
    pub title: String,
    /// Plain text; the caller highlights or escapes it.
    pub snippet: String,
}

/// Reads hits' issues once each for a page of results.
#[derive(Default)]
pub struct PrintHits {
    issues: HashMap<i64, Option<IssueView>>,
}

impl PrintHits {
    /// The hit for `page` of `issue`, or `None` when the issue was deleted since it was indexed.
    pub async fn hit(
        &mut self,
        db: &Db,
        issue: i64,
        page: i64,
        words: &HashSet<String>,
    ) -> Result<Option<PrintHit>, StoreError> {
        let view = match self.issues.entry(issue) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(db.print_issue(issue).await?.as_ref().map(IssueView::from)),
        };
        let Some(view) = view else { return Ok(None) };
        let Some(text) = db.print_page_text(issue, page).await? else { return Ok(None) };
        let url = match &view.pdf_url {
            Some(pdf) => format!("{pdf}#page={page}"),
            None => view.url.clone(),
        };
        Ok(Some(PrintHit {
            title: format!("{}, trang {page}", view.label),
            issue: view.clone(),
            page,
            url,
            snippet: page_snippet(&text, words),
        }))
    }
}
