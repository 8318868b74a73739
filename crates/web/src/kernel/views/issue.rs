//! An issue as pages and the API show it: "Số 6 - 2022", its date in Vietnamese, links into its
//! PDF at a page.

use serde::Serialize;
use toasoan_store::PrintIssue;

use crate::kernel::urls::media_url;

#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    pub id: i64,
    pub year: i64,
    pub number: i64,
    /// "Số 6 - 2022".
    pub label: String,
    pub special_label: String,
    pub volume: String,
    pub title: String,
    pub url: String,
    pub cover_url: String,
    pub pdf_url: Option<String>,
    /// "2,4 MB".
    pub pdf_size: String,
    /// "15/6/2022".
    pub published: Option<String>,
    pub published_iso: Option<String>,
    pub toc: Vec<TocView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocView {
    pub title: String,
    pub author: String,
    pub page: Option<i64>,
    /// The PDF opened at the piece's page.
    pub pdf_url: Option<String>,
    pub article_url: Option<String>,
}

impl From<&PrintIssue> for IssueView {
    fn from(issue: &PrintIssue) -> Self {
        let pdf_url = (!issue.pdf_path.is_empty()).then(|| media_url(&issue.pdf_path));
        let toc = issue
            .toc
            .iter()
            .map(|entry| TocView {
                title: entry.title.clone(),
                author: entry.author.clone(),
                page: entry.page,
                pdf_url: pdf_url.as_ref().zip(entry.page).map(|(url, page)| format!("{url}#page={page}")),
                article_url: entry.article_path.clone(),
            })
            .collect();
        IssueView {
            id: issue.id,
            year: issue.year,
            number: issue.number,
            label: format!("Số {} - {}", issue.number, issue.year),
            special_label: issue.special_label.clone(),
            volume: issue.volume.clone(),
            title: issue.title.clone(),
            url: issue.path(),
            cover_url: issue.cover_url.clone(),
            pdf_url,
            pdf_size: file_size(issue.pdf_bytes),
            published: issue.published_on.map(|d| d.format("%-d/%-m/%Y").to_string()),
            published_iso: issue.published_on.map(|d| d.format("%Y-%m-%d").to_string()),
            toc,
        }
    }
}

/// A file's size as Vietnamese write it: "2,4 MB", or "26 KB" under a megabyte (a small PDF
/// is not "0,0 MB").
fn file_size(bytes: i64) -> String {
    if bytes < 1_048_576 {
        return format!("{} KB", ((bytes + 1023) / 1024).max(1));
    }
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    format!("{},{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Utc};
    use toasoan_store::TocEntry;

    #[test]
    fn an_issue_reads_as_the_magazine_writes_it() {
        let issue = PrintIssue {
            id: 1,
            year: 2022,
            number: 6,
            volume: String::new(),
            special_label: "Số Tết".into(),
            published_on: NaiveDate::from_ymd_opt(2022, 6, 5),
            title: "Chuyển đổi số".into(),
            cover_url: String::new(),
            pdf_path: "print/2022/so-6-ab.pdf".into(),
            pdf_bytes: 2_516_582,
            updated_at: Utc::now(),
            toc: vec![TocEntry { title: "Mở đầu".into(), page: Some(3), ..TocEntry::default() }],
        };
        let view = IssueView::from(&issue);
        assert_eq!((view.label.as_str(), view.published.as_deref()), ("Số 6 - 2022", Some("5/6/2022")));
        assert_eq!(view.pdf_size, "2,4 MB");
        assert_eq!(
            (file_size(26_000), file_size(1), file_size(1_048_576)),
            ("26 KB".into(), "1 KB".into(), "1,0 MB".into())
        );
        assert_eq!(view.toc[0].pdf_url.as_deref(), Some("/media/print/2022/so-6-ab.pdf#page=3"));
        assert_eq!(view.url, "/tap-chi-in/2022/so-6");
    }
}
