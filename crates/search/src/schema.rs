//! The index's fields: ids and filters, and three analysed forms of title, lead and body.
//!
//! Articles and pages of the print edition share the index (so one query ranks both). An
//! article's document has `id`; a print page's has `issue` and `page` and its text as the body; a
//! video clip's has `video`, its title and its description as the lead. Deleting by one of these
//! keys therefore never touches another kind.

use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};

pub const KIND_ARTICLE: u64 = 0;
pub const KIND_PRINT_PAGE: u64 = 1;
pub const KIND_VIDEO: u64 = 2;

/// The three forms one text is indexed in.
#[derive(Debug, Clone, Copy)]
pub struct TextFields {
    /// Folded words with positions (phrases need them).
    pub folded: Field,
    /// Folded pairs of neighbouring words.
    pub pairs: Field,
    /// Exact words (marks kept, canonical tone placement).
    pub exact: Field,
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The article's id (articles only).
    pub id: Field,
    /// [`KIND_ARTICLE`] or [`KIND_PRINT_PAGE`].
    pub kind: Field,
    /// The print issue's id and the page's number (print pages only).
    pub issue: Field,
    pub page: Field,
    /// The clip's id (video clips only).
    pub video: Field,
    /// Publication time, seconds since 1970, for date filters and newest-first order.
    pub published: Field,
    /// The category and its parent, so a filter on a parent finds its children's articles.
    pub category: Field,
    pub title: TextFields,
    pub lead: TextFields,
    pub body: TextFields,
}

fn text(builder: &mut tantivy::schema::SchemaBuilder, name: &str) -> TextFields {
    let options = |record| {
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer("raw").set_index_option(record))
    };
    TextFields {
        folded: builder.add_text_field(&format!("{name}_folded"), options(IndexRecordOption::WithFreqsAndPositions)),
        pairs: builder.add_text_field(&format!("{name}_pairs"), options(IndexRecordOption::WithFreqs)),
        exact: builder.add_text_field(&format!("{name}_exact"), options(IndexRecordOption::WithFreqs)),
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_u64_field("id", INDEXED | STORED | FAST);
    let kind = builder.add_u64_field("kind", INDEXED | FAST);
    let issue = builder.add_u64_field("issue", INDEXED | FAST);
    let page = builder.add_u64_field("page", FAST);
    let video = builder.add_u64_field("video", INDEXED | FAST);
    let published = builder.add_i64_field("published", INDEXED | FAST);
    let category = builder.add_u64_field("category", INDEXED);
    let title = text(&mut builder, "title");
    let lead = text(&mut builder, "lead");
    let body = text(&mut builder, "body");
    (builder.build(), Fields { id, kind, issue, page, video, published, category, title, lead, body })
}
