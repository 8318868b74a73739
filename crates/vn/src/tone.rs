//! Canonical tone placement, so that `hoà` and `hòa`, `thuỷ` and `thủy` are one word.
//!
//! Both placements are in everyday use (the "old" style puts the tone on the first vowel of an
//! open `oa`, `oe`, `uy`; the "new" style on the second). We pick the old style as canonical,
//! as most news sites do, and never move a tone onto the `u` of `qu-` or the `i` of `gi-`.

use crate::letters::{Tone, has_shape_mark, is_vowel, split_tone, with_tone};
use crate::nfc;

/// NFC plus canonical tone placement on every word of `text`.
///
/// Words that are not a single Vietnamese syllable (`Covid`, `video`, acronyms) are left as
/// they are: only a word with one tone and one vowel cluster is moved.
pub fn canonical(text: &str) -> String {
    let composed = nfc(text);
    if composed.is_ascii() {
        return composed;
    }
    let mut out = String::with_capacity(composed.len());
    let mut word: Vec<char> = Vec::new();
    for c in composed.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            out.push(c);
        }
    }
    flush_word(&mut word, &mut out);
    out
}

fn flush_word(word: &mut Vec<char>, out: &mut String) {
    if !word.is_empty() {
        match place_tone(word) {
            Some(fixed) => out.extend(fixed),
            None => out.extend(word.iter()),
        }
        word.clear();
    }
}

/// Returns the word with its tone moved to the canonical vowel, or `None` to keep it as is.
fn place_tone(word: &[char]) -> Option<Vec<char>> {
    let mut tone = Tone::Level;
    let mut bare: Vec<char> = Vec::with_capacity(word.len());
    for &c in word {
        let (base, t) = split_tone(c);
        if t != Tone::Level {
            if tone != Tone::Level {
                return None; // two tones: not one syllable
            }
            tone = t;
        }
        bare.push(base);
    }
    if tone == Tone::Level {
        return None;
    }
    with_tone_placed(bare, tone)
}

/// Puts `tone` on the canonical vowel of a toneless syllable; `None` if it is not one.
pub(crate) fn with_tone_placed(mut bare: Vec<char>, tone: Tone) -> Option<Vec<char>> {
    let target = tone_position(&bare)?;
    let slot = bare.get_mut(target)?;
    *slot = with_tone(*slot, tone);
    Some(bare)
}

/// The index of the vowel that carries the tone in a toneless syllable.
fn tone_position(bare: &[char]) -> Option<usize> {
    let first = bare.iter().position(|&c| is_vowel(c))?;
    let len = bare[first..].iter().take_while(|&&c| is_vowel(c)).count();
    let end = first + len;
    if bare[end..].iter().any(|&c| is_vowel(c)) {
        return None; // vowels after a consonant: a foreign word
    }
    let (start, len) = skip_consonantal_glide(bare, first, len);
    let has_final = end < bare.len();
    let cluster = start..end;
    if let Some(shaped) = cluster.clone().rev().find(|&i| has_shape_mark(bare[i])) {
        return Some(shaped);
    }
    Some(match (len, has_final) {
        (_, true) => end - 1,
        (1, false) | (2, false) => start,
        _ => start + 1,
    })
}

/// In `qu-` the `u`, and in `gi-` before another vowel the `i`, belong to the initial consonant.
fn skip_consonantal_glide(bare: &[char], first: usize, len: usize) -> (usize, usize) {
    if len < 2 || first == 0 {
        return (first, len);
    }
    let initial = bare[first - 1].to_ascii_lowercase();
    let glide = bare[first].to_ascii_lowercase();
    let only_initial = first == 1;
    if only_initial && ((initial == 'q' && glide == 'u') || (initial == 'g' && glide == 'i')) {
        (first + 1, len - 1)
    } else {
        (first, len)
    }
}
