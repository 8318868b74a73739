//! Laying text out as the pages of a printed issue, for the PDFs we generate (the demo's issues,
//! the benchmark's archive): a cover, a table of contents, then each piece from a new page,
//! cut into pages that fit an A4 page of [`super::unicode_pdf`].

/// Characters a page holds with room to spare: about 48 lines of 80 at 11 pt, less what short
/// last lines of paragraphs waste.
pub const PAGE_CHARS: usize = 2800;

/// One piece of an issue.
pub struct Piece<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub paragraphs: Vec<&'a str>,
}

/// An issue's pages, and the page each piece starts on.
pub struct Laid {
    pub pages: Vec<String>,
    pub starts: Vec<i64>,
}

/// Cover, contents, then the pieces. `cover` is the cover page's lines.
pub fn lay_out(cover: &str, pieces: &[Piece<'_>]) -> Laid {
    let mut pages = vec![cover.to_owned(), String::new()];
    let mut starts = Vec::with_capacity(pieces.len());
    for piece in pieces {
        starts.push(pages.len() as i64 + 1);
        pages.extend(piece_pages(piece));
    }
    let contents: Vec<String> = pieces
        .iter()
        .zip(&starts)
        .map(|(piece, start)| match piece.author {
            "" => format!("Trang {start} · {}", piece.title),
            author => format!("Trang {start} · {} — {author}", piece.title),
        })
        .collect();
    if let Some(page) = pages.get_mut(1) {
        *page = format!("# Mục lục\n{}", contents.join("\n"));
    }
    Laid { pages, starts }
}

/// How many pages a piece takes.
pub fn piece_page_count(piece: &Piece<'_>) -> usize {
    piece_pages(piece).len()
}

/// A piece from a new page: its title as a heading, its author, its paragraphs; a paragraph
/// that does not fit goes on over the next page, cut between words.
fn piece_pages(piece: &Piece<'_>) -> Vec<String> {
    let mut pages = Vec::new();
    let mut page = Page::default();
    page.push_line(&format!("# {}", piece.title));
    if !piece.author.is_empty() {
        page.push_line(piece.author);
    }
    for paragraph in &piece.paragraphs {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if page.chars + line.chars().count() + 1 + word.chars().count() > PAGE_CHARS {
                page.push_line(&std::mem::take(&mut line));
                pages.push(std::mem::take(&mut page).text);
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        page.push_line(&line);
    }
    pages.push(page.text);
    pages
}

#[derive(Default)]
struct Page {
    text: String,
    chars: usize,
}

impl Page {
    fn push_line(&mut self, line: &str) {
        if !line.is_empty() {
            self.text.push_str(line);
            self.text.push('\n');
            self.chars += line.chars().count() + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_on_new_pages_listed_in_the_contents() {
        let long = "Lúa gạo xuất khẩu tăng mạnh. ".repeat(300);
        let pieces = [
            Piece { title: "Ngắn", author: "Nguyễn Văn A", paragraphs: vec!["Một đoạn."] },
            Piece { title: "Dài", author: "", paragraphs: vec![&long, "Kết."] },
            Piece { title: "Cuối", author: "", paragraphs: vec![] },
        ];
        let laid = lay_out("# Số 1 - 2024", &pieces);
        assert_eq!(laid.starts, [3, 4, 8]);
        assert_eq!(laid.pages.len(), 8);
        assert_eq!(laid.pages[1], "# Mục lục\nTrang 3 · Ngắn — Nguyễn Văn A\nTrang 4 · Dài\nTrang 8 · Cuối");
        assert!(laid.pages.iter().all(|p| p.chars().count() <= PAGE_CHARS + 1));
        assert!(laid.pages[3].starts_with("# Dài\nLúa gạo"), "the long paragraph starts under its title");
        let words: usize = laid.pages[3..7].iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, 2 + 6 * 300 + 1, "the heading, every word of the long paragraph, and the last");
    }
}
