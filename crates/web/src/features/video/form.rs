//! The newsroom's video form, read and checked: a title, a duration as people type it ("4:05"),
//! a publication time, a category, and where the clip plays from — a YouTube or Vimeo link, or
//! a file (MP4 or WebM, recognised by its first bytes, not its name).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use toasoan_core::video::{Embed, parse_duration};
use toasoan_store::{VideoFields, VideoSource};

/// The largest clip file accepted.
pub const MAX_VIDEO_BYTES: usize = 500 * 1024 * 1024;

/// The clip described by the form's text fields; `source` is the embed link when one was given,
/// else the caller's file (new or kept). Every problem found, in Vietnamese.
pub fn parse(
    fields: &HashMap<String, String>,
    category_id: Option<i64>,
    file: Option<VideoSource>,
    now: DateTime<Utc>,
) -> Result<VideoFields, Vec<String>> {
    let get = |name: &str| fields.get(name).map(|v| vn::nfc(v.trim())).unwrap_or_default();
    let mut errors = Vec::new();
    let title = get("title");
    if title.is_empty() {
        errors.push("Hãy nhập tiêu đề video.".to_owned());
    }
    let duration = get("duration");
    let duration_seconds = if duration.is_empty() { None } else { parse_duration(&duration) };
    if !duration.is_empty() && duration_seconds.is_none() {
        errors.push("Thời lượng phải có dạng phút:giây hoặc giờ:phút:giây, ví dụ 4:05.".to_owned());
    }
    let when = get("published_at");
    let published_at = if when.is_empty() { Some(now) } else { vn::time::parse_local_input(&when) };
    if published_at.is_none() {
        errors.push("Thời điểm đăng không hợp lệ.".to_owned());
    }
    let link = get("embed_url");
    let source = if link.is_empty() {
        file
    } else {
        match Embed::parse(&link) {
            Ok(_) => Some(VideoSource::Embed { url: link }),
            Err(_) => {
                errors.push("Liên kết phải là một video YouTube hoặc Vimeo.".to_owned());
                None
            }
        }
    };
    if source.is_none() && errors.is_empty() {
        errors.push("Hãy tải lên tệp video (MP4, WebM) hoặc dán liên kết YouTube, Vimeo.".to_owned());
    }
    let (Some(source), Some(published_at), true) = (source, published_at, errors.is_empty()) else {
        return Err(errors);
    };
    let slug = vn::slug_limited(&title, 80);
    Ok(VideoFields {
        slug: if slug.is_empty() { "video".to_owned() } else { slug },
        title,
        description: get("description"),
        category_id,
        poster_url: String::new(),
        duration_seconds,
        source,
        published: fields.contains_key("published"),
        published_at,
    })
}

/// The file's type by its first bytes: MP4 (`ftyp` box) or WebM (EBML header), else `None`.
pub fn video_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.get(4..8) == Some(b"ftyp") {
        Some(("video/mp4", "mp4"))
    } else if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(("video/webm", "webm"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn a_link_or_a_file_makes_a_clip() {
        let now = Utc::now();
        let link = form(&[
            ("title", " Bão số 3 "),
            ("duration", "4:05"),
            ("embed_url", "https://youtu.be/dQw4w9WgXcQ"),
            ("published", "on"),
        ]);
        let clip = parse(&link, Some(2), None, now).expect("valid");
        assert_eq!(
            (clip.title.as_str(), clip.slug.as_str(), clip.duration_seconds),
            ("Bão số 3", "bao-so-3", Some(245))
        );
        assert!(clip.published && clip.published_at == now && clip.category_id == Some(2));
        assert!(matches!(clip.source, VideoSource::Embed { .. }));
        let file = VideoSource::File { path: "video/a.mp4".into(), bytes: 10, mime: "video/mp4".into() };
        let clip = parse(&form(&[("title", "Tệp")]), None, Some(file.clone()), now).expect("valid");
        assert_eq!((clip.source, clip.published), (file, false));
    }

    #[test]
    fn every_problem_is_named() {
        let bad = form(&[("duration", "4:75"), ("embed_url", "https://example.com/v"), ("published_at", "hôm qua")]);
        let errors = parse(&bad, None, None, Utc::now()).expect_err("refused");
        assert_eq!(errors.len(), 4, "{errors:?}");
        let nothing = parse(&form(&[("title", "Không nguồn")]), None, None, Utc::now()).expect_err("refused");
        assert_eq!(nothing, ["Hãy tải lên tệp video (MP4, WebM) hoặc dán liên kết YouTube, Vimeo."]);
    }

    #[test]
    fn files_are_known_by_their_first_bytes() {
        assert_eq!(video_type(b"\0\0\0\x20ftypisom"), Some(("video/mp4", "mp4")));
        assert_eq!(video_type(&[0x1A, 0x45, 0xDF, 0xA3, 1]), Some(("video/webm", "webm")));
        assert_eq!(video_type(b"<html>"), None);
        assert_eq!(video_type(b""), None);
    }
}
