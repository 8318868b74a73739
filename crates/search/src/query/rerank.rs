//! Second look at the best candidates: how close together the query's words sit.
//!
//! A reader's question is usually answered by one sentence or two, so the article that holds
//! most of the question's rare words within a few lines beats one that scatters them over ten
//! paragraphs. BM25 cannot see that; this pass adds, for each of the first candidates, the
//! weight of the best short window of its lead or body.

use std::collections::HashMap;

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, TantivyError, Term};

use crate::index::SearchError;

/// The windows looked at, in positions, and what one holding every query word adds, as a share
/// of the best candidate's BM25 score: about two sentences of news prose, and a short clause.
/// The clause window was added after the sentence one (dev MRR@10 as typed 0.689 → 0.691, without
/// marks 0.684 → 0.689; a whole-document window lost 0.006, one of 80 words 0.002).
pub(super) const WINDOWS: [(u32, f32); 2] = [(30, 1.0), (10, 0.6)];
/// Rarity counts, but less than in BM25: the square root of idf keeps one rare name from
/// outweighing the rest of the question.
pub(super) const IDF_POWER: f32 = 0.5;
/// Two query words found side by side, in order, count this share of their own weights again.
pub(super) const PAIR_WEIGHT: f32 = 0.5;

/// A distinct query word and how much finding it counts.
#[derive(Debug, Clone)]
pub(super) struct WindowTerm {
    pub folded: String,
    pub weight: f32,
    /// For a pair of neighbouring query words: the indexes of the two words, found when the
    /// second follows the first directly.
    pub pair: Option<(usize, usize)>,
}

/// The rarer a word, the more it says: BM25's idf over the body field.
pub(super) fn idf(searcher: &Searcher, field: Field, folded: &str) -> f32 {
    let frequency = searcher.doc_freq(&Term::from_field_text(field, folded)).unwrap_or(0) as f32;
    bm25_idf(frequency, searcher.num_docs() as f32)
}

/// What one field of a candidate holds of the query.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct FieldEvidence {
    /// For each of [`WINDOWS`], the best window's weight as a share of all the terms' weight.
    pub windows: [f32; WINDOWS.len()],
    /// The weight found anywhere in the field, as a share of all the terms' weight.
    pub whole: f32,
    /// The longest run of the query's words found in the query's order at consecutive
    /// positions (a reader who copies words from a headline finds them so).
    pub run: u32,
}

/// For each candidate, what `field` holds of `terms`; `sequence` is the query's words in order,
/// each as its index in `terms`.
pub(super) fn field_evidence(
    searcher: &Searcher,
    field: Field,
    candidates: &[DocAddress],
    terms: &[WindowTerm],
    sequence: &[usize],
) -> Result<Vec<FieldEvidence>, SearchError> {
    let total: f32 = terms.iter().map(|t| t.weight).sum();
    let mut evidence = vec![FieldEvidence::default(); candidates.len()];
    if total <= 0.0 {
        return Ok(evidence);
    }
    for (segment, docs) in by_segment(candidates) {
        let reader = searcher.segment_reader(segment);
        let occurrences = occurrences(reader, field, &docs, terms)?;
        for ((_, candidate), mut found) in docs.iter().zip(occurrences) {
            let run = if sequence.is_empty() {
                0
            } else {
                found.sort_unstable();
                longest_run(&found, sequence)
            };
            add_pairs(&mut found, terms);
            found.sort_unstable();
            let out = &mut evidence[*candidate];
            for (w, (window, _)) in WINDOWS.iter().enumerate() {
                out.windows[w] = best_window(&found, terms, *window) / total;
            }
            out.whole = best_window(&found, terms, u32::MAX) / total;
            out.run = run;
        }
    }
    Ok(evidence)
}

/// The windows' evidence of several fields as one figure: per window the best field, times
/// the window's share, summed.
pub(super) fn window_coverage(fields: &[&FieldEvidence]) -> f32 {
    WINDOWS
        .iter()
        .enumerate()
        .map(|(w, (_, share))| fields.iter().map(|f| f.windows[w]).fold(0.0, f32::max) * share)
        .sum()
}

/// The longest run of `sequence` (term indexes in the query's order) found at consecutive
/// positions; `found` holds (position, term) of single words, sorted.
fn longest_run(found: &[(u32, usize)], sequence: &[usize]) -> u32 {
    let at: std::collections::HashSet<(u32, usize)> = found.iter().copied().collect();
    let mut best = 0;
    for (start, _) in sequence.iter().enumerate() {
        for &(position, _) in found.iter().filter(|(_, t)| Some(t) == sequence.get(start)) {
            let length =
                sequence[start..].iter().zip(position..).take_while(|(term, p)| at.contains(&(*p, **term))).count()
                    as u32;
            best = best.max(length);
        }
    }
    best
}

/// BM25's idf, as tantivy computes it.
pub(super) fn bm25_idf(frequency: f32, documents: f32) -> f32 {
    (1.0 + (documents - frequency + 0.5) / (frequency + 0.5)).ln()
}

