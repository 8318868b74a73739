//! Article bodies written as HTML (WordPress, Ghost) turned into our typed blocks.
//!
//! The HTML is parsed as a browser would (html5ever), then walked from the top: paragraphs keep
//! their bold, italic and links (sanitised like the editor's), headings, quotes and lists become
//! their blocks, a `<figure>` with an image becomes a figure with its caption, a gallery one
//! figure per picture, an embed or `<iframe>` a video. Containers (`div`, `section`) are walked
//! into; scripts, styles and forms are dropped. Every block then goes through the same cleaning
//! as the newsroom's saves, so nothing unsafe reaches a reader.

use std::rc::Rc;

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

use crate::Block;
use crate::content::clean_block;
use crate::rich_text::escape_html as escape;

/// The blocks of an HTML body, in order.
pub fn blocks_from_html(html: &str) -> Vec<Block> {
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(html);
    let mut walker = Walker::default();
    if let Some(body) = find(&dom.document, "body") {
        walker.container(&body);
    }
    walker.flush();
    walker.blocks.into_iter().filter_map(clean_block).collect()
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    /// Loose inline content (text or `<strong>` straight in a container) gathered into a paragraph.
    inline: String,
}

impl Walker {
    fn container(&mut self, node: &Handle) {
        for child in node.children.borrow().iter() {
            self.node(child);
        }
    }

    fn node(&mut self, node: &Handle) {
        match &node.data {
            NodeData::Text { contents } => self.inline.push_str(&escape(&contents.borrow())),
            NodeData::Element { .. } => self.element(node),
            _ => {}
        }
    }

    fn element(&mut self, node: &Handle) {
        let name = tag(node);
        match name.as_str() {
            "p" => {
                self.flush();
                self.paragraph(node);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.blocks.push(Block::Heading { text: text_of(node) });
            }
            "figure" => {
                self.flush();
                self.figure(node);
            }
            "img" => {
                self.flush();
                self.blocks.extend(image(node, String::new()));
            }
            "iframe" | "video" => {
                self.flush();
                self.blocks.extend(video_block(&attr(node, "src"), String::new()));
            }
            "blockquote" => {
                self.flush();
                self.quote(node);
            }
            "ul" | "ol" => {
                self.flush();
                self.blocks.push(list(node, name == "ol"));
            }
            "table" => {
                self.flush();
                for row in descendants(node, "tr") {
                    let cells: Vec<String> =
                        row.children.borrow().iter().map(text_of).filter(|t| !t.is_empty()).collect();
                    self.blocks.push(Block::paragraph(cells.join(" – ")));
                }
            }
            "hr" | "script" | "style" | "form" | "input" | "button" | "select" | "textarea" | "noscript"
            | "template" | "svg" | "head" | "title" | "meta" | "link" => self.flush(),
            "br" => self.inline.push_str("<br>"),
            "b" | "strong" | "i" | "em" | "a" | "span" | "u" | "sub" | "sup" | "small" | "code" | "mark" | "abbr"
                if !has_block_inside(node) =>
            {
                self.inline.push_str(&inline_html(node));
            }
            _ => {
                // div, section, article, main, center, pre, dl and the unknown: walk into them.
                self.flush();
                self.container(node);
                self.flush();
            }
        }
    }

    /// A paragraph; pictures inside it (a floated image) come out as figures before its words.
    fn paragraph(&mut self, node: &Handle) {
        for img in descendants(node, "img") {
            self.blocks.extend(image(&img, String::new()));
        }
        for frame in descendants(node, "iframe") {
            self.blocks.extend(video_block(&attr(&frame, "src"), String::new()));
        }
        let html = inline_children(node);
        self.blocks.push(Block::Paragraph { text: String::new(), html: Some(html) });
    }

    fn figure(&mut self, node: &Handle) {
        let caption =
            children(node).into_iter().find(|c| tag(c) == "figcaption").map(|c| text_of(&c)).unwrap_or_default();
        let inner_figures: Vec<Handle> = children(node).into_iter().filter(|c| tag(c) == "figure").collect();
        if !inner_figures.is_empty() {
            // A gallery: each picture with its own caption, then the gallery's caption.
            for inner in &inner_figures {
                self.figure(inner);
            }
            if !caption.is_empty() {
                self.blocks.push(Block::caption_only(caption));
            }
            return;
        }
        if let Some(url) = embed_url(node) {
            self.blocks.extend(video_block(&url, caption));
            return;
        }
        let images = descendants(node, "img");
        if images.is_empty() && has_words_besides_caption(node) {
            // A figure of words: a pull quote, a table, a code listing. Its content is walked
            // like any container's; its caption follows.
            for child in node.children.borrow().iter().filter(|c| tag(c) != "figcaption") {
                self.node(child);
            }
            self.flush();
            if !caption.is_empty() {
                self.blocks.push(Block::caption_only(caption));
            }
            return;
        }
        // Several pictures in one figure (Ghost's gallery card): the caption goes under the last.
        let last = images.len().saturating_sub(1);
        for (index, img) in images.iter().enumerate() {
            self.blocks.extend(image(img, if index == last { caption.clone() } else { String::new() }));
        }
        if images.is_empty() && !caption.is_empty() {
            self.blocks.push(Block::caption_only(caption));
        }
    }

