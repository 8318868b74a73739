//! Vietnamese text, as a publishing platform needs it: pure functions, no I/O.
//!
//! Everything that depends on knowing Vietnamese lives here so that the rest of toasoan can treat
//! text as opaque: Unicode normalisation and canonical tone placement ([`canonical`]), removal of
//! all marks ([`fold`]), URL slugs ([`slug`]), dictionary order ([`collate`]), Vietnam time
//! ([`time`]) and number formatting ([`number`]).

pub mod analysis;
pub mod collate;
pub mod legacy;
mod legacy_tables;
mod letters;
pub mod number;
pub mod ocr_fix;
pub mod syllable;
pub mod telex;
pub mod time;
pub mod tone;

pub use collate::{collation_key, compare};
pub use number::format_number;
pub use tone::canonical;

use unicode_normalization::UnicodeNormalization;

/// Composes text into NFC, the form every stored and compared string is kept in.
///
/// Text pasted from Word on macOS or typed with some keyboards arrives decomposed (NFD): the
/// same word would otherwise compare unequal to itself.
///
/// Control characters other than tab and line breaks are dropped on the way: no text we keep
/// may hold them (PostgreSQL refuses a NUL outright, and the rest only disguise text), so both
/// engines store the same thing.
pub fn nfc(text: &str) -> String {
    if text.chars().any(is_stray_control) {
        return text.nfc().filter(|c| !is_stray_control(*c)).collect();
    }
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfc().collect()
}

/// A control character that has no place in text: everything `char::is_control` says but tab,
/// line feed and carriage return.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Removes every mark: tones, breve, circumflex, horn, and maps đ→d, Đ→D. Case is kept.
///
/// This is how readers type when they type without marks ("nghi quyet"), so folded text is
/// what matches their words.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if letters::is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Lower-cases and folds: the key under which two spellings of one word meet.
pub fn fold_lower(text: &str) -> String {
    fold(text).to_lowercase()
}

/// A mark-free URL slug: `Thời sự - Chính trị` → `thoi-su-chinh-tri`.
///
/// Letters and digits are kept (folded, lower case); every other run of characters becomes one
/// `-`; no leading, trailing or doubled dashes. Text with no letter or digit gives an empty slug,
/// which callers replace with something meaningful (an id).
pub fn slug(text: &str) -> String {
    let folded = fold_lower(&nfc(text));
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A slug cut to at most `max_len` bytes at a dash, so long titles give readable URLs.
pub fn slug_limited(text: &str, max_len: usize) -> String {
    let full = slug(text);
    if full.len() <= max_len {
        return full;
    }
    // Slugs are ASCII, so any byte index is a char boundary.
    let cut = full.get(..max_len).unwrap_or(&full);
    match cut.rfind('-') {
        Some(pos) if pos > 0 => cut.get(..pos).unwrap_or(cut).to_owned(),
        _ => cut.to_owned(),
    }
}

#[cfg(test)]
mod tests;
