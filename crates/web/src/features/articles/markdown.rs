//! The editor without JavaScript: the body as Markdown in a plain text area, both ways.
//!
//! `## ` heading, `> ` quote, `- `/`1. ` lists, `![alt](src "caption")` figures, `**bold**`,
//! `*italic*`, `[links](https://…)`; a paragraph is text between blank lines. Whatever comes in is
//! turned into blocks and then cleaned like any other content (see `ArticleContent::clean`).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use toasoan_core::Block;

/// Blocks from Markdown text.
pub fn to_blocks(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        reader.event(event);
    }
    reader.blocks
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// Inline HTML of the block being read.
    html: String,
    quote: bool,
    list: Option<(bool, Vec<String>)>,
    image: Option<(String, String)>,
    link: Option<String>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => self.quote = true,
            Event::End(TagEnd::BlockQuote(_)) => self.quote = false,
            Event::Start(Tag::List(first)) => self.list = Some((first.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = self.list.take() {
                    self.blocks.push(Block::List { ordered, items: Vec::new(), html_items: Some(items) });
                }
            }
            Event::End(TagEnd::Item) => {
                let html = std::mem::take(&mut self.html);
                if let Some((_, items)) = &mut self.list {
                    items.push(html);
                }
            }
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::End(TagEnd::Heading(_)) => {
                let text = toasoan_core::rich_text::plain_text(&std::mem::take(&mut self.html));
                self.blocks.push(Block::Heading { text });
            }
            Event::Start(Tag::Heading { level, .. }) if level > HeadingLevel::H3 => {}
            Event::Start(Tag::Strong) => self.html.push_str("<b>"),
            Event::End(TagEnd::Strong) => self.html.push_str("</b>"),
            Event::Start(Tag::Emphasis) => self.html.push_str("<i>"),
            Event::End(TagEnd::Emphasis) => self.html.push_str("</i>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some(dest_url.to_string());
                self.html.push_str(&format!("<a href=\"{}\">", escape(&dest_url)));
            }
            Event::End(TagEnd::Link) => {
                self.link = None;
                self.html.push_str("</a>");
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                self.image = Some((dest_url.to_string(), title.to_string()))
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, caption)) = self.image.take() {
                    let alt = toasoan_core::rich_text::plain_text(&std::mem::take(&mut self.html));
                    self.blocks.push(Block::Figure { caption, image: Some(src), alt: Some(alt), srcset: None });
                }
            }
            // Markup typed into the text area is text, like everything else the writer typed.
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.html.push_str(&escape(&text))
            }
            Event::End(TagEnd::HtmlBlock) => self.end_paragraph(),
            Event::SoftBreak => self.html.push(' '),
            Event::HardBreak => self.html.push_str("<br>"),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        if self.list.is_some() {
            return;
        }
        let html = std::mem::take(&mut self.html);
        if html.trim().is_empty() {
            return;
        }
        if self.quote {
            let text = toasoan_core::rich_text::plain_text(&html);
            self.blocks.push(Block::Quote { text, cite: None });
        } else {
            self.blocks.push(Block::Paragraph { text: String::new(), html: Some(html) });
        }
    }
}

/// Markdown for blocks, so that an article opened without JavaScript can be edited as text.
pub fn from_blocks(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph { text, html } => html.as_deref().map_or_else(|| literal(text), inline_markdown),
            Block::Heading { text } => format!("## {}", literal(text)),
            Block::Quote { text, .. } => format!("> {}", literal(text)),
            Block::List { ordered, items, html_items } => {
                let sources: Vec<String> = match html_items {
                    Some(html) => html.iter().map(|h| inline_markdown(h)).collect(),
                    None => items.iter().map(|i| literal(i)).collect(),
                };
                let marker = |i: usize| if *ordered { format!("{}.", i + 1) } else { "-".to_owned() };
                sources.iter().enumerate().map(|(i, s)| format!("{} {s}", marker(i))).collect::<Vec<_>>().join("\n")
            }
            Block::Figure { caption, image, alt, .. } => match image {
                Some(src) => {
                    format!("![{}]({src} \"{}\")", alt.as_deref().unwrap_or_default(), caption.replace('"', "'"))
                }
                None => literal(caption),
            },
            Block::Video { url, title } => format!("[{}]({url})", if title.is_empty() { "Video" } else { title }),
        })
        .collect();
    parts.join("\n\n")
}

/// Sanitised inline HTML (only b, strong, i, em, a, br) as Markdown.
fn inline_markdown(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut hrefs: Vec<String> = Vec::new();
    while let Some(start) = rest.find('<') {
        out.push_str(&literal(&decode(&rest[..start])));
        let Some(end) = rest[start..].find('>') else { break };
        let tag = &rest[start + 1..start + end];
        match tag.split_whitespace().next().unwrap_or_default() {
            "b" | "strong" | "/b" | "/strong" => out.push_str("**"),
            "i" | "em" | "/i" | "/em" => out.push('*'),
            "br" | "br/" => out.push_str("  \n"),
            "a" => {
                hrefs.push(attribute(tag, "href"));
                out.push('[');
            }
            "/a" => out.push_str(&format!("]({})", hrefs.pop().unwrap_or_default())),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&literal(&decode(rest)));
    out
}

fn attribute(tag: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    tag.find(&key).and_then(|i| tag[i + key.len()..].split('"').next()).map(decode).unwrap_or_default()
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Text that Markdown must not read as formatting.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '\\' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use toasoan_core::ArticleContent;

    fn cleaned(blocks: Vec<Block>) -> Vec<Block> {
        let content = ArticleContent { blocks, ..ArticleContent::new("T", 1) };
        content.clean().expect("valid").blocks
    }

    #[test]
    fn markdown_becomes_typed_blocks() {
        let blocks = cleaned(to_blocks(
            "Một **đậm** và *nghiêng* với [liên kết](https://a.vn).\n\n## Tiêu đề nhỏ\n\n> Trích dẫn\n\n- một\n- hai\n\n![Ảnh](/media/1.jpg \"Chú thích\")",
        ));
        assert_eq!(blocks.len(), 5);
        assert_eq!(blocks[0].text(), "Một đậm và nghiêng với liên kết.");
        assert!(
            matches!(&blocks[0], Block::Paragraph { html: Some(h), .. } if h.contains("<b>đậm</b>") && h.contains("<i>nghiêng</i>"))
        );
        assert_eq!(blocks[1], Block::Heading { text: "Tiêu đề nhỏ".into() });
        assert_eq!(blocks[2], Block::Quote { text: "Trích dẫn".into(), cite: None });
        assert!(matches!(&blocks[3], Block::List { ordered: false, items, .. } if items == &["một", "hai"]));
        assert_eq!(
            blocks[4],
            Block::Figure {
                caption: "Chú thích".into(),
                image: Some("/media/1.jpg".into()),
                alt: Some("Ảnh".into()),
                srcset: None
            }
        );
    }

    #[test]
    fn blocks_survive_a_round_trip_through_markdown() {
        let original =
            cleaned(to_blocks("Giá *tăng* 5% [xem](https://a.vn/x?a=1&b=2) a_b\\*c\n\n1. một\n2. **hai**\n\n> Ý kiến"));
        assert_eq!(cleaned(to_blocks(&from_blocks(&original))), original);
    }

    #[test]
    fn raw_html_in_markdown_is_text() {
        let blocks = cleaned(to_blocks("<script>alert(1)</script> chữ"));
        assert_eq!(blocks[0].text(), "<script>alert(1)</script> chữ");
        assert!(matches!(&blocks[0], Block::Paragraph { html: None, .. }));
    }
}
