//! The Vietnamese letter inventory: which characters are vowels, which marks are tones.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, decompose_canonical};

/// The six tones. `Level` (thanh ngang) carries no mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    Level,
    Grave,
    Hook,
    Tilde,
    Acute,
    Dot,
}

impl Tone {
    fn from_mark(mark: char) -> Option<Tone> {
        match mark {
            '\u{0300}' => Some(Tone::Grave),
            '\u{0309}' => Some(Tone::Hook),
            '\u{0303}' => Some(Tone::Tilde),
            '\u{0301}' => Some(Tone::Acute),
            '\u{0323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{0300}'),
            Tone::Hook => Some('\u{0309}'),
            Tone::Tilde => Some('\u{0303}'),
            Tone::Acute => Some('\u{0301}'),
            Tone::Dot => Some('\u{0323}'),
        }
    }

    /// Rank in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// Combining marks (U+0300–U+036F): tones and the shape marks (breve, circumflex, horn).
pub fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Splits a character into its toneless form and its tone: `ề` → (`ê`, Grave), `A` → (`A`, Level).
pub fn split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, Tone::Level);
    }
    let index = (c as usize).wrapping_sub(TABLE_START as usize);
    match split_table().get(index) {
        Some(entry) => *entry,
        None => split_tone_slow(c),
    }
}

/// Latin-1 Supplement to Latin Extended Additional: every precomposed Vietnamese letter.
const TABLE_START: u32 = 0xC0;
const TABLE_END: u32 = 0x1EFA;

/// [`split_tone`] for every character of the Vietnamese range, computed once: search analyses
/// hundreds of megabytes, and decomposing each letter anew costs an allocation.
fn split_table() -> &'static [(char, Tone)] {
    static TABLE: std::sync::OnceLock<Vec<(char, Tone)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..TABLE_END).map(|u| char::from_u32(u).map_or((' ', Tone::Level), split_tone_slow)).collect()
    })
}

fn split_tone_slow(c: char) -> (char, Tone) {
    let mut parts: Vec<char> = Vec::with_capacity(3);
    decompose_canonical(c, |p| parts.push(p));
    let mut tone = Tone::Level;
    let mut base: Option<char> = None;
    for p in parts {
        if let Some(t) = Tone::from_mark(p) {
            tone = t;
        } else {
            base = Some(match base {
                None => p,
                Some(b) => compose(b, p).unwrap_or(b),
            });
        }
    }
    (base.unwrap_or(c), tone)
}

/// Puts `tone` on a toneless vowel; characters that cannot carry it are returned unchanged.
pub fn with_tone(base: char, tone: Tone) -> char {
    let Some(mark) = tone.mark() else {
        return base;
    };
    // Composing needs canonical order: `ệ` is `e` + dot below + circumflex, so the mark cannot
    // simply be appended to `ê`; recompose from the full decomposition instead.
    let mut parts: Vec<char> = Vec::with_capacity(4);
    decompose_canonical(base, |p| parts.push(p));
    parts.push(mark);
    let decomposed: String = parts.into_iter().collect();
    let mut composed = decomposed.nfc();
    match (composed.next(), composed.next()) {
        (Some(single), None) => single,
        _ => base,
    }
}

/// Whether the toneless character is a Vietnamese vowel letter (either case).
pub fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă'
            | 'â'
            | 'e'
            | 'ê'
            | 'i'
            | 'o'
            | 'ô'
            | 'ơ'
            | 'u'
            | 'ư'
            | 'y'
            | 'A'
            | 'Ă'
            | 'Â'
            | 'E'
            | 'Ê'
            | 'I'
            | 'O'
            | 'Ô'
            | 'Ơ'
            | 'U'
            | 'Ư'
            | 'Y'
    )
}

/// Whether the toneless vowel carries a shape mark (ă â ê ô ơ ư), which attracts the tone.
pub fn has_shape_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'Ă' | 'Â' | 'Ê' | 'Ô' | 'Ơ' | 'Ư')
}

/// One lower- or upper-case character without any mark (`ệ` → `e`, `Đ` → `D`), as [`crate::fold`]
/// does for whole strings, from a table built once.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let index = (c as usize).wrapping_sub(TABLE_START as usize);
    fold_table().get(index).copied().unwrap_or(c)
}

fn fold_table() -> &'static [char] {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..TABLE_END)
            .map(|u| match char::from_u32(u) {
                Some('đ') => 'd',
                Some('Đ') => 'D',
                Some(c) => {
                    let mut first = c;
                    let mut seen = false;
                    decompose_canonical(c, |p| {
                        if !seen {
                            first = p;
                            seen = true;
                        }
                    });
                    if first.is_ascii() { first } else { c }
                }
                None => ' ',
            })
            .collect()
    })
}
