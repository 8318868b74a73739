//! The second pass's ranking model: a weighted sum of a candidate's [`Features`], with one set
//! of weights for questions and one for keyword queries.
//!
//! The weights come from `bench/train-ranker.sh` (features of the dev questions and dev keyword
//! queries, all five typings, cross-validated with articles split between folds); see
//! ARCHITECTURE.md, "Search".

use super::features::{FEATURES, Features, QueryShape};
use super::model_weights::{KEYWORDS, QUESTION};
/// A query of more words than this reads as a question even without a question word.
const KEYWORD_WORDS: usize = 6;

/// Whether the keyword weights apply.
pub fn is_keyword_query(shape: QueryShape) -> bool {
    !shape.asks && shape.words <= KEYWORD_WORDS
}

/// The weights for a query of this shape.
pub(super) fn weights(shape: QueryShape) -> &'static [f32; FEATURES] {
    if is_keyword_query(shape) { &KEYWORDS } else { &QUESTION }
}

pub(super) fn score(features: &Features, weights: &[f32; FEATURES]) -> f32 {
    features.to_array().iter().zip(weights).map(|(f, w)| f * w).sum()
}
