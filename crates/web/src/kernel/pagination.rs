//! Lists in pages: the page numbers readers' addresses carry (`/kinh-te/trang-3`, `?trang=3`),
//! the links under a list, and [`Pagination`], the API's `limit`/`offset`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Serialize;
use utoipa::IntoParams;

use super::ApiError;

/// The highest page number any list reads: far past any list, low enough that page × size never
/// overflows.
pub const MAX_PAGE_NUMBER: i64 = 1_000_000;

/// A `?trang=` value as a page number: 1 for anything unreadable, at most [`MAX_PAGE_NUMBER`].
pub fn page_number(text: &str) -> i64 {
    text.trim().parse::<i64>().unwrap_or(1).clamp(1, MAX_PAGE_NUMBER)
}

/// The path of page `page` (1-based) of the list at `base`: `base`, `base/trang-2`, …
pub fn page_path(base: &str, page: i64) -> String {
    if page <= 1 { base.to_owned() } else { format!("{base}/trang-{page}") }
}

/// What the last segment of a list's address asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSegment {
    /// `trang-N`, N ≥ 2.
    Page(i64),
    /// `trang-1`: page 1 lives at the list's own address.
    FirstPage,
    /// Anything else (an article's slug, a typo).
    Other,
}

pub fn page_segment(segment: &str) -> PageSegment {
    match segment.strip_prefix("trang-") {
        Some("1") => PageSegment::FirstPage,
        Some(number) => parse_page_number(number).map_or(PageSegment::Other, PageSegment::Page),
        None => PageSegment::Other,
    }
}

/// Page numbers as written in URLs: digits only, no sign, no leading zero, at least 2 (page 1
/// is the category's own address).
fn parse_page_number(text: &str) -> Option<i64> {
    if text.is_empty() || text.starts_with('0') || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (2..=MAX_PAGE_NUMBER).contains(n))
}

/// Links to the pages of a paginated list.
#[derive(Debug, Serialize)]
pub struct PageLinks {
    pub current: i64,
    pub last: i64,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: i64,
    pub url: String,
    pub current: bool,
}

/// Page links around the current page: the first, the last, and two on each side.
pub fn pagination(base: &str, current: i64, last: i64) -> PageLinks {
    let shown = |n: i64| n == 1 || n == last || (n - current).abs() <= 2;
    PageLinks {
        current,
        last,
        previous_url: (current > 1).then(|| page_path(base, current - 1)),
        next_url: (current < last).then(|| page_path(base, current + 1)),
        pages: (1..=last)
            .filter(|n| shown(*n))
            .map(|n| PageLink { number: n, url: page_path(base, n), current: n == current })
            .collect(),
    }
}

/// An API list's window, `?limit=&offset=`, the same for every list: declared once here (the
/// OpenAPI document takes it from [`IntoParams`]) and read with a message naming the parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// How many (default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: i64,
    /// How many to skip.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub offset: i64,
}

impl Pagination {
    pub const DEFAULT_LIMIT: i64 = 20;
    pub const MAX_LIMIT: i64 = 100;
    /// Far past any list a reader pages through; keeps the database from counting past it.
    pub const MAX_OFFSET: i64 = 100_000;

    /// Reads `limit` and `offset` from a query string (percent-decoded; other names ignored).
    pub fn parse(query: Option<&str>) -> Result<Pagination, ApiError> {
        let mut pagination = Pagination { limit: Self::DEFAULT_LIMIT, offset: 0 };
        for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if value.trim().is_empty() {
                continue;
            }
            match key.as_ref() {
                "limit" => pagination.limit = within("limit", &value, 1, Self::MAX_LIMIT)?,
                "offset" => pagination.offset = within("offset", &value, 0, Self::MAX_OFFSET)?,
                _ => {}
            }
        }
        Ok(pagination)
    }
}

/// A whole number from `min` to `max`; an empty value counts as absent (a form's empty field).
fn within(name: &str, value: &str, min: i64, max: i64) -> Result<i64, ApiError> {
    let value = value.trim();
    let number = value
        .parse::<i64>()
        .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number, got {value:?}")))?;
    if !(min..=max).contains(&number) {
        return Err(ApiError::bad_request(format!("{name} must be between {min} and {max}, got {number}")));
    }
    Ok(number)
}

impl<S: Send + Sync> FromRequestParts<S> for Pagination {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Pagination::parse(parts.uri.query())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_plain_digits_from_two() {
        assert_eq!(parse_page_number("2"), Some(2));
        assert_eq!(parse_page_number("120"), Some(120));
        for bad in ["", "1", "0", "02", "-3", "+3", "3a", "99999999999999999999", "9223372036854775807"] {
            assert_eq!(parse_page_number(bad), None, "{bad}");
        }
        assert_eq!(page_segment("trang-3"), PageSegment::Page(3));
        assert_eq!(page_segment("trang-1"), PageSegment::FirstPage);
        assert_eq!(page_segment("trang-01"), PageSegment::Other);
        assert_eq!(page_segment("gia-lua-tang-4"), PageSegment::Other);
        assert_eq!(page_segment("trang-9223372036854775807"), PageSegment::Other, "no overflow later");
        let pages = ["", "x", "-5", "0", "3", "9223372036854775807"].map(page_number);
        assert_eq!(pages, [1, 1, 1, 1, 3, MAX_PAGE_NUMBER]);
    }

    #[test]
    fn pagination_shows_the_ends_and_the_neighbourhood() {
        let p = pagination("/kinh-te", 6, 20);
        let numbers: Vec<i64> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 4, 5, 6, 7, 8, 20]);
        assert_eq!(p.previous_url.as_deref(), Some("/kinh-te/trang-5"));
        assert_eq!(p.next_url.as_deref(), Some("/kinh-te/trang-7"));
        let first = pagination("/kinh-te", 2, 2);
        assert_eq!(first.previous_url.as_deref(), Some("/kinh-te"));
        assert_eq!(first.next_url, None);
    }

    #[test]
    fn an_api_window_has_defaults_and_limits() {
        assert_eq!(Pagination::parse(None).ok(), Some(Pagination { limit: 20, offset: 0 }));
        let p = Pagination::parse(Some("limit=5&offset=10&category=kinh-te&x=y")).ok();
        assert_eq!(p, Some(Pagination { limit: 5, offset: 10 }));
        assert_eq!(Pagination::parse(Some("limit=%35&offset=")).ok(), Some(Pagination { limit: 5, offset: 0 }));
        for bad in ["limit=0", "limit=101", "limit=abc", "offset=-1", "offset=1.5", "offset=100001"] {
            assert!(Pagination::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}
