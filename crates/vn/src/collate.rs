//! Vietnamese dictionary order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
//! letters first, then tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case.
//!
//! Byte order puts `Đ` after `z` and `ă` after everything ASCII, which makes any sorted list of
//! names or categories look random to a Vietnamese reader.

use std::cmp::Ordering;

use crate::letters::split_tone;
use crate::nfc;

/// The Latin alphabet with the Vietnamese letters in their places (f, j, w, z kept for loanwords).
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Compares two strings in Vietnamese dictionary order.
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// A sort key: comparing keys compares the strings in Vietnamese order. Store it to sort in SQL.
///
/// Three levels, as in the Unicode collation algorithm: the letters (ignoring tone and case),
/// then the tones, then the case. A level only matters when all earlier levels are equal.
pub fn collation_key(text: &str) -> Vec<u32> {
    let text = nfc(text);
    let mut primary = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    let mut cases = Vec::with_capacity(text.len());
    for c in text.chars() {
        let (base, tone) = split_tone(c);
        let lower = base.to_lowercase().next().unwrap_or(base);
        primary.push(primary_weight(lower));
        tones.push(u32::from(tone.rank()));
        cases.push(u32::from(lower != base));
    }
    let mut key = primary;
    key.push(0);
    key.extend(tones);
    key.push(0);
    key.extend(cases);
    key
}

/// Spaces and punctuation sort first, then digits, then letters in alphabet order, then the rest
/// by code point.
fn primary_weight(c: char) -> u32 {
    if let Some(pos) = ALPHABET.chars().position(|l| l == c) {
        return 1_000 + pos as u32;
    }
    if let Some(d) = c.to_digit(10) {
        return 100 + d;
    }
    if c.is_whitespace() || c.is_ascii_punctuation() {
        return 1 + c as u32 % 90;
    }
    2_000 + c as u32
}
