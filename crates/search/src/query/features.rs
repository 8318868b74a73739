//! What the second pass knows about each candidate, and about the query, as figures a small
//! linear model ([`super::model`]) weighs.
//!
//! Two kinds of query meet in one box: a reader's question ("Bệnh nhân bị gì sau khi …?"),
//! answered somewhere in an article's body, and a few words remembered from a headline or a
//! name ("phạt 12 triệu bảng"), which the article's title holds side by side and in order.
//! BM25 and the body windows serve the first; the title and lead evidence the second.

use tantivy::{DocAddress, Searcher};

use super::QueryWord;
use super::rerank::{self, FieldEvidence, WindowTerm};
use super::rescore::{self, ScoredTerm};
use crate::index::SearchError;
use crate::schema::Fields;

/// How many figures describe a candidate.
pub const FEATURES: usize = 8;

/// The figures of one candidate, each 0 to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Features {
    /// BM25 over title, lead and body ([`rescore`]), as a share of the best candidate's.
    pub bm25: f32,
    /// How much of the query the best short windows of lead or body hold ([`rerank`]).
    pub window: f32,
    /// How much of the query's weight (words and neighbouring pairs) the title holds.
    pub title_cover: f32,
    /// The longest run of the query's words, in order and side by side, in the title, as a
    /// share of the query's words.
    pub title_run: f32,
    /// 1 when the title holds the whole query so (two words or more).
    pub title_phrase: f32,
    /// As `title_cover` and `title_run`, for the lead.
    pub lead_cover: f32,
    pub lead_run: f32,
    /// As `title_run`, for the body.
    pub body_run: f32,
}

impl Features {
    /// In the model's order.
    pub fn to_array(&self) -> [f32; FEATURES] {
        [
            self.bm25,
            self.window,
            self.title_cover,
            self.title_run,
            self.title_phrase,
            self.lead_cover,
            self.lead_run,
            self.body_run,
        ]
    }
}

/// What kind of query it is, as far as its words tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueryShape {
    /// How many words.
    pub words: usize,
    /// Whether it reads as a question: a question mark, a question word typed with marks (or
    /// given them by a Telex/VNI repair), or a question phrase without marks.
    pub asks: bool,
}

/// Words that make a question of a sentence, when the reader typed marks. "bao" and "sao" are
/// not among them: alone they are as often "bao vây" or "ngôi sao" (headlines of the dev set).
const INTERROGATIVES: &[&str] = &["gì", "nào", "ai", "đâu", "mấy", "chăng"];
/// Question phrases, folded: whether or not the reader typed marks. Folded single words are
/// not enough ("dau" is đau, đầu, dầu; "may" is máy), but for "gi" (nothing else folds to it).
const FOLDED_INTERROGATIVES: &[&[&str]] = &[
    &["gi"],
    &["bao", "nhieu"],
    &["bao", "lau"],
    &["bao", "gio"],
    &["la", "ai"],
    &["o", "dau"],
    &["vi", "sao"],
    &["tai", "sao"],
    &["ra", "sao"],
    &["lam", "sao"],
    &["the", "nao"],
    &["khi", "nao"],
];

pub(super) fn shape(query_words: &[QueryWord], question_mark: bool) -> QueryShape {
    let marked = query_words.iter().any(|w| w.marks);
    let folded: Vec<&str> = query_words.iter().map(|w| w.main.folded.as_str()).collect();
    let asks = question_mark
        || (marked && query_words.iter().any(|w| INTERROGATIVES.contains(&w.main.exact.as_str())))
        || FOLDED_INTERROGATIVES.iter().any(|phrase| folded.windows(phrase.len()).any(|w| w == *phrase));
    QueryShape { words: query_words.len(), asks }
}

/// The query's side of the second pass.
pub(super) struct QueryEvidence<'a> {
    pub scored_terms: &'a [ScoredTerm],
    pub window_terms: &'a [WindowTerm],
    /// The query's words in order, each as its index in `window_terms`.
    pub sequence: &'a [usize],
    /// Whether to work out every figure, or only those the question weights use (BM25 and the
    /// windows): the title and run figures cost a question a quarter more time for nothing.
    pub every_figure: bool,
}

/// Every candidate's figures, in `candidates` order.
pub(super) fn features(
    searcher: &Searcher,
    fields: &Fields,
    candidates: &[DocAddress],
    query: &QueryEvidence<'_>,
) -> Result<Vec<Features>, SearchError> {
    // Without a sequence no run is looked for.
    let sequence = if query.every_figure { query.sequence } else { &[] };
    let evidence = |field| rerank::field_evidence(searcher, field, candidates, query.window_terms, sequence);
    let title = if query.every_figure {
        evidence(fields.title.folded)?
    } else {
        vec![FieldEvidence::default(); candidates.len()]
    };
    let lead = evidence(fields.lead.folded)?;
    let body = evidence(fields.body.folded)?;
    let bm25 = rescore::bm25(searcher, candidates, query.scored_terms)?;
    let best = bm25.iter().copied().fold(0.0f32, f32::max);
    let words = query.sequence.len().max(1) as f32;
    let run = |e: &FieldEvidence| e.run as f32 / words;
    let figures = title.iter().zip(&lead).zip(&body).zip(&bm25).map(|(((title, lead), body), bm25)| Features {
        bm25: if best > 0.0 { bm25 / best } else { 0.0 },
        window: rerank::window_coverage(&[lead, body]),
        title_cover: title.whole,
        title_run: run(title),
        title_phrase: if query.sequence.len() >= 2 && title.run as usize >= query.sequence.len() { 1.0 } else { 0.0 },
        lead_cover: lead.whole,
        lead_run: run(lead),
        body_run: run(body),
    });
    Ok(figures.collect())
}
