//! From what a reader typed to ranked article ids.
//!
//! Every word is looked for in its folded form (title, lead, body), neighbouring words also as
//! folded pairs, and — only when the reader typed marks, or a repair produced them — in its
//! exact form too. An ASCII word that the index does not know (or knows far less than its
//! repair) is read as Telex or VNI keystrokes, keeping the typed word as a weaker alternative.
//! Text in double quotes must also appear as a phrase. No character is syntax: nothing a reader
//! types can make the query fail.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
pub use collect::KindTotals;
pub use features::{FEATURES, Features, QueryShape};
pub use model::is_keyword_query;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};
use vn::analysis::{Word, pair, words};

use crate::index::{SearchError, SearchIndex};
use crate::schema::{Fields, TextFields};

/// Question words and the commonest function words: readers ask "… có tác dụng gì?", and these
/// words say nothing about which article answers. They still count, a little. Folded, they also
/// stand for content words a health or news question is about — "đau", "đầu" and "dầu" fold to
/// "dau" like "đâu", "não" to "nao", "da" (skin) like "đã", "cơ thể" like "có thể", "máy" like
/// "mấy" — so a reader who typed marks is taken at their word (dev MRR@10 as typed 0.702 → 0.707);
/// without marks nothing can tell them apart and [`QUESTION_WORDS_FOLDED`] is matched instead.
const QUESTION_WORDS: &[&str] = &[
    "gì", "nào", "sao", "ai", "đâu", "bao", "nhiêu", "thế", "như", "là", "có", "không", "những", "nhưng", "các", "của",
    "được", "mấy", "vì", "tại", "khi", "lúc", "đã", "và", "cho", "với", "trong", "một", "người", "bị", "để", "ở", "về",
    "thì",
];

/// [`QUESTION_WORDS`] folded, made once.
static QUESTION_WORDS_FOLDED: LazyLock<Vec<String>> =
    LazyLock::new(|| QUESTION_WORDS.iter().flat_map(|w| words(w)).map(|w| w.folded).collect());

/// How much a question word counts beside a content word (0.5: −0.002 as typed, −0.003 without
/// marks; 0.25 and 0.35 within 0.001 of this).
const QUESTION_WORD_WEIGHT: f32 = 0.3;
/// A capitalised word after the first is part of a name ("Hiếu", "Bộ Y tế", "sao Hỏa"): the
/// question is about that person or body, and a name's syllables are often common words
/// (dev MRR@10 +0.004 as typed, +0.003 without marks; 1.25 and 2 within 0.001).
const NAME_WEIGHT: f32 = 1.5;
/// A number ("32 tuổi", "ngày 16/12", "600 g") pins a question to one story (+0.001–0.002; 1.5
/// and 3 the same).
const NUMBER_WEIGHT: f32 = 2.0;

/// How much a query word counts. `sentence_start`: the word opens the query and its capital
/// says nothing; `marked_query`: the reader typed marks somewhere in the query.
fn word_weight(word: &Word, sentence_start: bool, marked_query: bool) -> f32 {
    if word.folded.chars().any(|c| c.is_ascii_digit()) {
        NUMBER_WEIGHT
    } else if word.capitalized && !sentence_start {
        NAME_WEIGHT
    } else if is_question_word(word, marked_query) {
        QUESTION_WORD_WEIGHT
    } else {
        1.0
    }
}

/// Sets every query word's weight, once the Telex/VNI repairs are known.
fn weigh(query_words: &mut [QueryWord]) {
    let marked_query = query_words.iter().any(|w| w.marks);
    // A capital opens the question; two in a row are a name there too ("Bộ Y tế cho biết…").
    let opens_with_name = query_words.get(1).is_some_and(|w| w.main.capitalized);
    for (i, word) in query_words.iter_mut().enumerate() {
        word.weight = word_weight(&word.main, i == 0 && !opens_with_name, marked_query);
    }
}

