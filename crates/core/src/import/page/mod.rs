//! The crawl format of pages saved from the old site (see `shared/fixtures/`):
//!
//! ```text
//! Category                      line 1
//! Title                         line 2
//! 19:24' 1/12/2021              line 3, Vietnam time
//! Paragraph…                    the body, one paragraph a line
//! Caption glued to a paragraph  a short line with two blank lines after it: a photo stood here
//! Byline                        a short last line glued to the last paragraph
//!
//! Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY  site furniture from here on, dropped
//! ```
//!
//! A photo left a gap of two blank lines. Its caption is either the short line right before the
//! gap (glued to the paragraph above) or, when that line is a paragraph, the short line right
//! after it (with at most one blank line below) — never both.

use chrono::{DateTime, Utc};

use super::{ImportError, clean_line};
use crate::article::{ArticleDraft, Block, CategoryRef, Status};

/// Captions and bylines are short; paragraphs are not. Measured in characters.
const MAX_CAPTION_CHARS: usize = 200;
const MAX_BYLINE_CHARS: usize = 60;

/// Lines where the article ends and the site's furniture begins (the first one found wins).
const FURNITURE_MARKERS: [&str; 4] =
    ["Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY", "Bài cùng chuyên mục", "GIỚI THIỆU TẠP CHÍ IN", "VIDEO CLIPS"];

/// Lines of the header before the body: category, title, time.
const HEADER_LINES: usize = 3;

/// Parses one saved page. `source_id` is what identifies the page for re-imports (its file name).
pub fn parse_page(source_id: &str, text: &str) -> Result<ArticleDraft, ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let category = header_line(&lines, 0, "the category")?;
    let title = header_line(&lines, 1, "the title")?;
    let time_text = header_line(&lines, 2, "the time (HH:MM' D/M/YYYY)")?;
    let published_at: DateTime<Utc> = vn::time::parse_article_time(&time_text)
        .map_err(|_| ImportError::new(3, format!("expected the time as HH:MM' D/M/YYYY, found {time_text:?}")))?;
    let body = body_lines(&lines);
    let (blocks, byline) = classify(&body);
    if blocks.is_empty() {
        return Err(ImportError::new(HEADER_LINES + 1, "the article has no body text"));
    }
    Ok(ArticleDraft {
        source_id: Some(source_id.to_owned()),
        category: CategoryRef { name: category, parent: None },
        title,
        lead: String::new(),
        byline,
        tags: Vec::new(),
        blocks,
        status: Status::Published,
        published_at,
        featured: false,
        old_url: None,
    })
}

fn header_line(lines: &[&str], index: usize, what: &str) -> Result<String, ImportError> {
    let line = lines.get(index).map(|l| clean_line(l)).unwrap_or_default();
    if line.is_empty() {
        return Err(ImportError::new(index + 1, format!("expected {what}, found an empty line")));
    }
    Ok(line)
}

/// A non-blank body line with the number of blank lines around it.
#[derive(Debug)]
struct BodyLine {
    text: String,
    blanks_before: usize,
    blanks_after: usize,
}

fn body_lines(lines: &[&str]) -> Vec<BodyLine> {
    let mut out: Vec<BodyLine> = Vec::new();
    let mut blanks = 0;
    for raw in lines.iter().skip(HEADER_LINES) {
        let text = clean_line(raw);
        if FURNITURE_MARKERS.iter().any(|m| text.eq_ignore_ascii_case(m) || text == *m) {
            break;
        }
        if text.is_empty() {
            blanks += 1;
            continue;
        }
        if let Some(previous) = out.last_mut() {
            previous.blanks_after = blanks;
        }
        out.push(BodyLine { text, blanks_before: blanks, blanks_after: 0 });
        blanks = 0;
    }
    out
}

fn is_short(text: &str, limit: usize) -> bool {
    text.chars().count() <= limit
}

/// Splits body lines into blocks and the byline, following the rules in the module comment.
fn classify(body: &[BodyLine]) -> (Vec<Block>, Option<String>) {
    let mut blocks = Vec::with_capacity(body.len());
    let mut byline = None;
    let last = body.len().saturating_sub(1);
    for (i, line) in body.iter().enumerate() {
        let follows_paragraph = matches!(blocks.last(), Some(Block::Paragraph { .. }));
        let glued = line.blanks_before == 0 && follows_paragraph;
        let short = is_short(&line.text, MAX_CAPTION_CHARS);
        let is_last = i == last && i > 0;
        let caption_before_gap = short && glued && line.blanks_after >= 2;
        // One photo, one caption: when the line before the gap took it, the line after the gap
        // is the text going on, however short.
        let gap_captioned = matches!(blocks.last(), Some(Block::Figure { .. }));
        let caption_after_gap =
            short && i > 0 && line.blanks_before >= 2 && line.blanks_after <= 1 && !is_last && !gap_captioned;
        if is_last && glued && is_short(&line.text, MAX_BYLINE_CHARS) {
            byline = Some(line.text.clone());
        } else if caption_before_gap || caption_after_gap {
            blocks.push(Block::caption_only(line.text.clone()));
        } else {
            blocks.push(Block::paragraph(line.text.clone()));
        }
    }
    (blocks, byline)
}

#[cfg(test)]
mod tests;
