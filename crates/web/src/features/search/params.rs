//! Reading the search parameters shared by the search page and the API, without ever failing
//! on what a reader or a script typed: invalid percent-encoding and control characters are
//! cleaned, an over-long query is cut (and the page says so), bad values get a clear message.

use chrono::NaiveDate;
use toasoan_search::{Kind, SearchRequest, Sort};

/// Longest query searched, in characters; the rest is dropped with a notice.
pub const MAX_QUERY_CHARS: usize = 200;

/// The parameters as given, before they are checked against the database (category slugs).
/// Read by [`parse`] (which never fails on what was typed) for the page and the API alike; the
/// API's document takes their description from here (`IntoParams`), so they are declared once.
#[derive(Debug, Clone, Default, PartialEq, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words; `"…"` for a phrase.
    #[param(value_type = Option<String>)]
    pub q: String,
    #[param(ignore)]
    pub q_was_cut: bool,
    /// A category's slug.
    pub category: Option<String>,
    /// YYYY-MM-DD
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// YYYY-MM-DD
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    #[param(value_type = Option<String>, pattern = "^(relevance|newest)?$")]
    pub sort: Sort,
    /// One kind only: articles, print pages or clips (all when absent).
    #[param(value_type = Option<String>, pattern = "^(article|print|video)?$")]
    pub kind: Option<Kind>,
    /// Pages of this print issue only.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub issue: Option<i64>,
    /// How many hits (API; default 10).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// How many to skip (API).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub offset: Option<String>,
    /// The results page (the site's page; the API reads `offset`).
    #[param(ignore)]
    pub page: Option<String>,
}

/// What is wrong with a parameter, in Vietnamese for the page and English for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    pub field: &'static str,
    pub english: String,
    pub vietnamese: String,
}

pub fn parse(raw_query: Option<&str>) -> Result<SearchParams, ParamError> {
    let mut params = SearchParams::default();
    for (key, value) in form_urlencoded::parse(raw_query.unwrap_or_default().as_bytes()) {
        let value = value.trim().to_owned();
        match key.as_ref() {
            "q" => (params.q, params.q_was_cut) = clean_query(&value),
            "category" => params.category = Some(value).filter(|v| !v.is_empty()),
            "from" => params.from = date("from", "từ ngày", &value)?,
            "to" => params.to = date("to", "đến ngày", &value)?,
            "sort" => params.sort = sort(&value)?,
            "kind" => params.kind = kind(&value)?,
            "issue" => params.issue = issue(&value)?,
            "limit" => params.limit = Some(value),
            "offset" => params.offset = Some(value),
            "page" => params.page = Some(value),
            _ => {}
        }
    }
    Ok(params)
}

/// Control characters out, whitespace runs to one space, at most [`MAX_QUERY_CHARS`].
fn clean_query(text: &str) -> (String, bool) {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let joined = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = joined.chars().count() > MAX_QUERY_CHARS;
    (joined.chars().take(MAX_QUERY_CHARS).collect(), cut)
}

fn date(field: &'static str, label: &str, value: &str) -> Result<Option<NaiveDate>, ParamError> {
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map(Some).map_err(|_| ParamError {
        field,
        english: format!("{field} must be a date YYYY-MM-DD, got {value:?}"),
        vietnamese: format!("Ngày «{label}» không hợp lệ: hãy nhập theo dạng năm-tháng-ngày, ví dụ 2021-12-01."),
    })
}

/// The parameter's value for a kind, as links and the API write it.
pub fn kind_name(kind: Option<Kind>) -> &'static str {
    match kind {
        None => "",
        Some(Kind::Article) => "article",
        Some(Kind::PrintPage) => "print",
        Some(Kind::Video) => "video",
    }
}

fn issue(value: &str) -> Result<Option<i64>, ParamError> {
    if value.is_empty() {
        return Ok(None);
    }
    value.parse().ok().filter(|id: &i64| *id > 0).map(Some).ok_or_else(|| ParamError {
        field: "issue",
        english: format!("issue must be an issue id, got {value:?}"),
        vietnamese: "Số tạp chí cần tìm không hợp lệ.".to_owned(),
    })
}