fn is_question_word(word: &Word, marked_query: bool) -> bool {
    if marked_query {
        QUESTION_WORDS.contains(&word.exact.as_str())
    } else {
        QUESTION_WORDS_FOLDED.contains(&word.folded)
    }
}

/// How much each field and form counts. Tuned on the dev questions only (see `toasoan eval-search`).
#[derive(Debug, Clone, Copy)]
struct Weights {
    folded: f32,
    pairs: f32,
    exact: f32,
}

///
/// Measured on the dev questions (MRR@10, as typed): body folded alone 0.396; + pairs ×0.5 0.651;
/// pairs ×0.7 and exact ×0.5 0.656; question words ×0.5 0.663. Titles hurt in proportion to their
/// weight (title ×1: 0.286, ×0.3: 0.600, ×0.1: 0.653) because half the corpus stores title and
/// lead together as its "title"; a small weight keeps titles useful for our own short titles.
/// Word triples, pairs one word apart and sloppy phrases were tried and lost 0.003–0.04, so they
/// are not indexed. Proximity pays as a second pass instead ([`rerank`]): 0.661 → 0.689, with
/// body pairs back at ×0.5 (×0.7 was best without the second pass). Scoring the candidates
/// again with full length normalisation ([`rescore`]): 0.691 → 0.697; with it, every weight here
/// and in [`rerank`] was swept again and stayed within ±0.002.
const TITLE: Weights = Weights { folded: 0.1, pairs: 0.1, exact: 0.05 };
const LEAD: Weights = Weights { folded: 1.0, pairs: 0.5, exact: 0.5 };
const BODY: Weights = Weights { folded: 1.0, pairs: 0.5, exact: 0.5 };
/// The typed word beside its Telex/VNI repair.
const ORIGINAL_BESIDE_REPAIR: f32 = 0.3;
/// A typed word is read as keystrokes when the repair is this many times more frequent.
const REPAIR_FREQUENCY_RATIO: u64 = 50;
/// How many BM25 candidates the second pass scores again (30: −0.002, 100: ±0).
const RERANK_DEPTH: usize = 50;
/// Words of a query beyond this are ignored (the page says so).
pub const MAX_QUERY_WORDS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

/// The two kinds of document the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    /// A page of a print issue's PDF.
    PrintPage,
    Video,
}

