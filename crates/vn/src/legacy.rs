//! Vietnamese text from before Unicode, as old PDFs and documents still carry it: the bytes of
//! a legacy font (TCVN3/ABC ".VnTime", VNI "VNI-Times") or charset (VISCII) read as if they were
//! Latin-1, so that "Hà Nội" arrives as "Hµ Néi" (TCVN3) or "Haø Noäi" (VNI). [`to_unicode`]
//! tells which it is, by which reading yields the most real syllables, and converts it.

use crate::legacy_tables::{TCVN3, VISCII};
use crate::letters::{Tone, fold_char, split_tone, with_tone};
use crate::syllable::is_syllable;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 ("TCVN3", the ABC fonts).
    Tcvn3,
    /// VNI Windows fonts: a base letter followed by a mark character.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
}

impl LegacyEncoding {
    pub const ALL: [LegacyEncoding; 3] = [LegacyEncoding::Tcvn3, LegacyEncoding::Vni, LegacyEncoding::Viscii];

    pub fn name(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3",
            LegacyEncoding::Vni => "VNI",
            LegacyEncoding::Viscii => "VISCII",
        }
    }
}

/// The text in Unicode (NFC), and the legacy encoding it was found in, if any. Text that reads
/// as Vietnamese already, or as nothing better, is returned as it was.
pub fn to_unicode(text: &str) -> (String, Option<LegacyEncoding>) {
    match detect(text) {
        Some(encoding) => (decode(text, encoding), Some(encoding)),
        None => (text.to_owned(), None),
    }
}

/// Which legacy encoding `text` is in, if reading it as one yields clearly more Vietnamese
/// syllables than reading it as it is.
pub fn detect(text: &str) -> Option<LegacyEncoding> {
    // A legacy font's text comes out as Latin-1 and Windows-1252 characters: a Vietnamese letter
    // beyond them (ạ, ơ, đ, a combining tone mark) says the text is Unicode already, even where
    // its typographic punctuation would read as TCVN3 letters (“ is Ộ).
    if text.chars().any(is_unicode_vietnamese) {
        return None;
    }
    let as_is = score(text);
    let (best, best_score) =
        LegacyEncoding::ALL.into_iter().map(|e| (e, score(&decode(text, e)))).max_by_key(|(_, s)| *s)?;
    (best_score > as_is.max(0)).then_some(best)
}

/// Reads `text` (legacy bytes seen as Latin-1/Windows-1252 characters) as `encoding`.
pub fn decode(text: &str, encoding: LegacyEncoding) -> String {
    let converted: String = match encoding {
        LegacyEncoding::Tcvn3 => hyphen_as_u_horn(&by_table(text, &TCVN3)),
        LegacyEncoding::Viscii => by_table(text, &VISCII),
        LegacyEncoding::Vni => vni(text),
    };
    crate::nfc(&converted)
}

fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c, '\u{1EA0}'..='\u{1EF9}' | '\u{0300}'..='\u{0323}' | 'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư')
}

/// Real syllables with a non-ASCII letter count for, garbled words against: ASCII-only words
/// read the same in every encoding and say nothing.
fn score(text: &str) -> i64 {
    text.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_ascii_digit()))
        .filter(|w| !w.is_ascii())
        .map(|w| if is_syllable(&crate::nfc(w)) { 1 } else { -1 })
        .sum()
}

/// TCVN3 keeps `ư` at 0xAD, the soft hyphen of Latin-1, which PDF extractors turn into `-`:
/// a hyphen that makes its word a syllable when read as `ư` was one — inside the word (`l-ợng`
/// → `lượng`), at its end (`Th-` → `Thư`, `nh-` → `như`: every word ending in ư) or at its start
/// (`-u` → `ưu`) — and one that does not stays a hyphen (`Xô-viết`, `1-12`, a dash alone).
fn hyphen_as_u_horn(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let word = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let candidate = word.replace('-', "ư");
        let has_letters = word.contains('-') && word.chars().any(char::is_alphabetic);
        if has_letters && candidate.split(|c: char| !c.is_alphabetic()).all(|w| !w.is_empty() && is_syllable(w)) {
            out.push_str(&piece.replacen(word, &candidate, 1));
        } else {
            out.push_str(piece);
        }
    }
    out
}

fn by_table(text: &str, table: &[char; 256]) -> String {
    text.chars().map(|c| legacy_byte(c).map_or(c, |b| table[usize::from(b)])).collect()
}

/// The byte a legacy font's character was, seen through Latin-1 or Windows-1252.
fn legacy_byte(c: char) -> Option<u8> {
    if let Ok(byte) = u8::try_from(u32::from(c)) {
        return Some(byte);
    }
    const CP1252: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    CP1252.iter().find(|(k, _)| *k == c).map(|(_, b)| *b)
}

/// What a VNI mark character does to the letter before it.
#[derive(Clone, Copy)]
enum VniMark {
    Tone(Tone),
    /// Circumflex on a, e, o (â ê ô), with a tone.
    Circumflex(Tone),
    /// Breve on a (ă), with a tone.
    Breve(Tone),
}

