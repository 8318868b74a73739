//! Highlighting the reader's words (matched on folded forms, so "nghi quyet" marks "Nghị quyết")
//! and choosing the snippet of an article that shows them.

use std::collections::HashSet;

use toasoan_core::Block;
use vn::analysis::spans;

/// Characters of a snippet, about two lines.
const SNIPPET_CHARS: usize = 220;

/// `text` as escaped HTML with the words whose folded form is in `words` wrapped in `<mark>`.
pub fn highlight(text: &str, words: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for (range, folded) in spans(text) {
        if words.contains(&folded) {
            escape_into(&mut out, &text[last..range.start]);
            out.push_str("<mark>");
            escape_into(&mut out, &text[range.clone()]);
            out.push_str("</mark>");
            last = range.end;
        }
    }
    escape_into(&mut out, &text[last..]);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The part of the article that holds most of the reader's words: the best block, cut around
/// its first match. Plain text (the caller highlights or escapes it).
pub fn snippet(lead: &str, blocks: &[Block], words: &HashSet<String>) -> String {
    let texts = std::iter::once(lead.into()).chain(blocks.iter().map(Block::text)).filter(|t| !t.is_empty());
    let scored = texts.map(|t| {
        let found: HashSet<String> = spans(&t).into_iter().map(|(_, f)| f).filter(|f| words.contains(f)).collect();
        (found.len(), t)
    });
    let mut best: Option<(usize, std::borrow::Cow<'_, str>)> = None;
    for (count, text) in scored {
        if best.as_ref().is_none_or(|(c, _)| count > *c) {
            best = Some((count, text));
        }
    }
    let Some((_, text)) = best else { return String::new() };
    around_first_match(&text, words)
}

/// The part of a print page that holds most of the reader's words. A PDF page's text is one
/// long run broken into short lines, so lines are joined and the densest stretch is chosen.
pub fn page_snippet(text: &str, words: &HashSet<String>) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let matches: Vec<(usize, String)> =
        spans(&flat).into_iter().filter(|(_, f)| words.contains(f)).map(|(r, f)| (r.start, f)).collect();
    // Bytes of a snippet, roughly (most Vietnamese letters take two or three).
    let reach = SNIPPET_CHARS * 2;
    let distinct_from = |i: usize| {
        let start = matches.get(i).map_or(0, |(s, _)| *s);
        let seen: HashSet<&str> =
            matches[i..].iter().take_while(|(s, _)| *s < start + reach).map(|(_, f)| f.as_str()).collect();
        seen.len()
    };
    let best = (0..matches.len()).max_by_key(|i| (distinct_from(*i), std::cmp::Reverse(*i)));
    around(&flat, best.and_then(|i| matches.get(i)).map_or(0, |(s, _)| *s))
}

fn around_first_match(text: &str, words: &HashSet<String>) -> String {
    let first = spans(text).into_iter().find(|(_, f)| words.contains(f)).map_or(0, |(r, _)| r.start);
    around(text, first)
}

/// About [`SNIPPET_CHARS`] of `text` from a little before byte `first`, cut at spaces.
fn around(text: &str, first: usize) -> String {
    let chars_before = text[..first].chars().count();
    let start_char = chars_before.saturating_sub(60);
    let mut start = text.char_indices().nth(start_char).map_or(0, |(i, _)| i);
    if start > 0 {
        start = text[start..].find(' ').map_or(start, |s| start + s + 1);
    }
    let body: String = text[start..].chars().take(SNIPPET_CHARS).collect();
    let cut_end = body.len() < text.len() - start;
    let body = if cut_end { body.rfind(' ').map_or(body.clone(), |e| body[..e].to_owned()) } else { body };
    format!("{}{}{}", if start > 0 { "…" } else { "" }, body, if cut_end { "…" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> HashSet<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn words_typed_without_marks_are_highlighted_with_their_marks() {
        let html = highlight("Nghị quyết <XIII> của Đảng", &words(&["nghi", "quyet", "dang"]));
        assert_eq!(html, "<mark>Nghị</mark> <mark>quyết</mark> &lt;XIII&gt; của <mark>Đảng</mark>");
    }

    #[test]
    fn the_snippet_is_the_block_with_most_words_around_the_first() {
        let blocks = vec![
            Block::paragraph("Đoạn đầu không liên quan."),
            Block::paragraph(format!(
                "{} Thủy điện Hòa Bình phát điện tổ máy cuối. {}",
                "Mở đầu dài. ".repeat(20),
                "Kết. ".repeat(40)
            )),
        ];
        let s = snippet("", &blocks, &words(&["thuy", "dien", "hoa", "binh"]));
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("Thủy điện Hòa Bình"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(snippet("", &[Block::paragraph("Ngắn.")], &words(&["x"])), "Ngắn.");
    }

    #[test]
    fn a_page_snippet_is_the_stretch_with_most_words() {
        let page = format!(
            "Giá vàng\nđầu trang.\n{}Lạm phát năm nay\ncó thể kìm được, giá vàng\nổn định. {}",
            "Đoạn giữa dài dòng. ".repeat(30),
            "Cuối. ".repeat(40)
        );
        let s = page_snippet(&page, &words(&["lam", "phat", "gia", "vang"]));
        assert!(s.contains("Lạm phát năm nay có thể kìm được, giá vàng ổn định."), "{s}");
        assert_eq!(page_snippet("Một  dòng\nngắn", &words(&["x"])), "Một dòng ngắn");
    }
}
