//! What the newsroom edits: an article's content, checked and cleaned before it is stored.
//!
//! Every save goes through [`ArticleContent::clean`], whatever sent it (the editor, the API, a
//! restore), so stored content is always within limits and holds no unsafe markup.

use serde::{Deserialize, Serialize};

use crate::Block;
use crate::rich_text::{inline_or_plain, is_safe_url};

pub const MAX_TITLE: usize = 300;
pub const MAX_LEAD: usize = 2_000;
pub const MAX_BLOCKS: usize = 2_000;
pub const MAX_TAGS: usize = 30;
pub const MAX_AUTHORS: usize = 10;
pub const MAX_SEO_TITLE: usize = 200;
pub const MAX_SEO_DESCRIPTION: usize = 500;

/// The editable part of an article. Revisions store exactly this, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleContent {
    pub title: String,
    #[serde(default)]
    pub lead: String,
    pub category_id: i64,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub byline: Option<String>,
    /// The newsroom accounts who wrote it, by their author slug, in the order shown (empty:
    /// none). The byline stays for writers without an account.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Empty: made from the title.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub seo_title: String,
    #[serde(default)]
    pub seo_description: String,
    /// The article's picture; empty when saved: the body's first picture.
    #[serde(default)]
    pub featured_image: String,
    /// Where the picture's subject is, "X,Y" in percent (empty: the middle).
    #[serde(default)]
    pub featured_focus: String,
    /// The picture's sizes when it is from the media library (filled in when saved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured_sizes: Option<crate::PictureSizes>,
    #[serde(default)]
    pub featured: bool,
}

/// A field the writer must fix, with the message the newsroom shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl ArticleContent {
    /// An empty article with a title in a category; everything else is filled in later.
    pub fn new(title: impl Into<String>, category_id: i64) -> ArticleContent {
        ArticleContent {
            title: title.into(),
            lead: String::new(),
            category_id,
            tags: Vec::new(),
            blocks: Vec::new(),
            byline: None,
            authors: Vec::new(),
            slug: String::new(),
            seo_title: String::new(),
            seo_description: String::new(),
            featured_image: String::new(),
            featured_focus: String::new(),
            featured_sizes: None,
            featured: false,
        }
    }

    /// Normalises every field (NFC, trimmed, markup sanitised, slug made) and reports what
    /// cannot be stored.
    pub fn clean(mut self) -> Result<ArticleContent, Vec<FieldError>> {
        let mut errors = Vec::new();
        self.title = one_line(&self.title);
        self.lead = vn::nfc(self.lead.trim());
        self.byline = self.byline.map(|b| one_line(&b)).filter(|b| !b.is_empty());
        self.seo_title = one_line(&self.seo_title);
        self.seo_description = one_line(&self.seo_description);
        self.featured_image = self.featured_image.trim().to_owned();
        if self.title.is_empty() {
            errors.push(error("title", "Bài viết cần có tiêu đề."));
        }
        too_long(&mut errors, "title", &self.title, MAX_TITLE);
        too_long(&mut errors, "lead", &self.lead, MAX_LEAD);
        too_long(&mut errors, "seo_title", &self.seo_title, MAX_SEO_TITLE);
        too_long(&mut errors, "seo_description", &self.seo_description, MAX_SEO_DESCRIPTION);
        if !self.featured_image.is_empty() && !is_safe_url(&self.featured_image) {
            errors.push(error("featured_image", "Ảnh đại diện phải là địa chỉ http(s) hoặc ảnh trong thư viện."));
        }
        self.featured_focus = self.featured_focus.trim().to_owned();
        if crate::picture::parse_focus(&self.featured_focus).is_err() {
            errors.push(error("featured_focus", "Tâm ảnh là hai số phần trăm “ngang,dọc”, ví dụ 50,30."));
        }
        if self.blocks.len() > MAX_BLOCKS {
            errors.push(error("blocks", &format!("Bài viết dài quá {MAX_BLOCKS} khối.")));
        }
        self.blocks = self.blocks.into_iter().filter_map(clean_block).collect();
        self.tags = clean_tags(self.tags);
        self.authors = clean_author_slugs(self.authors);
        if self.authors.len() > MAX_AUTHORS {
            errors.push(error("authors", &format!("Tối đa {MAX_AUTHORS} tác giả.")));
        }
        if self.tags.len() > MAX_TAGS {
            errors.push(error("tags", &format!("Tối đa {MAX_TAGS} thẻ.")));
        }
        let slug_source = if self.slug.trim().is_empty() { &self.title } else { &self.slug };
        self.slug = vn::slug_limited(slug_source, 80);
        if self.slug.is_empty() {
            self.slug = "bai-viet".to_owned();
        }
        if errors.is_empty() { Ok(self) } else { Err(errors) }
    }
}

fn error(field: &'static str, message: &str) -> FieldError {
    FieldError { field, message: message.to_owned() }
}

fn too_long(errors: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    let length = value.chars().count();
    if length > max {
        errors.push(FieldError { field, message: format!("Dài {length} ký tự, tối đa {max}.") });
    }
}

/// Whitespace runs made one space, ends trimmed, NFC: a title, a name, a caption.
pub(crate) fn one_line(text: &str) -> String {
    vn::nfc(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter().map(|t| one_line(&t)).filter(|t| !t.is_empty() && seen.insert(vn::slug(t))).collect()
}

/// Author slugs trimmed, each once, in the order given.
fn clean_author_slugs(slugs: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    slugs.into_iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty() && seen.insert(s.clone())).collect()
}

