//! One article per line of JSON, as the news corpora and our own exports come:
//! `id` or `doc_id`, `title`, `text` (paragraphs split on `\n`) or `blocks`, `category_vi` or
//! `category`, and optionally `published_at` (RFC 3339), `lead`, `byline`, `tags`, `featured`,
//! `parent_category`, `url` (the old address).
//!
//! A line with a title but no text is imported as it is: some corpora (1,550 lines of VNTC) put
//! the whole short item in the title.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{ImportError, clean_line};
use crate::article::{ArticleDraft, Block, CategoryRef, Status};

/// Where an article without a category goes.
pub const DEFAULT_CATEGORY: &str = "Tin tức";

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    doc_id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    blocks: Option<Vec<Block>>,
    category_vi: Option<String>,
    category: Option<String>,
    parent_category: Option<String>,
    published_at: Option<String>,
    lead: Option<String>,
    byline: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    featured: bool,
    url: Option<String>,
}

/// Parses one line. `line_number` is 1-based, for the error; `now` is the publication time of
/// articles that carry none.
pub fn parse_line(line_number: usize, line: &str, now: DateTime<Utc>) -> Result<ArticleDraft, ImportError> {
    let error = |message: String| ImportError::new(line_number, message);
    let parsed: Line = serde_json::from_str(line).map_err(|e| error(format!("not a JSON article: {e}")))?;
    let source_id = parsed.id.or(parsed.doc_id).map(|v| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let title = clean_line(parsed.title.as_deref().unwrap_or_default());
    if title.is_empty() {
        return Err(error("the article has no title".to_owned()));
    }
    let blocks = match (parsed.blocks, parsed.text) {
        (Some(blocks), _) => blocks.into_iter().map(clean_block).filter_map(crate::content::clean_block).collect(),
        (None, Some(text)) => paragraphs(&text),
        (None, None) => Vec::new(),
    };
    let published_at = match parsed.published_at {
        Some(text) => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| error(format!("published_at is not an RFC 3339 time: {text:?}")))?,
        None => now,
    };
    let category_name = parsed.category_vi.or(parsed.category).map(|c| clean_line(&c)).filter(|c| !c.is_empty());
    Ok(ArticleDraft {
        source_id,
        category: CategoryRef {
            name: category_name.unwrap_or_else(|| DEFAULT_CATEGORY.to_owned()),
            parent: parsed.parent_category.map(|p| clean_line(&p)).filter(|p| !p.is_empty()),
        },
        title,
        lead: clean_line(parsed.lead.as_deref().unwrap_or_default()),
        byline: parsed.byline.map(|b| clean_line(&b)).filter(|b| !b.is_empty()),
        tags: parsed.tags.iter().map(|t| clean_line(t)).filter(|t| !t.is_empty()).collect(),
        blocks,
        status: Status::Published,
        published_at,
        featured: parsed.featured,
        old_url: parsed.url.as_deref().and_then(crate::article::old_path),
    })
}