/// The candidates of each segment as (document, index in `candidates`), in document order:
/// postings are read forwards only.
pub(super) fn by_segment(candidates: &[DocAddress]) -> HashMap<u32, Vec<(u32, usize)>> {
    let mut by_segment: HashMap<u32, Vec<(u32, usize)>> = HashMap::new();
    for (i, address) in candidates.iter().enumerate() {
        by_segment.entry(address.segment_ord).or_default().push((address.doc_id, i));
    }
    by_segment.values_mut().for_each(|docs| docs.sort_unstable());
    by_segment
}

/// Per document (in `docs` order), every (position, term index) of the query's terms.
pub(super) fn occurrences(
    reader: &tantivy::SegmentReader,
    field: Field,
    docs: &[(u32, usize)],
    terms: &[WindowTerm],
) -> Result<Vec<Vec<(u32, usize)>>, SearchError> {
    let inverted = reader.inverted_index(field)?;
    let mut found = vec![Vec::new(); docs.len()];
    let mut positions = Vec::new();
    for (t, term) in terms.iter().enumerate().filter(|(_, t)| t.pair.is_none() && t.weight > 0.0) {
        let key = Term::from_field_text(field, &term.folded);
        let Some(mut postings) =
            inverted.read_postings(&key, IndexRecordOption::WithFreqsAndPositions).map_err(TantivyError::from)?
        else {
            continue;
        };
        for ((doc, _), out) in docs.iter().zip(found.iter_mut()) {
            if postings.doc() == TERMINATED {
                break;
            }
            if postings.doc() <= *doc && postings.seek(*doc) == *doc {
                positions.clear();
                postings.positions(&mut positions);
                out.extend(positions.iter().map(|p| (*p, t)));
            }
        }
    }
    Ok(found)
}

/// Adds an occurrence of each pair term wherever its second word directly follows its first.
fn add_pairs(found: &mut Vec<(u32, usize)>, terms: &[WindowTerm]) {
    let at: std::collections::HashSet<(u32, usize)> = found.iter().copied().collect();
    let mut extra = Vec::new();
    for (k, term) in terms.iter().enumerate() {
        let Some((first, second)) = term.pair else { continue };
        extra.extend(found.iter().filter(|(p, t)| *t == first && at.contains(&(p + 1, second))).map(|(p, _)| (*p, k)));
    }
    found.extend(extra);
}

/// The largest total weight of distinct terms inside `window` consecutive positions; `found`
/// is sorted.
fn best_window(found: &[(u32, usize)], terms: &[WindowTerm], window: u32) -> f32 {
    let mut counts = vec![0u32; terms.len()];
    let (mut sum, mut best, mut left) = (0.0f32, 0.0f32, 0usize);
    for right in 0..found.len() {
        let (position, term) = found[right];
        if counts[term] == 0 {
            sum += terms[term].weight;
        }
        counts[term] += 1;
        while position - found[left].0 >= window {
            let gone = found[left].1;
            counts[gone] -= 1;
            if counts[gone] == 0 {
                sum -= terms[gone].weight;
            }
            left += 1;
        }
        best = best.max(sum);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_terms_weigh_more_than_common_ones() {
        assert!(bm25_idf(1.0, 1000.0) > bm25_idf(100.0, 1000.0));
        assert!(bm25_idf(1000.0, 1000.0) > 0.0);
    }

    fn terms(weights: &[f32]) -> Vec<WindowTerm> {
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| WindowTerm { folded: format!("t{i}"), weight: *w, pair: None })
            .collect()
    }

    #[test]
    fn best_window_counts_each_term_once() {
        let found = vec![(0, 0), (1, 0), (2, 0)];
        assert_eq!(best_window(&found, &terms(&[2.0]), 10), 2.0);
    }

    #[test]
    fn best_window_prefers_terms_close_together() {
        // Terms 0 and 1 far apart, then 1 and 2 close.
        let found = vec![(0, 0), (50, 1), (52, 2)];
        assert_eq!(best_window(&found, &terms(&[5.0, 1.0, 1.0]), 10), 5.0);
        let found = vec![(0, 0), (50, 1), (52, 2), (55, 0)];
        assert_eq!(best_window(&found, &terms(&[5.0, 1.0, 1.0]), 10), 7.0);
    }

    #[test]
    fn longest_run_follows_the_query_order() {
        // Query "a b c" = terms 0 1 2; the field holds "b c x a b".
        let found = vec![(0, 1), (1, 2), (3, 0), (4, 1)];
        assert_eq!(longest_run(&found, &[0, 1, 2]), 2);
        // "c b" in the field is not "b c".
        assert_eq!(longest_run(&[(0, 2), (1, 1)], &[0, 1, 2]), 1);
        assert_eq!(longest_run(&[], &[0, 1]), 0);
        // A repeated query word ("a a b") can match once per position.
        assert_eq!(longest_run(&[(5, 0), (6, 0), (7, 1)], &[0, 0, 1]), 3);
    }

    #[test]
    fn best_window_is_zero_without_terms() {
        assert_eq!(best_window(&[], &terms(&[1.0]), 10), 0.0);
    }
}