/// Sanitises one block; empty blocks and blocks with unsafe addresses are dropped.
pub(crate) fn clean_block(block: Block) -> Option<Block> {
    let block = match block {
        Block::Paragraph { text, html } => {
            let (text, html) = inline_or_plain(&html.unwrap_or_else(|| escape(&text)));
            Block::Paragraph { text: vn::nfc(&text), html: html.map(|h| vn::nfc(&h)) }
        }
        Block::Heading { text } => Block::Heading { text: one_line(&text) },
        Block::Quote { text, cite } => {
            Block::Quote { text: vn::nfc(text.trim()), cite: cite.map(|c| one_line(&c)).filter(|c| !c.is_empty()) }
        }
        Block::Figure { caption, image, alt, srcset } => Block::Figure {
            caption: vn::nfc(caption.trim()),
            srcset: srcset.filter(|s| image.is_some() && is_media_srcset(s)),
            image: image.filter(|i| is_safe_url(i)),
            alt: alt.map(|a| one_line(&a)).filter(|a| !a.is_empty()),
        },
        Block::List { ordered, items, html_items } => {
            let sources = html_items.unwrap_or_else(|| items.iter().map(|i| escape(i)).collect());
            let cleaned: Vec<(String, Option<String>)> =
                sources.iter().map(|h| inline_or_plain(h)).filter(|(t, _)| !t.is_empty()).collect();
            let formatted = cleaned.iter().any(|(_, h)| h.is_some());
            let html_items = formatted
                .then(|| cleaned.iter().map(|(t, h)| h.clone().unwrap_or_else(|| escape(t))).collect::<Vec<_>>());
            Block::List { ordered, items: cleaned.into_iter().map(|(t, _)| t).collect(), html_items }
        }
        Block::Video { url, title } => {
            if !is_safe_url(&url) {
                return None;
            }
            Block::Video { url: url.trim().to_owned(), title: one_line(&title) }
        }
    };
    let empty =
        block.text().trim().is_empty() && !matches!(block, Block::Figure { image: Some(_), .. } | Block::Video { .. });
    (!empty).then_some(block)
}

/// A `srcset` made only of our own media files: `/media/1/a-320.jpg 320w, …`.
fn is_media_srcset(srcset: &str) -> bool {
    srcset.split(',').all(|candidate| {
        let mut parts = candidate.split_whitespace();
        let (Some(url), Some(width), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        url.starts_with("/media/")
            && !url.contains("..")
            && url.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c))
            && width.strip_suffix('w').is_some_and(|w| w.parse::<u32>().is_ok())
    })
}

/// Plain text as markup, so that it can go through the same cleaning as formatted text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(title: &str, blocks: Vec<Block>) -> ArticleContent {
        ArticleContent { blocks, ..ArticleContent::new(title, 1) }
    }

    #[test]
    fn authors_are_kept_once_in_order_and_limited() {
        let slugs = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let named = ArticleContent { authors: slugs(&[" lan ", "", "minh", "lan"]), ..content("T", vec![]) };
        assert_eq!(named.clean().expect("valid").authors, slugs(&["lan", "minh"]));
        let many: Vec<String> = (0..=MAX_AUTHORS).map(|i| format!("a{i}")).collect();
        let errors = ArticleContent { authors: many, ..content("T", vec![]) }.clean().expect_err("too many");
        assert_eq!(errors.first().map(|e| e.field), Some("authors"));
    }

    #[test]
    fn a_title_is_required_and_makes_the_slug() {
        let errors = content("  ", vec![]).clean().expect_err("no title");
        assert_eq!(errors.first().map(|e| e.field), Some("title"));
        let clean = content(" Nghị  quyết\tmới ", vec![]).clean().expect("valid");
        assert_eq!((clean.title.as_str(), clean.slug.as_str()), ("Nghị quyết mới", "nghi-quyet-moi"));
    }

    #[test]
    fn markup_is_sanitised_and_text_derived_from_it() {
        let blocks = vec![
            Block::Paragraph {
                text: "ignored".into(), html: Some("<b>Đậm</b><script>x()</script> thường".into())
            },
            Block::Paragraph { text: "a < b".into(), html: None },
            Block::Paragraph { text: String::new(), html: Some("<p> </p>".into()) },
            Block::Video { url: "javascript:alert(1)".into(), title: "x".into() },
            Block::Figure {
                caption: "Ảnh".into(),
                image: Some("data:x".into()),
                alt: None,
                srcset: Some("x 1w".into()),
            },
        ];
        let clean = content("T", blocks).clean().expect("valid");
        assert_eq!(
            clean.blocks,
            vec![
                Block::Paragraph { text: "Đậm thường".into(), html: Some("<b>Đậm</b> thường".into()) },
                Block::Paragraph { text: "a < b".into(), html: None },
                Block::Figure { caption: "Ảnh".into(), image: None, alt: None, srcset: None },
            ]
        );
    }

    #[test]
    fn lists_keep_formatting_only_where_there_is_some() {
        let list =
            Block::List { ordered: false, items: vec!["một".into(), " ".into(), "hai".into()], html_items: None };
        let clean = content("T", vec![list]).clean().expect("valid");
        assert_eq!(
            clean.blocks,
            vec![Block::List { ordered: false, items: vec!["một".into(), "hai".into()], html_items: None }]
        );
    }

    #[test]
    fn tags_are_trimmed_and_unique_by_slug() {
        let mut c = content("T", vec![]);
        c.tags = vec![" Hòa bình ".into(), "hoà bình".into(), "".into(), "Kinh tế".into()];
        assert_eq!(c.clean().expect("valid").tags, vec!["Hòa bình".to_owned(), "Kinh tế".to_owned()]);
    }

    #[test]
    fn limits_are_reported_per_field() {
        let mut c = content(&"a".repeat(MAX_TITLE + 1), vec![]);
        c.featured_image = "javascript:x".into();
        let fields: Vec<&str> = c.clean().expect_err("invalid").iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "featured_image"]);
    }
}
