//! HTTP `Range` requests (RFC 9110 §14) for media files, so a video can be sought and a PDF
//! viewer can fetch the page it opens at. One range is served (206); several, a syntax we do not
//! know, or an `If-Range` (our media answers carry no validator) are ignored and the whole file
//! is sent (200), as the RFC allows; a range wholly past the end is 416.

use std::ops::Range;

/// What to send for a request's `Range` header, given the file's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ranged {
    Whole,
    Part(Range<u64>),
    Unsatisfiable,
}

pub fn resolve(header: Option<&str>, if_range: bool, size: u64) -> Ranged {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Ranged::Whole };
    if if_range || spec.contains(',') {
        return Ranged::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Ranged::Whole };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.parse::<u64>().ok(), last.parse::<u64>().ok()) {
        // bytes=-N: the last N bytes.
        (None, Some(suffix)) if first.is_empty() => {
            if suffix == 0 || size == 0 {
                return Ranged::Unsatisfiable;
            }
            size.saturating_sub(suffix)..size
        }
        (Some(start), None) if last.is_empty() => start..size,
        (Some(start), Some(end)) if end >= start => start..(end.saturating_add(1)).min(size),
        _ => return Ranged::Whole, // not a range we can read: ignored
    };
    if range.start >= size { Ranged::Unsatisfiable } else { Ranged::Part(range) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_are_read_as_the_rfc_says() {
        assert_eq!(resolve(Some("bytes=0-0"), false, 10), Ranged::Part(0..1), "the first byte");
        assert_eq!(resolve(Some("bytes=4-6"), false, 10), Ranged::Part(4..7), "the middle");
        assert_eq!(resolve(Some("bytes=9-"), false, 10), Ranged::Part(9..10), "the last byte");
        assert_eq!(resolve(Some("bytes=-1"), false, 10), Ranged::Part(9..10), "the last byte as a suffix");
        assert_eq!(resolve(Some("bytes=-50"), false, 10), Ranged::Part(0..10), "a suffix longer than the file");
        assert_eq!(resolve(Some("bytes=5-500"), false, 10), Ranged::Part(5..10), "an end past the file is cut");
    }

    #[test]
    fn what_cannot_be_served_is_416_and_what_cannot_be_read_is_ignored() {
        assert_eq!(resolve(Some("bytes=10-"), false, 10), Ranged::Unsatisfiable);
        assert_eq!(resolve(Some("bytes=20-30"), false, 10), Ranged::Unsatisfiable);
        assert_eq!(resolve(Some("bytes=-0"), false, 10), Ranged::Unsatisfiable);
        assert_eq!(resolve(Some("bytes=0-"), false, 0), Ranged::Unsatisfiable, "nothing to send of an empty file");
        assert_eq!(resolve(None, false, 10), Ranged::Whole);
        assert_eq!(resolve(Some("bytes=5-2"), false, 10), Ranged::Whole);
        assert_eq!(resolve(Some("items=0-1"), false, 10), Ranged::Whole);
        assert_eq!(resolve(Some("bytes=0-1,4-5"), false, 10), Ranged::Whole);
        assert_eq!(resolve(Some("bytes=abc"), false, 10), Ranged::Whole);
        assert_eq!(resolve(Some("bytes=0-1"), true, 10), Ranged::Whole, "If-Range we cannot check");
    }
}
