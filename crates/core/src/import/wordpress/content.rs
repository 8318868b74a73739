//! A WordPress post's body into our blocks.
//!
//! Block-editor posts are HTML with `<!-- wp:… -->` comments, read as they are. Classic-editor
//! posts are what TinyMCE saved: no `<p>` tags (WordPress adds them when it shows the post, with
//! `wpautop`), shortcodes such as `[caption]` and `[gallery]`, and a video as a bare address on
//! its own line. Those are turned into the HTML WordPress would show before the common HTML
//! reader makes blocks of it. Unknown shortcodes stay in the text (nothing is lost) and are
//! named, so the import can report them.

use crate::Block;
use crate::import::html::blocks_from_html;
use crate::rich_text::escape_html;
use crate::video::Embed;

/// A picture a `[gallery ids="…"]` shortcode names, looked up among the export's attachments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryImage {
    pub url: String,
    pub caption: String,
    pub alt: String,
}

/// The blocks of a body and the shortcodes it had that we do not know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub unknown_shortcodes: Vec<String>,
}

/// Shortcodes that are turned into blocks (or, for the layout ones, into nothing).
const KNOWN: [&str; 6] = ["caption", "wp_caption", "gallery", "embed", "video", "audio"];

pub fn body(content: &str, gallery: &dyn Fn(i64) -> Option<GalleryImage>) -> Body {
    let content = content.replace("<!--more-->", "\n\n").replace("<!--nextpage-->", "\n\n");
    let is_block_editor = content.contains("<!-- wp:");
    let mut unknown_shortcodes = Vec::new();
    let expanded = expand_shortcodes(&content, gallery, &mut unknown_shortcodes);
    let html = if is_block_editor { expanded } else { autop(&expanded) };
    Body { blocks: blocks_from_html(&html), unknown_shortcodes }
}

/// WordPress's `wpautop`, as far as a reader of the result can tell: block-level markup stands
/// apart, blank lines separate paragraphs, a single line break is a `<br>`, and a line that is
/// only a video address becomes an embed (WordPress's oEmbed does the same).
pub fn autop(text: &str) -> String {
    let spaced = space_blocks(&text.replace("\r\n", "\n"));
    let mut out = String::with_capacity(spaced.len() + spaced.len() / 8);
    for chunk in spaced.split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        if Embed::parse(chunk).is_ok() && !chunk.contains(char::is_whitespace) {
            out.push_str(&format!("<figure class=\"wp-block-embed\"><div>{chunk}</div></figure>\n"));
        } else if starts_with_block(chunk) {
            out.push_str(chunk);
            out.push('\n');
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>"));
            out.push_str("</p>\n");
        }
    }
    out
}

/// WordPress's block-level elements (its `$allblocks`).
const BLOCK_TAGS: [&str; 44] = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
];

/// A blank line before every block-level opening tag and after every closing one, and blank
/// lines made of spaces made empty, as `wpautop` does before it splits.
fn space_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let (closing, name) = tag_name(&tag[1..]);
        let is_block = BLOCK_TAGS.contains(&name.as_str());
        if is_block && !closing {
            out.push_str("\n\n");
        }
        out.push_str(&tag[..end]);
        if is_block && (closing || name == "hr") {
            out.push_str("\n\n");
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    let lines: Vec<&str> = out.split('\n').map(|l| if l.trim().is_empty() { "" } else { l }).collect();
    lines.join("\n")
}

fn tag_name(after_bracket: &str) -> (bool, String) {
    let (closing, rest) = match after_bracket.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, after_bracket),
    };
    (closing, rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase())
}

fn starts_with_block(chunk: &str) -> bool {
    chunk.strip_prefix('<').is_some_and(|rest| {
        let (_, name) = tag_name(rest);
        BLOCK_TAGS.contains(&name.as_str()) || rest.starts_with("!--")
    })
}

