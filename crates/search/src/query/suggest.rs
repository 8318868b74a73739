//! Suggestions while the reader types: headlines that hold every typed word, the last one
//! perhaps unfinished, ordered so that a headline opening with the typed words comes first,
//! then one holding them side by side in order, then the rest; newest first within each.
//!
//! Readers start typing a headline from its first words ("phạt 12 tr…"); newest first alone
//! buried it under newer titles that merely hold the same common words somewhere.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, TantivyError, Term};
use vn::analysis::words;

use super::rerank::{self, WindowTerm};
use super::{Hit, Kind, MAX_QUERY_WORDS, SearchRequest, Sort};
use crate::index::{SearchError, SearchIndex};

/// How many matching titles, newest first, are ordered by where the typed words sit.
const CANDIDATES: usize = 1000;
/// How many of the index's words an unfinished last word may stand for when placing it.
const PREFIX_TERMS: usize = 64;

impl SearchIndex {
    /// Article ids whose titles match what the reader is typing, best first.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Vec<i64>, SearchError> {
        let mut analysed = words(text);
        // Bounded like a search: each word is a clause of the query.
        analysed.truncate(MAX_QUERY_WORDS);
        let Some((last, complete)) = analysed.split_last() else { return Ok(Vec::new()) };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let field = self.fields.title.folded;
        let complete: Vec<String> = complete.iter().map(|w| w.folded.clone()).collect();
        let query = title_query(field, &complete, &last.folded);
        let request =
            SearchRequest { sort: Sort::Newest, limit: CANDIDATES, kind: Some(Kind::Article), ..Default::default() };
        let searcher = self.searcher();
        let (_, newest) = self.collect_addressed(&searcher, &query, &request)?;
        let addresses: Vec<DocAddress> = newest.iter().map(|(a, _)| *a).collect();
        let places = placements(&searcher, field, &addresses, &complete, &last.folded)?;
        let mut ranked: Vec<(Placement, &Hit)> = places.into_iter().zip(newest.iter().map(|(_, h)| h)).collect();
        // Stable: newest first within each placement.
        ranked.sort_by_key(|(placement, _)| std::cmp::Reverse(*placement));
        Ok(ranked.into_iter().filter_map(|(_, hit)| hit.article()).take(limit).collect())
    }
}

/// Every complete word in the title, and a word starting with `prefix`.
fn title_query(field: Field, complete: &[String], prefix: &str) -> BooleanQuery {
    let mut must: Vec<(Occur, Box<dyn Query>)> = complete
        .iter()
        .map(|w| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::Basic)))
        })
        .collect();
    let range = RangeQuery::new(
        Bound::Included(Term::from_field_text(field, prefix)),
        Bound::Excluded(Term::from_field_text(field, &prefix_end(prefix))),
    );
    must.push((Occur::Must, Box::new(range)));
    BooleanQuery::new(must)
}

/// The first string after every string starting with `prefix`.
fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_owned();
    end.push(char::MAX);
    end
}

/// Where the typed words sit in a title; greater is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Placement {
    Apart,
    SideBySide,
    Opening,
}

/// For each candidate, where the typed words sit in its title.
fn placements(
    searcher: &Searcher,
    field: Field,
    candidates: &[DocAddress],
    complete: &[String],
    prefix: &str,
) -> Result<Vec<Placement>, SearchError> {
    // Slot i < complete.len() is complete word i; every word the prefix may stand for is the
    // last slot.
    let mut terms: Vec<WindowTerm> =
        complete.iter().map(|w| WindowTerm { folded: w.clone(), weight: 1.0, pair: None }).collect();
    let last_slot = terms.len();
    terms.extend(prefix_terms(searcher, field, prefix)?.into_iter().map(|folded| WindowTerm {
        folded,
        weight: 1.0,
        pair: None,
    }));
    let mut placements = vec![Placement::Apart; candidates.len()];
    for (segment, docs) in rerank::by_segment(candidates) {
        let found = rerank::occurrences(searcher.segment_reader(segment), field, &docs, &terms)?;
        for ((_, candidate), occurrences) in docs.iter().zip(found) {
            let at: HashSet<(u32, usize)> = occurrences.iter().map(|(p, t)| (*p, (*t).min(last_slot))).collect();
            let starts_at = |start: u32| (0..=last_slot).all(|slot| at.contains(&(start + slot as u32, slot)));
            placements[*candidate] = if starts_at(0) {
                Placement::Opening
            } else if occurrences.iter().any(|(p, t)| *t.min(&last_slot) == 0 && starts_at(*p)) {
                Placement::SideBySide
            } else {
                Placement::Apart
            };
        }
    }
    Ok(placements)
}

/// The index's title words starting with `prefix`, at most [`PREFIX_TERMS`] (in order), over
/// every segment.
fn prefix_terms(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<String>, SearchError> {
    let mut found: Vec<String> = Vec::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(prefix_end(prefix).as_bytes())
            .into_stream()
            .map_err(TantivyError::from)?;
        let mut taken = 0;
        while taken < PREFIX_TERMS && stream.advance() {
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                found.push(word.to_owned());
            }
            taken += 1;
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}