fn vni_mark(c: char) -> Option<VniMark> {
    use Tone::{Acute, Dot, Grave, Hook, Level, Tilde};
    Some(match c.to_lowercase().next()? {
        'ù' => VniMark::Tone(Acute),
        'ø' => VniMark::Tone(Grave),
        'û' => VniMark::Tone(Hook),
        'õ' => VniMark::Tone(Tilde),
        'ï' => VniMark::Tone(Dot),
        'â' => VniMark::Circumflex(Level),
        'á' => VniMark::Circumflex(Acute),
        'à' => VniMark::Circumflex(Grave),
        'å' => VniMark::Circumflex(Hook),
        'ã' => VniMark::Circumflex(Tilde),
        'ä' => VniMark::Circumflex(Dot),
        'ê' => VniMark::Breve(Level),
        'é' => VniMark::Breve(Acute),
        'è' => VniMark::Breve(Grave),
        'ú' => VniMark::Breve(Hook),
        'ü' => VniMark::Breve(Tilde),
        'ë' => VniMark::Breve(Dot),
        _ => return None,
    })
}

/// Letters VNI writes as one character of their own.
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

fn vni(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let combined = out.last().copied().zip(vni_mark(c)).and_then(|(base, mark)| apply_vni(base, mark));
        match combined {
            Some(letter) => {
                out.pop();
                out.push(letter);
            }
            None => out.push(vni_letter(c).unwrap_or(c)),
        }
    }
    out.into_iter().collect()
}

/// The base letter with the mark applied, if the mark belongs on it.
fn apply_vni(base: char, mark: VniMark) -> Option<char> {
    let (bare, tone) = split_tone(base);
    if tone != Tone::Level {
        return None; // a letter takes one tone: the mark character is a letter of its own
    }
    let upper = bare.is_uppercase();
    let lower = bare.to_lowercase().next()?;
    let (shaped, tone) = match (mark, lower) {
        (VniMark::Tone(tone), 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y') => {
            (lower, tone)
        }
        (VniMark::Circumflex(tone), 'a') => ('â', tone),
        (VniMark::Circumflex(tone), 'e') => ('ê', tone),
        (VniMark::Circumflex(tone), 'o') => ('ô', tone),
        (VniMark::Breve(tone), 'a') => ('ă', tone),
        _ => return None,
    };
    let letter = with_tone(shaped, tone);
    if upper { letter.to_uppercase().next() } else { Some(letter) }
}

/// The legacy form of `text`, as the old fonts wrote it, seen as Latin-1 characters: what a
/// PDF of that era hands its reader. Characters the encoding lacks are kept as they are. Used to
/// make test fixtures of old documents.
pub fn encode(text: &str, encoding: LegacyEncoding) -> String {
    text.chars().map(|c| encode_char(c, encoding)).collect()
}

fn encode_char(c: char, encoding: LegacyEncoding) -> String {
    if c.is_ascii() || (fold_char(c) == c && !matches!(c, 'đ' | 'Đ')) {
        return c.to_string();
    }
    match encoding {
        LegacyEncoding::Tcvn3 => by_table_encode(c, &TCVN3),
        LegacyEncoding::Viscii => by_table_encode(c, &VISCII),
        LegacyEncoding::Vni => vni_encode(c),
    }
}

/// Through the table, or (TCVN3 lacks some capitals) the toneless letter and a combining tone.
fn by_table_encode(c: char, table: &[char; 256]) -> String {
    // Positions are below 256, so the byte conversion cannot truncate.
    let byte = |c: char| table.iter().position(|t| *t == c).map(|b| char::from(b as u8));
    if let Some(b) = byte(c) {
        return b.to_string();
    }
    let (bare, tone) = split_tone(c);
    let mark = match tone {
        Tone::Grave => '\u{0300}',
        Tone::Hook => '\u{0309}',
        Tone::Tilde => '\u{0303}',
        Tone::Acute => '\u{0301}',
        Tone::Dot => '\u{0323}',
        Tone::Level => return c.to_string(),
    };
    match (byte(bare), byte(mark)) {
        (Some(bare), Some(mark)) => [bare, mark].iter().collect(),
        _ => c.to_string(),
    }
}

fn vni_encode(c: char) -> String {
    let upper = c.is_uppercase();
    let Some(lower) = c.to_lowercase().next() else { return c.to_string() };
    let (bare, tone) = split_tone(lower);
    let tones = ["", "ø", "û", "õ", "ù", "ï"];
    let circumflex = ["â", "à", "å", "ã", "á", "ä"];
    let breve = ["ê", "è", "ú", "ü", "é", "ë"];
    let t = tone as usize;
    let (base, mark) = match bare {
        'â' => ("a", circumflex[t]),
        'ê' => ("e", circumflex[t]),
        'ô' => ("o", circumflex[t]),
        'ă' => ("a", breve[t]),
        'ơ' => ("ô", tones[t]),
        'ư' => ("ö", tones[t]),
        'đ' => ("ñ", ""),
        'i' => (["i", "ì", "æ", "ó", "í", "ò"][t], ""),
        'y' if tone == Tone::Dot => ("î", ""),
        'a' => ("a", tones[t]),
        'e' => ("e", tones[t]),
        'o' => ("o", tones[t]),
        'u' => ("u", tones[t]),
        'y' => ("y", tones[t]),
        _ => return c.to_string(),
    };
    let text = format!("{base}{mark}");
    if upper { text.to_uppercase() } else { text }
}

#[cfg(test)]
mod tests;