/// Replaces `[caption]`, `[gallery]` and `[embed]` by HTML; names the shortcodes it leaves.
fn expand_shortcodes(text: &str, gallery: &dyn Fn(i64) -> Option<GalleryImage>, unknown: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match Shortcode::at(after) {
            Some(code) if KNOWN.contains(&code.name.as_str()) => {
                out.push_str(&code.to_html(gallery));
                rest = &after[code.length..];
            }
            Some(code) => {
                if !unknown.contains(&code.name) {
                    unknown.push(code.name.clone());
                }
                out.push('[');
                rest = &after[1..];
            }
            None => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One shortcode at the start of a text: `[name attrs]`, with `inner[/name]` when closed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shortcode {
    name: String,
    attrs: String,
    inner: String,
    /// Bytes of the text it spans.
    length: usize,
}

impl Shortcode {
    fn at(text: &str) -> Option<Shortcode> {
        let body = text.strip_prefix('[')?;
        let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let close = body.find(']')?;
        let attrs = body[name.len()..close].trim().trim_end_matches('/').trim().to_owned();
        if body[..close].contains('\n') || body[..close].contains('[') {
            return None;
        }
        let opened = 1 + close + 1;
        let closing = format!("[/{name}]");
        match text[opened..].find(&closing) {
            Some(end) => Some(Shortcode {
                inner: text[opened..opened + end].to_owned(),
                length: opened + end + closing.len(),
                name,
                attrs,
            }),
            None => Some(Shortcode { name, attrs, inner: String::new(), length: opened }),
        }
    }

    fn attr(&self, key: &str) -> Option<String> {
        let pattern = format!("{key}=");
        let at = self.attrs.find(&pattern)? + pattern.len();
        let value = &self.attrs[at..];
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            value[1..].find(quote).map(|end| value[1..1 + end].to_owned())
        } else {
            Some(value.split_whitespace().next().unwrap_or_default().to_owned())
        }
    }

    fn to_html(&self, gallery: &dyn Fn(i64) -> Option<GalleryImage>) -> String {
        match self.name.as_str() {
            "caption" | "wp_caption" => self.caption_html(),
            "gallery" => self.gallery_html(gallery),
            "embed" | "video" => {
                let url = if self.inner.trim().is_empty() {
                    self.attr("src").unwrap_or_default()
                } else {
                    self.inner.trim().to_owned()
                };
                format!("\n\n<figure class=\"wp-block-embed\"><div>{url}</div></figure>\n\n")
            }
            _ => String::new(),
        }
    }

    /// `[caption …]<a><img></a> Words[/caption]` (or the old `caption="Words"` attribute).
    fn caption_html(&self) -> String {
        let inner = self.inner.trim();
        let split_at = if inner.starts_with("<a") {
            inner.find("</a>").map(|i| i + 4)
        } else {
            inner.find("<img").and_then(|i| inner[i..].find('>').map(|j| i + j + 1))
        };
        let (picture, words) = match split_at {
            Some(at) => (&inner[..at], inner[at..].trim().to_owned()),
            None => ("", inner.to_owned()),
        };
        let words = if words.is_empty() { self.attr("caption").unwrap_or_default() } else { words };
        format!("\n\n<figure>{picture}<figcaption>{words}</figcaption></figure>\n\n")
    }

    fn gallery_html(&self, gallery: &dyn Fn(i64) -> Option<GalleryImage>) -> String {
        let ids = self.attr("ids").unwrap_or_default();
        let figures: String = ids
            .split(',')
            .filter_map(|id| id.trim().parse::<i64>().ok())
            .filter_map(gallery)
            .map(|image| {
                format!(
                    "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                    escape_html(&image.url),
                    escape_html(&image.alt),
                    image.caption
                )
            })
            .collect();
        format!("\n\n<figure class=\"gallery\">{figures}</figure>\n\n")
    }
}

#[cfg(test)]
mod tests;
