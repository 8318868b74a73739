//! Inline formatting from the editor (bold, italic, links), made safe.
//!
//! Whatever a browser sends — a paste from Word with its `mso-` styles, a crafted request with a
//! `<script>` — only `b`, `strong`, `i`, `em`, `a href` (http, https, mailto) and `br` survive, and
//! links get `rel="noopener noreferrer"`. The plain text is always derived from the cleaned
//! markup, so search and excerpts see exactly what readers see.

use std::collections::HashSet;
use std::sync::LazyLock;

static INLINE: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(["b", "strong", "i", "em", "a", "br"]))
        .tag_attributes(std::collections::HashMap::from([("a", HashSet::from(["href"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .clean_content_tags(HashSet::from(["script", "style", "title", "head"]));
    builder
});

static NOTHING: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder.clean_content_tags(HashSet::from(["script", "style", "title", "head"]));
    builder
});

/// The markup with everything but inline formatting removed.
pub fn sanitize_inline(html: &str) -> String {
    INLINE.clean(html).to_string().trim().to_owned()
}

/// Text made safe inside markup and attribute values: `&`, `<`, `>` and `"` escaped.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The words of the markup, without any tag, entities decoded.
pub fn plain_text(html: &str) -> String {
    let with_breaks = html.replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n");
    let escaped = NOTHING.clean(&with_breaks).to_string();
    let text = escaped
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split('\n').map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

/// Cleans the markup and says whether any formatting is left: `None` when it is plain text.
pub fn inline_or_plain(html: &str) -> (String, Option<String>) {
    let clean = sanitize_inline(html);
    let text = plain_text(&clean);
    let formatted = clean.contains('<');
    (text, formatted.then_some(clean))
}

/// Whether a URL may go in an `src` or `href` the site renders: http(s) or a path of our own.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_bold_italic_and_links() {
        let (text, html) = inline_or_plain("Một <b>điều</b> <em>quan trọng</em>: <a href=\"https://x.vn/a\">đây</a>");
        assert_eq!(text, "Một điều quan trọng: đây");
        let html = html.expect("formatted");
        assert!(html.contains("<b>điều</b>"));
        assert!(html.contains("<a href=\"https://x.vn/a\" rel=\"noopener noreferrer\">đây</a>"));
    }

    #[test]
    fn drops_scripts_handlers_and_dangerous_links() {
        for payload in [
            "<script>alert(1)</script>chữ",
            "<img src=x onerror=alert(1)>chữ",
            "<a href=\"javascript:alert(1)\">chữ</a>",
            "<b onclick=\"alert(1)\">chữ</b>",
            "<style>p{}</style><p style=\"mso-line-height:1\">chữ</p>",
            "<svg><script>alert(1)</script></svg>chữ",
        ] {
            let (text, html) = inline_or_plain(payload);
            assert_eq!(text, "chữ", "{payload}");
            let html = html.unwrap_or_default();
            for bad in ["script", "onerror", "onclick", "javascript", "style", "<img", "<svg"] {
                assert!(!html.contains(bad), "{payload} → {html}");
            }
        }
    }

    #[test]
    fn plain_text_is_not_marked_as_formatted() {
        assert_eq!(inline_or_plain("Giá tăng 5% & giảm < 3"), ("Giá tăng 5% & giảm < 3".to_owned(), None));
    }

    #[test]
    fn line_breaks_become_newlines() {
        assert_eq!(plain_text("dòng một<br>dòng  hai"), "dòng một\ndòng hai");
    }

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://a.vn/x.jpg"));
        assert!(is_safe_url("/media/1/a.jpg"));
        assert!(!is_safe_url("//evil.com/x"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("data:image/png;base64,AAAA"));
    }
}