    /// A quote: its paragraphs (and loose text) one per line, its `<cite>` apart.
    fn quote(&mut self, node: &Handle) {
        let cite = descendants(node, "cite").first().map(text_of).filter(|c| !c.is_empty());
        let mut lines = Vec::new();
        let mut loose = String::new();
        for child in node.children.borrow().iter() {
            match tag(child).as_str() {
                "cite" => {}
                "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "footer" => {
                    lines.push(std::mem::take(&mut loose));
                    lines.push(text_of(child));
                }
                _ => collect_text(child, &mut loose),
            }
        }
        lines.push(loose);
        let lines: Vec<String> = lines
            .iter()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        self.blocks.push(Block::Quote { text: lines.join("\n"), cite });
    }

    fn flush(&mut self) {
        let html = std::mem::take(&mut self.inline);
        if !crate::rich_text::plain_text(&html).trim().is_empty() {
            self.blocks.push(Block::Paragraph { text: String::new(), html: Some(html) });
        }
    }
}

fn has_words_besides_caption(figure: &Handle) -> bool {
    figure.children.borrow().iter().filter(|c| tag(c) != "figcaption").any(|c| !text_of(c).is_empty())
}

fn image(node: &Handle, caption: String) -> Option<Block> {
    let src = attr(node, "src");
    if src.trim().is_empty() {
        return (!caption.is_empty()).then(|| Block::caption_only(caption));
    }
    let alt = Some(attr(node, "alt")).filter(|a| !a.trim().is_empty());
    Some(Block::Figure { caption, image: Some(src.trim().to_owned()), alt, srcset: None })
}

fn video_block(url: &str, title: String) -> Option<Block> {
    let url = url.trim();
    let url = if let Some(rest) = url.strip_prefix("//") { format!("https://{rest}") } else { url.to_owned() };
    (!url.is_empty()).then_some(Block::Video { url, title })
}

/// The address of an embedded video in a `<figure>`: an iframe's `src`, or WordPress's embed
/// block, whose wrapper holds the bare URL.
fn embed_url(figure: &Handle) -> Option<String> {
    if let Some(frame) = descendants(figure, "iframe").first() {
        return Some(attr(frame, "src"));
    }
    let is_embed = attr(figure, "class").split_whitespace().any(|c| c == "wp-block-embed" || c == "kg-embed-card");
    if !is_embed {
        return None;
    }
    let wrapper = children(figure).into_iter().find(|c| tag(c) != "figcaption")?;
    let text = text_of(&wrapper);
    text.split_whitespace().find(|w| w.starts_with("http")).map(str::to_owned)
}

fn list(node: &Handle, ordered: bool) -> Block {
    let items: Vec<String> = children(node).iter().filter(|c| tag(c) == "li").map(inline_children).collect();
    Block::List { ordered, items: Vec::new(), html_items: Some(items) }
}

fn has_block_inside(node: &Handle) -> bool {
    const BLOCKS: [&str; 9] = ["p", "div", "figure", "img", "blockquote", "ul", "ol", "table", "iframe"];
    children(node).iter().any(|c| BLOCKS.contains(&tag(c).as_str()) || has_block_inside(c))
}

/// The inline HTML of the node's children: formatting and links kept (cleaned later), the rest
/// reduced to its words.
fn inline_children(node: &Handle) -> String {
    children_of(node).iter().map(inline_html).collect()
}

fn inline_html(node: &Handle) -> String {
    match &node.data {
        NodeData::Text { contents } => escape(&contents.borrow()),
        NodeData::Element { .. } => {
            let name = tag(node);
            let inner = inline_children(node);
            match name.as_str() {
                "b" | "strong" | "i" | "em" => format!("<{name}>{inner}</{name}>"),
                "a" => format!("<a href=\"{}\">{inner}</a>", escape(&attr(node, "href"))),
                "br" => "<br>".to_owned(),
                "img" | "script" | "style" | "iframe" | "figure" | "figcaption" => String::new(),
                _ => inner,
            }
        }
        _ => String::new(),
    }
}

/// All the words of the node, spaces collapsed.
fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    collect_text(node, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect_text(node: &Handle, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { .. } => {
            let name = tag(node);
            if matches!(name.as_str(), "script" | "style") {
                return;
            }
            if name == "br" {
                out.push(' ');
            }
            for child in node.children.borrow().iter() {
                collect_text(child, out);
            }
            if matches!(name.as_str(), "p" | "div" | "li" | "td" | "th") {
                out.push(' ');
            }
        }
        _ => {}
    }
}

fn tag(node: &Handle) -> String {
    match &node.data {
        NodeData::Element { name, .. } => name.local.to_string(),
        _ => String::new(),
    }
}

fn attr(node: &Handle, wanted: &str) -> String {
    match &node.data {
        NodeData::Element { attrs, .. } => {
            attrs.borrow().iter().find(|a| &*a.name.local == wanted).map(|a| a.value.to_string()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

fn children(node: &Handle) -> Vec<Handle> {
    node.children.borrow().iter().filter(|c| matches!(c.data, NodeData::Element { .. })).cloned().collect()
}

fn children_of(node: &Handle) -> Vec<Handle> {
    node.children.borrow().iter().cloned().collect()
}

fn descendants(node: &Handle, wanted: &str) -> Vec<Handle> {
    let mut out = Vec::new();
    for child in node.children.borrow().iter() {
        if tag(child) == wanted {
            out.push(Rc::clone(child));
        }
        out.extend(descendants(child, wanted));
    }
    out
}

fn find(node: &Handle, wanted: &str) -> Option<Handle> {
    if tag(node) == wanted {
        return Some(Rc::clone(node));
    }
    node.children.borrow().iter().find_map(|c| find(c, wanted))
}

#[cfg(test)]
mod tests;
