//! BM25 again over the first candidates, with full length normalisation.
//!
//! tantivy scores with BM25's usual constants (k1 = 1.2, b = 0.75) and offers no way to change
//! them. On the dev questions a long article that mentions the question's words here and there
//! beats the short one written about them too often with b = 0.75; normalising for length in
//! full (b = 1) ranks better (MRR@10 as typed 0.691 → 0.697 with tantivy patched to b = 1 for
//! the measurement). So the first pass only gathers candidates, and this pass scores them again
//! from the same postings and field lengths with [`B`].

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, TantivyError, Term};

use crate::index::SearchError;

/// Term-frequency saturation: BM25's usual value (1.0 and 1.4 measured the same).
pub(super) const K1: f32 = 1.2;
/// Length normalisation: in full (0.9 lost 0.002, tantivy's 0.75 lost 0.006).
pub(super) const B: f32 = 1.0;

/// One weighted term of the query, as the first pass adds it up.
#[derive(Debug, Clone)]
pub(super) struct ScoredTerm {
    pub field: Field,
    pub text: String,
    pub boost: f32,
    /// Whether the first pass gathers candidates by it. A question word alone ("là", "có", "gì")
    /// is in most articles: gathering by it made the first pass walk nearly the whole index for
    /// candidates it rarely decides (dev questions: 20 % less time, MRR@10 −0.001). It still
    /// counts here, for the candidates; a pair holding one still gathers.
    pub gathers: bool,
}

/// What the collection says about a field: its documents and their average length.
struct FieldStatistics {
    documents: f32,
    average_length: f32,
}

/// Each candidate's BM25 score over `terms` with [`K1`] and [`B`], in `candidates` order.
pub(super) fn bm25(
    searcher: &Searcher,
    candidates: &[DocAddress],
    terms: &[ScoredTerm],
) -> Result<Vec<f32>, SearchError> {
    let mut scores = vec![0.0f32; candidates.len()];
    let mut statistics: HashMap<Field, FieldStatistics> = HashMap::new();
    let by_segment = super::rerank::by_segment(candidates);
    for term in terms.iter().filter(|t| t.boost > 0.0) {
        let stats = match statistics.entry(term.field) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(field_statistics(searcher, term.field)?),
        };
        let key = Term::from_field_text(term.field, &term.text);
        let weight =
            term.boost * super::rerank::bm25_idf(searcher.doc_freq(&key)? as f32, stats.documents) * (K1 + 1.0);
        if weight <= 0.0 {
            continue;
        }
        for (segment, docs) in &by_segment {
            let reader = searcher.segment_reader(*segment);
            let lengths = reader.get_fieldnorms_reader(term.field)?;
            let inverted = reader.inverted_index(term.field)?;
            let Some(mut postings) =
                inverted.read_postings(&key, IndexRecordOption::WithFreqs).map_err(TantivyError::from)?
            else {
                continue;
            };
            for (doc, candidate) in docs.iter() {
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() <= *doc && postings.seek(*doc) == *doc {
                    let frequency = postings.term_freq() as f32;
                    let length = lengths.fieldnorm(*doc) as f32 / stats.average_length.max(f32::MIN_POSITIVE);
                    scores[*candidate] += weight * frequency / (frequency + K1 * (1.0 - B + B * length));
                }
            }
        }
    }
    Ok(scores)
}

/// As tantivy counts them: every document slot of every segment, and the field's tokens.
fn field_statistics(searcher: &Searcher, field: Field) -> Result<FieldStatistics, SearchError> {
    let mut documents = 0u64;
    let mut tokens = 0u64;
    for reader in searcher.segment_readers() {
        documents += u64::from(reader.max_doc());
        tokens += reader.inverted_index(field)?.total_num_tokens();
    }
    let average_length = if documents == 0 { 0.0 } else { tokens as f32 / documents as f32 };
    Ok(FieldStatistics { documents: documents as f32, average_length })
}