/// Paragraphs of plain text, one per line, with runs of spaces as one: what the same words give
/// when they come as `blocks` (read as HTML, where a run of spaces is one), so an article reads
/// back the same whichever way it came — as our own export writes it.
fn paragraphs(text: &str) -> Vec<Block> {
    text.split('\n')
        .map(|line| clean_line(line).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(Block::paragraph)
        .collect()
}

fn clean_block(block: Block) -> Block {
    match block {
        Block::Paragraph { text, html } => Block::Paragraph { text: clean_line(&text), html },
        Block::Heading { text } => Block::Heading { text: clean_line(&text) },
        Block::Quote { text, cite } => Block::Quote { text: clean_line(&text), cite },
        Block::Figure { caption, image, alt, srcset } => {
            Block::Figure { caption: clean_line(&caption), image, alt, srcset }
        }
        Block::List { ordered, items, html_items } => {
            Block::List { ordered, items: items.iter().map(|i| clean_line(i)).collect(), html_items }
        }
        Block::Video { url, title } => Block::Video { url, title: clean_line(&title) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().expect("valid time")
    }

    #[test]
    fn reads_a_vntc_line() {
        let line = r#"{"id": "XH_NLD_T_(8962)", "category_vi": "Chính trị Xã hội", "title": "Mạo hiểm", "text": "Một\n\n Hai \n"}"#;
        let draft = parse_line(1, line, now()).expect("parses");
        assert_eq!(draft.source_id.as_deref(), Some("XH_NLD_T_(8962)"));
        assert_eq!(draft.category.name, "Chính trị Xã hội");
        assert_eq!(draft.blocks, vec![Block::paragraph("Một"), Block::paragraph("Hai")]);
        assert_eq!(draft.published_at, now());
    }

    #[test]
    fn plain_text_and_blocks_give_the_same_paragraphs() {
        // A control character between two spaces is dropped first, then the spaces are one.
        let as_text = r#"{"title": "T", "text": "Thủ Đức  Biên Hoà,\t4 chi nhánh: H2O \u0001 Al"}"#;
        let as_blocks = r#"{"title": "T", "blocks": [{"type": "paragraph", "text": "Thủ Đức  Biên Hoà,\t4 chi nhánh: H2O \u0001 Al"}]}"#;
        let (text, blocks) = (parse_line(1, as_text, now()), parse_line(1, as_blocks, now()));
        assert_eq!(text.expect("parses").blocks, blocks.expect("parses").blocks);
    }

    #[test]
    fn reads_a_vinewsqa_line_into_the_default_category() {
        let line = r#"{"doc_id": "vnqa_1", "title": "Uống rượu vang", "text": "Resveratrol."}"#;
        let draft = parse_line(1, line, now()).expect("parses");
        assert_eq!(draft.source_id.as_deref(), Some("vnqa_1"));
        assert_eq!(draft.category.name, DEFAULT_CATEGORY);
    }

    #[test]
    fn reads_typed_blocks_and_metadata() {
        let line = r#"{"id": 7, "title": "T", "category": "Kinh tế", "parent_category": "Thời sự",
            "published_at": "2021-12-01T19:24:00+07:00", "lead": "L", "byline": "P.V", "tags": ["a", " "],
            "featured": true, "url": "/old/7.html",
            "blocks": [{"type": "heading", "text": "H"}, {"type": "figure", "caption": "C"}]}"#;
        let draft = parse_line(1, line, now()).expect("parses");
        assert_eq!(draft.source_id.as_deref(), Some("7"));
        assert_eq!(draft.category.parent.as_deref(), Some("Thời sự"));
        assert_eq!(vn::time::format_article_time(draft.published_at), "19:24' 1/12/2021");
        assert_eq!(draft.tags, vec!["a".to_owned()]);
        assert_eq!(draft.blocks, vec![Block::Heading { text: "H".into() }, Block::caption_only("C")]);
        assert!(draft.featured);
        assert_eq!(draft.old_url.as_deref(), Some("/old/7.html"));
    }

    #[test]
    fn a_title_without_text_is_kept() {
        let draft = parse_line(1, r#"{"id": "1", "title": "Chỉ có tiêu đề", "text": ""}"#, now()).expect("parses");
        assert!(draft.blocks.is_empty());
        assert_eq!(draft.title, "Chỉ có tiêu đề");
    }

    #[test]
    fn broken_lines_name_their_line() {
        let cases = [
            ("{not json", "not a JSON article"),
            (r#"{"id": "1", "text": "x"}"#, "no title"),
            (r#"{"id": "1", "title": "T", "text": "x", "published_at": "yesterday"}"#, "RFC 3339"),
        ];
        for (line, message) in cases {
            let error = parse_line(42, line, now()).expect_err("refused");
            assert_eq!(error.line, 42);
            assert!(error.message.contains(message), "{error}");
        }
    }
}

#[cfg(test)]
mod markup_tests {
    use super::*;

    #[test]
    fn imported_markup_is_sanitised_like_the_editor_s() {
        let line = r#"{"id": "x", "title": "T", "category": "C", "blocks": [{"type": "paragraph", "text": "", "html": "<b>a</b><img src=x onerror=alert(1)>"}]}"#;
        let draft = parse_line(1, line, chrono::Utc::now()).expect("valid line");
        assert_eq!(draft.blocks, vec![Block::Paragraph { text: "a".into(), html: Some("<b>a</b>".into()) }]);
    }
}
