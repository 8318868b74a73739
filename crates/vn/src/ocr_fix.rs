//! Correcting what OCR reads wrong in Vietnamese: a mark lost, added or mistaken (`bác` read
//! `bắc`, `để` read `đế`, `người` read `nguòi`). Such a word has the right letters and wrong
//! marks, so each word is weighed against every word spelled with the same letters, in its
//! context: how often the candidate follows the word before it and precedes the word after it
//! (a noisy-channel choice over the statistics in [`model`]). The word as read is kept unless a
//! candidate is far likelier there — e⁶ (about 400) times for a word the OCR engine itself
//! doubted (confidence under 90), e¹² for one it was sure of or whose confidence is unknown —
//! because OCR is right far more often than not, and a sure reading of a rarer word (`nhịn`,
//! `bùn`) is usually right; a word that is no syllable at all, or unknown, loses to any known
//! syllable.
//!
//! Measured by `bench/ocr.sh` on generated scans of other texts (health news) than the
//! statistics (VNTC): see bench/README.md. The penalties were tuned on scans of the corpus's
//! last 300 articles (clean, worn, aged) and confirmed on scans of two other sets of articles.

pub mod model;

use std::sync::OnceLock;

use model::Model;

/// How much likelier (as a natural logarithm) a candidate must be to replace a word the engine
/// doubted, and one it was sure of.
const KEEP_DOUBTED: f64 = 6.0;
const KEEP_SURE: f64 = 12.0;
/// Tesseract's word confidence (0–100) under which a word counts as doubted.
const DOUBTED_BELOW: f32 = 90.0;

static MODEL_BYTES: &[u8] = include_bytes!("../data/ocr-model.bin");

/// The statistics shipped with the crate, decoded on first use (about 5 MB in memory).
pub fn shipped_model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::decode(MODEL_BYTES)).as_ref()
}

/// OCR text with its marks corrected, and how many words were changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    pub text: String,
    pub changed: usize,
}

/// Corrects `text` (NFC) with the shipped statistics; as it was if they cannot be read.
/// `confidences` are the engine's, one per word (run of letters, see [`word_count`]) in order;
/// a word without one counts as sure.
pub fn correct(text: &str, confidences: &[f32]) -> Corrected {
    match shipped_model() {
        Some(model) => correct_with(model, text, confidences),
        None => Corrected { text: text.to_owned(), changed: 0 },
    }
}

/// How many words (runs of letters) `text` holds: `TP.HCM` two, `“Khi` one.
pub fn word_count(text: &str) -> usize {
    tokens(text).iter().filter(|t| t.is_word).count()
}

/// Corrects `text` with `model`: every run of letters is a word; a word's neighbours are the
/// words next to it with only spaces between (punctuation and digits break the context).
pub fn correct_with(model: &Model, text: &str, confidences: &[f32]) -> Corrected {
    let tokens = tokens(text);
    let lower: Vec<Option<String>> = tokens.iter().map(|t| t.is_word.then(|| t.text.to_lowercase())).collect();
    let context = |at: Option<usize>| at.and_then(|i| lower.get(i)?.as_deref().and_then(|w| model.find(w)));
    let mut out = String::with_capacity(text.len());
    let (mut changed, mut words) = (0, 0);
    for (i, token) in tokens.iter().enumerate() {
        let read = lower.get(i).and_then(Option::as_deref);
        let doubted = read.is_some() && confidences.get(words).is_some_and(|&c| c < DOUBTED_BELOW);
        words += usize::from(read.is_some());
        let keep = if doubted { KEEP_DOUBTED } else { KEEP_SURE };
        let before = neighbour(&tokens, i, false);
        let after = neighbour(&tokens, i, true);
        match read.and_then(|word| better_word(model, word, context(before), context(after), keep)) {
            Some(better) => {
                out.push_str(&same_case(token.text, better));
                changed += 1;
            }
            None => out.push_str(token.text),
        }
    }
    Corrected { text: out, changed }
}

/// The candidate that beats `read` in its context by more than `keep`, if any.
fn better_word<'m>(
    model: &'m Model,
    read: &str,
    before: Option<u32>,
    after: Option<u32>,
    keep: f64,
) -> Option<&'m str> {
    let candidates = model.same_letters(&crate::fold(read));
    if candidates.is_empty() {
        return None;
    }
    let score = |id: Option<u32>| {
        model.log_follows(before, id) + if after.is_some() { model.log_follows(id, after) } else { 0.0 }
    };
    let as_read = model.find(read);
    let mut best = (score(as_read) + keep, None);
    for &id in candidates.iter().filter(|&&id| Some(id) != as_read) {
        let value = score(Some(id));
        if value > best.0 {
            best = (value, Some(id));
        }
    }
    best.1.map(|id| model.word(id))
}

/// The candidate written in the case of the word read: `KHÍ` → `KHI`, `Khí` → `Khi`.
fn same_case(read: &str, better: &str) -> String {
    let mut letters = read.chars();
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let all_upper = first_upper && read.chars().count() > 1 && read.chars().all(char::is_uppercase);
    if all_upper {
        return better.to_uppercase();
    }
    let mut chars = better.chars();
    match chars.next() {
        Some(first) if first_upper => first.to_uppercase().chain(chars).collect(),
        _ => better.to_owned(),
    }
}

struct Token<'a> {
    text: &'a str,
    is_word: bool,
    is_space: bool,
}

/// Runs of letters, runs of white space, and every other character alone.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let kind = |c: char| {
        if c.is_alphabetic() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        let this = kind(c);
        let continues = chars.peek().is_some_and(|&(_, next)| this != 2 && kind(next) == this);
        if !continues {
            let end = chars.peek().map_or(text.len(), |&(next, _)| next);
            out.push(Token { text: &text[start..end], is_word: this == 0, is_space: this == 1 });
            start = end;
        }
    }
    out
}

/// The index of the word beside token `i` (after it if `forward`), if only spaces lie between.
fn neighbour(tokens: &[Token<'_>], i: usize, forward: bool) -> Option<usize> {
    let mut at = i;
    loop {
        at = if forward { at.checked_add(1)? } else { at.checked_sub(1)? };
        let token = tokens.get(at)?;
        if token.is_word {
            return Some(at);
        }
        if !token.is_space {
            return None;
        }
    }
}

#[cfg(test)]
mod tests;