impl Kind {
    fn code(self) -> u64 {
        match self {
            Kind::Article => crate::schema::KIND_ARTICLE,
            Kind::PrintPage => crate::schema::KIND_PRINT_PAGE,
            Kind::Video => crate::schema::KIND_VIDEO,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub text: String,
    /// Only this kind of document (both when `None`).
    pub kind: Option<Kind>,
    /// Articles in any of these categories (a parent's id covers its children).
    pub categories: Vec<i64>,
    /// Pages of this print issue only ("Tìm trong số này").
    pub issue: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Article(i64),
    PrintPage { issue: i64, page: i64 },
    Video(i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub found: Found,
    pub score: f32,
}

impl Hit {
    /// The article's id, when the hit is an article.
    pub fn article(&self) -> Option<i64> {
        match self.found {
            Found::Article(id) => Some(id),
            Found::PrintPage { .. } | Found::Video(_) => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchResponse {
    /// Matches of the requested kind.
    pub total: usize,
    /// Matches of each kind, whichever was requested.
    pub totals: KindTotals,
    pub hits: Vec<Hit>,
    /// The query as understood after Telex/VNI repair, when a repair happened.
    pub repaired: Option<String>,
    /// Folded words to highlight in titles and snippets.
    pub highlight: Vec<String>,
    /// Whether words past [`MAX_QUERY_WORDS`] were dropped.
    pub truncated: bool,
}

/// A query, read.
struct Prepared {
    words: Vec<QueryWord>,
    scored_terms: Vec<rescore::ScoredTerm>,
    /// Text in double quotes, which must appear as a phrase.
    phrases: Vec<String>,
    /// Whether words past [`MAX_QUERY_WORDS`] were dropped.
    truncated: bool,
    /// Whether the reader ended a sentence with "?".
    question_mark: bool,
}

/// A query word as searched: its main form and, after a repair, the typed form too.
struct QueryWord {
    main: Word,
    typed: Option<Word>,
    marks: bool,
    /// How much the word counts ([`word_weight`]).
    weight: f32,
}

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let searcher = self.searcher();
        let prepared = self.prepare(&searcher, &request.text);
        let truncated = prepared.truncated;
        let query_words = &prepared.words;
        if query_words.is_empty() || request.limit == 0 {
            return Ok(SearchResponse { truncated, ..SearchResponse::default() });
        }
        let repaired = query_words
            .iter()
            .any(|w| w.typed.is_some())
            .then(|| query_words.iter().map(|w| w.main.exact.as_str()).collect::<Vec<_>>().join(" "));
        let highlight = query_words.iter().map(|w| w.main.folded.clone()).collect();
        let (totals, hits) = match request.sort {
            Sort::Relevance if request.offset + request.limit <= RERANK_DEPTH => {
                let (totals, mut ranked) = self.rank(&searcher, &prepared, request, false)?;
                ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
                let page = ranked.into_iter().skip(request.offset).take(request.limit).map(|r| (r.score, r.address));
                (totals, self.hits(&searcher, page.collect())?.into_iter().map(|(_, hit)| hit).collect())
            }
            _ => self.collect(&searcher, &*self.build(&prepared.scored_terms, &prepared.phrases, request), request)?,
        };
        Ok(SearchResponse { total: totals.of(request.kind), totals, hits, repaired, highlight, truncated })
    }

    /// Every candidate of the second pass with its figures, unordered, and the query's shape:
    /// what `bench/train-ranker.sh` learns the model's weights from.
    pub fn explain(&self, request: &SearchRequest) -> Result<(QueryShape, Vec<(Hit, Features)>), SearchError> {
        let searcher = self.searcher();
        let prepared = self.prepare(&searcher, &request.text);
        if prepared.words.is_empty() {
            return Ok((QueryShape::default(), Vec::new()));
        }
        let (_, ranked) = self.rank(&searcher, &prepared, request, true)?;
        let figures: HashMap<DocAddress, Features> = ranked.iter().map(|r| (r.address, r.features)).collect();
        let hits = self.hits(&searcher, ranked.iter().map(|r| (r.score, r.address)).collect())?;
        let explained = hits.into_iter().filter_map(|(address, hit)| Some((hit, *figures.get(&address)?))).collect();
        Ok((features::shape(&prepared.words, prepared.question_mark), explained))
    }

    /// The query's words, read and weighed, and the terms the first pass adds up.
    fn prepare(&self, searcher: &Searcher, text: &str) -> Prepared {
        let (segments, phrases) = split_phrases(text);
        let mut analysed: Vec<Word> = segments.iter().flat_map(|s| words(s)).collect();
        let truncated = analysed.len() > MAX_QUERY_WORDS;
        analysed.truncate(MAX_QUERY_WORDS);
        let mut query_words: Vec<QueryWord> = analysed.into_iter().map(|w| self.interpret(searcher, w)).collect();
        weigh(&mut query_words);
        let scored_terms = self.scored_terms(&query_words);
        Prepared { words: query_words, scored_terms, phrases, truncated, question_mark: text.contains('?') }
    }

    /// Decides whether a typed ASCII word is really Telex or VNI keystrokes.
    fn interpret(&self, searcher: &Searcher, word: Word) -> QueryWord {
        if word.has_marks() || !word.exact.is_ascii() {
            return QueryWord { marks: word.has_marks(), main: word, typed: None, weight: 1.0 };
        }
        let known = self.frequency(searcher, &word.folded);
        let repair = [vn::telex::from_telex(&word.exact), vn::telex::from_vni(&word.exact)]
            .into_iter()
            .flatten()
            .filter_map(|r| words(&r).into_iter().next())
            .map(|r| (self.frequency(searcher, &r.folded), r))
            .filter(|(frequency, _)| *frequency > 0 && (known == 0 || known * REPAIR_FREQUENCY_RATIO < *frequency))
            .max_by_key(|(frequency, _)| *frequency);
        match repair {
            Some((_, mut repaired)) => {
                repaired.follows_closely = word.follows_closely;
                repaired.capitalized = word.capitalized;
                QueryWord { main: repaired, typed: Some(word), marks: true, weight: 1.0 }
            }
            None => QueryWord { main: word, typed: None, marks: false, weight: 1.0 },
        }
    }

    fn frequency(&self, searcher: &Searcher, folded: &str) -> u64 {
        [self.fields.body.folded, self.fields.title.folded]
            .iter()
            .map(|f| searcher.doc_freq(&Term::from_field_text(*f, folded)).unwrap_or(0))
            .sum()
    }

    /// Every weighted term the first pass adds up: each word folded (and exact where the reader
    /// typed marks, and as typed beside a repair), neighbouring words as folded pairs, in the
    /// title, the lead and the body.
    fn scored_terms(&self, query_words: &[QueryWord]) -> Vec<rescore::ScoredTerm> {
        let fields = &self.fields;
        let mut terms = Vec::new();
        let mut add = |field: Field, text: &str, boost: f32, gathers: bool| {
            terms.push(rescore::ScoredTerm { field, text: text.to_owned(), boost, gathers });
        };
        for (text_fields, weights) in [(fields.title, TITLE), (fields.lead, LEAD), (fields.body, BODY)] {
            for (i, word) in query_words.iter().enumerate() {
                let q = word.weight;
                let content = q >= 1.0;
                add(text_fields.folded, &word.main.folded, weights.folded * q, content);
                if word.marks {
                    add(text_fields.exact, &word.main.exact, weights.exact * q, content);
                }
                if let Some(typed) = &word.typed {
                    add(text_fields.folded, &typed.folded, weights.folded * ORIGINAL_BESIDE_REPAIR, content);
                }
                if let Some(previous) = i.checked_sub(1).and_then(|p| query_words.get(p))
                    && word.main.follows_closely
                {
                    // A pair counts in full when either word is a content word ("đau đầu" is not
                    // two question words); two question words ("là gì") neither count much nor
                    // gather (dev MRR@10 +0.001 without marks, the same as typed).
                    let content = content || previous.weight >= 1.0;
                    let q = if content { 1.0 } else { QUESTION_WORD_WEIGHT };
                    add(text_fields.pairs, &pair(&previous.main.folded, &word.main.folded), weights.pairs * q, content);
                }
            }
        }
        terms
    }

    /// The first pass: the terms that gather (all of them when the reader typed only question
    /// words), every quoted phrase, the filters.
    fn build(&self, terms: &[rescore::ScoredTerm], phrases: &[String], request: &SearchRequest) -> Box<dyn Query> {
        let fields = &self.fields;
        let selective = terms.iter().any(|t| t.gathers);
        let should =
            terms.iter().filter(|t| t.gathers || !selective).map(|t| term(t.field, &t.text, t.boost)).collect();
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(should)))];
        must.extend(phrases.iter().filter_map(|p| phrase(fields, p)).map(|q| (Occur::Must, q)));
        must.extend(filters(fields, request).into_iter().map(|q| (Occur::Must, q)));
        Box::new(BooleanQuery::new(must))
    }
}

impl SearchIndex {
    /// The query's distinct folded words, weighted by rarity (and less for question words), then
    /// its pairs of neighbouring words; and the query's words in order, as indexes of the first.
    fn window_terms(&self, searcher: &Searcher, query_words: &[QueryWord]) -> (Vec<rerank::WindowTerm>, Vec<usize>) {
        let mut terms: Vec<rerank::WindowTerm> = Vec::new();
        let mut index_of = Vec::with_capacity(query_words.len());
        for word in query_words {
            if let Some(i) = terms.iter().position(|t| t.folded == word.main.folded) {
                index_of.push(i);
                continue;
            }
            let idf = rerank::idf(searcher, self.fields.body.folded, &word.main.folded);
            let weight = idf.powf(rerank::IDF_POWER) * word.weight;
            index_of.push(terms.len());
            terms.push(rerank::WindowTerm { folded: word.main.folded.clone(), weight, pair: None });
        }
        let neighbours = index_of.windows(2).zip(query_words.iter().skip(1)).filter(|(_, w)| w.main.follows_closely);
        let pairs: Vec<rerank::WindowTerm> = neighbours
            .filter_map(|(ab, _)| {
                let (a, b) = (*ab.first()?, *ab.get(1)?);
                let weight = rerank::PAIR_WEIGHT * (terms.get(a)?.weight + terms.get(b)?.weight) / 2.0;
                Some(rerank::WindowTerm { folded: String::new(), weight, pair: Some((a, b)) })
            })
            .collect();
        terms.extend(pairs);
        (terms, index_of)
    }
}

fn term(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
    (Occur::Should, Box::new(BoostQuery::new(Box::new(query), boost)))
}

/// A quoted phrase must appear, folded, in the title, the lead or the body.
fn phrase(fields: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let folded: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
    if folded.len() < 2 {
        return None;
    }
    let in_field = |f: &TextFields| -> (Occur, Box<dyn Query>) {
        let terms = folded.iter().map(|w| Term::from_field_text(f.folded, w)).collect();
        (Occur::Should, Box::new(PhraseQuery::new(terms)))
    };
    Some(Box::new(BooleanQuery::new(vec![in_field(&fields.title), in_field(&fields.lead), in_field(&fields.body)])))
}

fn filters(fields: &Fields, request: &SearchRequest) -> Vec<Box<dyn Query>> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    if let Some(issue) = request.issue {
        let term = Term::from_field_u64(fields.issue, issue as u64);
        out.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
    }
    if !request.categories.is_empty() {
        let any = request
            .categories
            .iter()
            .map(|id| -> (Occur, Box<dyn Query>) {
                let term = Term::from_field_u64(fields.category, *id as u64);
                (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
            })
            .collect();
        out.push(Box::new(BooleanQuery::new(any)));
    }
    if request.from.is_some() || request.to.is_some() {
        let bound = |t: Option<DateTime<Utc>>, inclusive: bool| match t {
            Some(t) if inclusive => Bound::Included(Term::from_field_i64(fields.published, t.timestamp())),
            Some(t) => Bound::Excluded(Term::from_field_i64(fields.published, t.timestamp())),
            None => Bound::Unbounded,
        };
        out.push(Box::new(RangeQuery::new(bound(request.from, true), bound(request.to, false))));
    }
    out
}

/// Splits text into free segments and "quoted phrases"; an unclosed quote is just text.
fn split_phrases(text: &str) -> (Vec<String>, Vec<String>) {
    let parts: Vec<&str> = text.split('"').collect();
    let closed = parts.len() % 2 == 1;
    let mut segments = Vec::new();
    let mut phrases = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let is_phrase = i % 2 == 1 && (closed || i + 1 < parts.len());
        if is_phrase {
            phrases.push((*part).to_owned());
        }
        segments.push((*part).to_owned());
    }
    (segments, phrases)
}

mod collect;
mod features;
#[cfg(test)]
mod headline_tests;
mod model;
mod model_weights;
mod rerank;
mod rescore;
mod suggest;
#[cfg(test)]
mod tests;
