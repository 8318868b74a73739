//! Vietnam time (UTC+7, no daylight saving) as the magazine prints it: `19:24' 1/12/2021`.
//!
//! Times are stored in UTC everywhere; these functions are the only place they are turned into
//! what a Vietnamese reader sees, or read back from it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};

/// Seconds east of UTC of Asia/Ho_Chi_Minh, which has had no daylight saving since 1975.
const VIETNAM_OFFSET_SECONDS: i32 = 7 * 3600;

/// The Vietnam time zone as a fixed offset.
pub fn vietnam() -> FixedOffset {
    // 7 hours is well within the ±24 h that FixedOffset accepts, so this never falls back.
    FixedOffset::east_opt(VIETNAM_OFFSET_SECONDS).unwrap_or(Utc.fix())
}

/// `19:24' 1/12/2021`: hour and minute with leading zeros, day and month without.
pub fn format_article_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).format("%H:%M' %-d/%-m/%Y").to_string()
}

/// `1/12/2021`, the short date used in lists: written like the article time's date, without
/// leading zeros (one site, one way of writing a date).
pub fn format_list_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).format("%-d/%-m/%Y").to_string()
}

/// A form's `datetime-local` value (`2021-12-01T19:24`, seconds optional), read as Vietnam time.
pub fn parse_local_input(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    vietnam().from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc))
}

/// The same value for a form field, from a UTC time.
pub fn format_local_input(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).format("%Y-%m-%dT%H:%M").to_string()
}

/// RFC 2822 in Vietnam time, as RSS wants it: `Wed, 1 Dec 2021 19:24:00 +0700`.
pub fn format_rfc2822(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).to_rfc2822()
}

/// The same instant with Vietnam's offset, for formats that take a zoned time (Atom).
pub fn in_vietnam(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&vietnam())
}

/// Midnight at the start of a day in Vietnam, in UTC.
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN);
    DateTime::<Utc>::from_naive_utc_and_offset(local, Utc) - chrono::Duration::seconds(VIETNAM_OFFSET_SECONDS.into())
}

/// RFC 3339 in Vietnam time: `2021-12-01T19:24:00+07:00`, as the API and feeds give it.
pub fn format_rfc3339(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError {
    pub input: String,
}

impl std::fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a time of the form HH:MM' D/M/YYYY: {:?}", self.input)
    }
}

impl std::error::Error for TimeParseError {}

/// Reads `19:24' 1/12/2021` (Vietnam time; leading zeros optional; `'` may be a typographic
/// apostrophe or absent) and returns the instant in UTC.
pub fn parse_article_time(text: &str) -> Result<DateTime<Utc>, TimeParseError> {
    let error = || TimeParseError { input: text.to_owned() };
    let cleaned = text.trim().replace(['\u{2019}', '\u{2032}', '\''], " ");
    let mut parts = cleaned.split_whitespace();
    let (clock, date) = (parts.next().ok_or_else(error)?, parts.next().ok_or_else(error)?);
    if parts.next().is_some() {
        return Err(error());
    }
    let (hour, minute) = clock.split_once(':').ok_or_else(error)?;
    let time = NaiveTime::from_hms_opt(number(hour).ok_or_else(error)?, number(minute).ok_or_else(error)?, 0)
        .ok_or_else(error)?;
    let mut dmy = date.split('/');
    let day = dmy.next().and_then(number).ok_or_else(error)?;
    let month = dmy.next().and_then(number).ok_or_else(error)?;
    let year = dmy.next().and_then(number).ok_or_else(error)?;
    if dmy.next().is_some() || !(1000..=9999).contains(&year) {
        return Err(error());
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(error)?;
    let local = vietnam().from_local_datetime(&date.and_time(time)).single().ok_or_else(error)?;
    Ok(local.with_timezone(&Utc))
}

fn number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