fn kind(value: &str) -> Result<Option<Kind>, ParamError> {
    match value {
        "" | "all" => Ok(None),
        "article" => Ok(Some(Kind::Article)),
        "print" => Ok(Some(Kind::PrintPage)),
        "video" => Ok(Some(Kind::Video)),
        other => Err(ParamError {
            field: "kind",
            english: format!("kind must be article, print, video or all, got {other:?}"),
            vietnamese: "Loại kết quả không hợp lệ: chọn bài viết, tạp chí in hoặc video.".to_owned(),
        }),
    }
}

fn sort(value: &str) -> Result<Sort, ParamError> {
    match value {
        "" | "relevance" => Ok(Sort::Relevance),
        "newest" => Ok(Sort::Newest),
        other => Err(ParamError {
            field: "sort",
            english: format!("sort must be relevance or newest, got {other:?}"),
            vietnamese: "Cách sắp xếp không hợp lệ.".to_owned(),
        }),
    }
}

/// A whole number parameter within bounds.
pub fn number(field: &'static str, value: Option<&str>, default: usize, max: usize) -> Result<usize, ParamError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else { return Ok(default) };
    value.parse::<usize>().ok().filter(|n| *n <= max).ok_or_else(|| ParamError {
        field,
        english: format!("{field} must be a whole number from 0 to {max}, got {value:?}"),
        vietnamese: format!("Giá trị «{field}» không hợp lệ."),
    })
}

impl SearchParams {
    /// The index request for these parameters; `to` includes its whole day.
    pub fn request(&self, categories: Vec<i64>, limit: usize, offset: usize) -> SearchRequest {
        SearchRequest {
            text: self.q.clone(),
            kind: self.kind,
            issue: self.issue,
            categories,
            from: self.from.map(vn::time::start_of_day),
            to: self.to.and_then(|d| d.succ_opt()).map(vn::time::start_of_day),
            sort: self.sort,
            limit,
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_typed_is_read_without_failing() {
        let p = parse(Some("q=%E0%A4&category=&sort=newest")).expect("parses");
        assert_eq!(p.q, "\u{FFFD}");
        assert_eq!(p.sort, Sort::Newest);
        let p = parse(Some("q=ngh%E1%BB%8B+quy%E1%BA%BFt%00%07%0A++x")).expect("parses");
        assert_eq!(p.q, "nghị quyết x");
        let long = format!("q={}", "a".repeat(500));
        let p = parse(Some(&long)).expect("parses");
        assert!(p.q_was_cut && p.q.len() == MAX_QUERY_CHARS);
    }

    #[test]
    fn bad_values_name_the_field() {
        assert_eq!(parse(Some("from=hôm-qua")).expect_err("refused").field, "from");
        assert_eq!(parse(Some("sort=random")).expect_err("refused").field, "sort");
        assert_eq!(parse(Some("kind=audio")).expect_err("refused").field, "kind");
        assert_eq!(parse(Some("issue=-5")).expect_err("refused").field, "issue");
        assert_eq!(parse(Some("kind=print")).map(|p| p.kind), Ok(Some(Kind::PrintPage)));
        assert_eq!(number("limit", Some("500"), 10, 100).expect_err("refused").field, "limit");
        assert_eq!(number("limit", None, 10, 100), Ok(10));
    }

    #[test]
    fn dates_are_whole_days_in_vietnam() {
        let p = parse(Some("from=2021-12-01&to=2021-12-01")).expect("parses");
        let request = p.request(Vec::new(), 10, 0);
        assert_eq!(request.from.map(|t| t.to_rfc3339()), Some("2021-11-30T17:00:00+00:00".to_owned()));
        assert_eq!(request.to.map(|t| t.to_rfc3339()), Some("2021-12-01T17:00:00+00:00".to_owned()));
    }
}
