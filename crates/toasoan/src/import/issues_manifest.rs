//! `DIR/issues.toml`, the manifest of back issues: read entry by entry, so that one bad entry is
//! reported with its place and the others still go in.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use toasoan_store::{IssueFields, TocEntry};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestIssue {
    pub number: i64,
    pub year: i64,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub title: Option<String>,
    /// "Số Tết", "Số đặc biệt"…
    pub label: Option<String>,
    pub volume: Option<String>,
    /// Relative to the manifest's folder.
    pub pdf: Option<String>,
    pub cover: Option<String>,
    #[serde(default)]
    pub toc: Vec<ManifestToc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestToc {
    pub title: String,
    pub author: Option<String>,
    pub page: Option<i64>,
    /// The id of the online article.
    pub article: Option<i64>,
}

/// One `[[issue]]`: read, or why not (with its place in the file).
pub type Entry = Result<ManifestIssue, String>;

/// Every `[[issue]]` of the manifest. A manifest that is not TOML at all is an error (with its
/// line); an entry that is wrong is reported in its place and the rest are read.
pub fn read(dir: &Path) -> Result<Vec<Entry>> {
    let path = dir.join("issues.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let table: toml::Table = text.parse().with_context(|| format!("{} is not valid TOML", path.display()))?;
    let Some(issues) = table.get("issue") else {
        anyhow::bail!("{} has no [[issue]] entries", path.display());
    };
    let issues = issues.as_array().with_context(|| format!("{}: `issue` must be [[issue]] tables", path.display()))?;
    Ok(issues
        .iter()
        .enumerate()
        .map(|(n, value)| {
            let place = format!("issues.toml, [[issue]] #{}", n + 1);
            let issue: ManifestIssue = value.clone().try_into().map_err(|e| format!("{place}: {e}"))?;
            check(&issue).map_err(|e| format!("{place} (số {} - {}): {e}", issue.number, issue.year))?;
            Ok(issue)
        })
        .collect())
}

fn check(issue: &ManifestIssue) -> Result<(), String> {
    if !(1900..=2200).contains(&issue.year) {
        return Err(format!("year {} is not a year", issue.year));
    }
    if issue.number < 0 {
        return Err(format!("number {} is negative", issue.number));
    }
    if let Some(date) = &issue.published
        && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
    {
        return Err(format!("published {date:?} is not a YYYY-MM-DD date"));
    }
    if let Some(entry) = issue.toc.iter().find(|t| t.title.trim().is_empty() || t.page.is_some_and(|p| p < 1)) {
        return Err(format!("a contents entry needs a title and a page of 1 or more: {entry:?}"));
    }
    Ok(())
}

impl ManifestIssue {
    /// The stored form, without the files (the importer adds their places).
    pub fn fields(&self) -> IssueFields {
        let text = |value: &Option<String>| vn::nfc(value.as_deref().unwrap_or_default().trim());
        IssueFields {
            year: self.year,
            number: self.number,
            volume: text(&self.volume),
            special_label: text(&self.label),
            published_on: self.published.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            title: text(&self.title),
            toc: self
                .toc
                .iter()
                .map(|t| TocEntry {
                    title: vn::nfc(t.title.trim()),
                    author: text(&t.author),
                    page: t.page,
                    article_id: t.article,
                    article_path: None,
                })
                .collect(),
            ..IssueFields::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_entries_are_read_and_bad_ones_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let manifest = r#"
[[issue]]
number = 6
year = 2022
published = "2022-06-15"
title = "Chuyển đổi số"
pdf = "2022-06.pdf"
[[issue.toc]]
title = "Mở đầu"
page = 3

[[issue]]
number = 7
year = "2022"

[[issue]]
number = 1
year = 2008
published = "15/1/2008"

[[issue]]
number = 2
year = 2008
colour = "đỏ"
"#;
        std::fs::write(dir.path().join("issues.toml"), manifest).expect("write");
        let entries = read(dir.path()).expect("a manifest");
        assert_eq!(entries.len(), 4);
        let first = entries[0].as_ref().expect("valid");
        assert_eq!(first.fields().toc[0].page, Some(3));
        assert_eq!(first.fields().published_on, NaiveDate::from_ymd_opt(2022, 6, 15));
        let errors: Vec<&String> = entries.iter().filter_map(|e| e.as_ref().err()).collect();
        assert!(errors[0].starts_with("issues.toml, [[issue]] #2: "), "{}", errors[0]);
        assert!(errors[1].contains("#3 (số 1 - 2008)") && errors[1].contains("YYYY-MM-DD"), "{}", errors[1]);
        assert!(errors[2].contains("#4") && errors[2].contains("colour"), "{}", errors[2]);
    }

    #[test]
    fn a_broken_manifest_says_where() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("issues.toml"), "[[issue]]\nnumber = \n").expect("write");
        let error = format!("{:#}", read(dir.path()).expect_err("broken"));
        assert!(error.contains("issues.toml is not valid TOML") && error.contains("line 2"), "{error}");
        assert!(read(&dir.path().join("nowhere")).is_err());
    }
}
