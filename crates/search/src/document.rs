//! An article, or a page of the print edition, turned into an index document.

use tantivy::TantivyDocument;
use tantivy::tokenizer::{PreTokenizedString, Token};
use toasoan_store::{IndexEntry, PrintPageEntry, VideoEntry};
use vn::analysis::{Word, pairs, words};

use crate::schema::{Fields, KIND_ARTICLE, KIND_PRINT_PAGE, KIND_VIDEO, TextFields};

pub fn document(fields: &Fields, entry: &IndexEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_u64(fields.id, entry.id as u64);
    doc.add_u64(fields.kind, KIND_ARTICLE);
    doc.add_i64(fields.published, entry.published_at.timestamp());
    doc.add_u64(fields.category, entry.category_id as u64);
    if let Some(parent) = entry.parent_category_id {
        doc.add_u64(fields.category, parent as u64);
    }
    add_text(&mut doc, &fields.title, &entry.title);
    add_text(&mut doc, &fields.lead, &entry.lead);
    add_text(&mut doc, &fields.body, &entry.body);
    doc
}

/// A print page: its text is the body; no title or lead (they would match on every page of an
/// issue), no category.
pub fn print_page_document(fields: &Fields, entry: &PrintPageEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_u64(fields.kind, KIND_PRINT_PAGE);
    doc.add_u64(fields.issue, entry.issue_id as u64);
    doc.add_u64(fields.page, entry.page as u64);
    doc.add_i64(fields.published, entry.published_at.timestamp());
    add_text(&mut doc, &fields.body, &entry.text);
    doc
}

/// A clip: its title as a title, its description as a lead.
pub fn video_document(fields: &Fields, entry: &VideoEntry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_u64(fields.kind, KIND_VIDEO);
    doc.add_u64(fields.video, entry.id as u64);
    doc.add_i64(fields.published, entry.published_at.timestamp());
    for category in [entry.category_id, entry.parent_category_id].into_iter().flatten() {
        doc.add_u64(fields.category, category as u64);
    }
    add_text(&mut doc, &fields.title, &entry.title);
    add_text(&mut doc, &fields.lead, &entry.description);
    doc
}

fn add_text(doc: &mut TantivyDocument, fields: &TextFields, text: &str) {
    let analysed: Vec<Word> = words(text);
    doc.add_pre_tokenized_text(fields.folded, tokens(analysed.iter().map(|w| w.folded.clone())));
    doc.add_pre_tokenized_text(fields.exact, tokens(analysed.iter().map(|w| w.exact.clone())));
    doc.add_pre_tokenized_text(fields.pairs, tokens(pairs(&analysed).into_iter()));
}

/// Terms at consecutive positions. The text itself is not kept: pages and snippets read it from
/// the database.
fn tokens(terms: impl Iterator<Item = String>) -> PreTokenizedString {
    let tokens = terms
        .enumerate()
        .map(|(position, text)| Token { offset_from: 0, offset_to: 0, position, text, position_length: 1 })
        .collect();
    PreTokenizedString { text: String::new(), tokens }
}
