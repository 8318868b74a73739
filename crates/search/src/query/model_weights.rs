//! Written by `bench/train_ranker.py` (run through `bench/train-ranker.sh`); do not edit by hand.
//! Figures, in order: bm25, window, title_cover, title_run, title_phrase, lead_cover, lead_run, body_run.

use super::features::FEATURES;

/// Weights for a question.
pub(super) const QUESTION: [f32; FEATURES] = [1.00, 1.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00];
/// Weights for a few words remembered from a headline or a name.
pub(super) const KEYWORDS: [f32; FEATURES] = [1.00, 0.50, 3.15, 5.15, 0.10, 0.00, 0.00, 0.05];
