//! A small element tree read with quick-xml, one child of `<channel>` at a time, so a WXR file of
//! any size is held as typed items rather than as a tree of the whole document.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::import::ImportError;

/// An element with its text (CDATA and entities resolved) and children; `line` is where it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    pub line: usize,
}

impl Element {
    /// The text of the first child named `name` (qualified, e.g. `wp:post_id`), or "".
    pub fn child_text(&self, name: &str) -> &str {
        self.child(name).map(|c| c.text.as_str()).unwrap_or_default()
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn attr(&self, name: &str) -> &str {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// The child's text as a number; 0 when absent or not a number.
    pub fn child_number(&self, name: &str) -> i64 {
        self.child_text(name).trim().parse().unwrap_or(0)
    }
}

/// Calls `visit` with every element directly under `<rss><channel>`, in order. A syntax error
/// stops the reading and names its line.
pub fn for_each_channel_child(
    xml: &str,
    mut visit: impl FnMut(Element) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let lines = LineIndex::new(xml);
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut saw_channel = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            ImportError::new(lines.line_of(reader.error_position() as usize), format!("not well-formed XML: {e}"))
        })?;
        match event {
            Event::Start(start) => {
                let element = open(&start, lines.line_of(at))?;
                saw_channel |= element.name == "channel";
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open(&start, lines.line_of(at))?;
                attach(&mut stack, element, &mut visit)?;
            }
            Event::End(_) => {
                if let Some(element) = stack.pop() {
                    attach(&mut stack, element, &mut visit)?;
                }
            }
            Event::Text(text) => push_text(&mut stack, &text.decode().map_err(|e| syntax(&lines, at, e))?),
            Event::CData(data) => push_text(&mut stack, &data.decode().map_err(|e| syntax(&lines, at, e))?),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => named_entity(&reference.decode().map_err(|e| syntax(&lines, at, e))?),
                    Err(e) => return Err(syntax(&lines, at, e)),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_channel {
        return Err(ImportError::new(1, "no <channel> element: this is not a WordPress export (WXR)"));
    }
    Ok(())
}

/// Hands a finished element to its parent, or to `visit` when its parent is the channel.
fn attach(
    stack: &mut [Element],
    element: Element,
    visit: &mut impl FnMut(Element) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    match stack.last_mut() {
        Some(parent) if parent.name == "channel" => visit(element),
        Some(parent) => {
            parent.children.push(element);
            Ok(())
        }
        None => Ok(()),
    }
}

fn open(start: &BytesStart<'_>, line: usize) -> Result<Element, ImportError> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| ImportError::new(line, format!("bad attribute in <{name}>: {e}")))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| ImportError::new(line, format!("bad attribute value: {e}")))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element { name, attrs, line, ..Element::default() })
}

fn push_text(stack: &mut [Element], text: &str) {
    // Text directly under the channel (indentation) belongs to nothing we keep.
    if let Some(element) = stack.last_mut().filter(|e| e.name != "channel" && e.name != "rss") {
        element.text.push_str(text);
    }
}

fn named_entity(name: &str) -> String {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        other => return format!("&{other};"),
    }
    .to_owned()
}

fn syntax(lines: &LineIndex, at: usize, error: impl std::fmt::Display) -> ImportError {
    ImportError::new(lines.line_of(at), format!("cannot read the XML: {error}"))
}

/// Byte offsets of line starts, to turn a parser position into the line a person looks at.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex(starts)
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn children(xml: &str) -> Result<Vec<Element>, ImportError> {
        let mut out = Vec::new();
        for_each_channel_child(xml, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn channel_children_come_with_text_cdata_entities_and_lines() {
        let xml = "<rss>\n<channel>\n<title>A &amp; B</title>\n<item>\n<wp:post_id>7</wp:post_id>\n\
                   <content:encoded><![CDATA[<p>x</p>]]></content:encoded>\n<category domain=\"post_tag\" \
                   nicename=\"a-b\"><![CDATA[a &amp; b]]></category>\n</item>\n</channel>\n</rss>";
        let found = children(xml).expect("reads");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "A & B");
        let item = &found[1];
        assert_eq!((item.name.as_str(), item.line), ("item", 4));
        assert_eq!(item.child_number("wp:post_id"), 7);
        assert_eq!(item.child_text("content:encoded"), "<p>x</p>");
        let category = item.child("category").expect("category");
        assert_eq!((category.attr("domain"), category.text.as_str()), ("post_tag", "a &amp; b"));
        assert_eq!(item.child_text("missing"), "");
    }

    #[test]
    fn a_broken_file_is_refused_with_its_line() {
        let error = children("<rss>\n<channel>\n<item>\n<title>x</wrong>\n</channel></rss>").expect_err("broken");
        assert_eq!(error.line, 4, "{error}");
        let error = children("<html><body>hi</body></html>").expect_err("not wxr");
        assert!(error.message.contains("not a WordPress export"));
        let error = children("<rss><channel><title>&#xZZ;</title></channel></rss>").expect_err("bad reference");
        assert_eq!(error.line, 1);
    }

    #[test]
    fn lines_are_counted_from_one() {
        let index = LineIndex::new("a\nb\nc");
        assert_eq!([index.line_of(0), index.line_of(1), index.line_of(2), index.line_of(4)], [1, 1, 2, 3]);
    }
}
