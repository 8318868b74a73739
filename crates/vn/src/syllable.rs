//! Whether a word can be a Vietnamese syllable: an initial consonant from the inventory, a vowel
//! group that exists, a final that exists, at most one tone. Loose where spelling varies (it does
//! not check which rhymes take which finals) and strict where garbled text fails: letters
//! outside the alphabet, stray symbols, two tones, vowel groups no word has.

use crate::letters::{Tone, is_vowel, split_tone};

const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x",
];
pub(crate) const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
const VOWEL_GROUPS: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia",
    "iu", "iê", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu",
    "ươ", "yê", "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
];

/// Whether `word` (any case, NFC) can be one Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        let (base, tone) = split_tone(c);
        if tone != Tone::Level {
            tones += 1;
        }
        bare.push(base);
    }
    if tones > 1 || bare.is_empty() || !bare.chars().all(in_alphabet) {
        return false;
    }
    let rest = strip_initial(&bare);
    let vowels: String = rest.chars().take_while(|c| is_vowel(*c)).collect();
    let last = &rest[vowels.len()..];
    VOWEL_GROUPS.contains(&vowels.as_str()) && FINALS.contains(&last) && final_fits(&vowels, last)
}

/// Groups that end in a glide (`ai`, `ươu`) or are open diphthongs (`ia`, `ưa`) take no final
/// consonant; short `ă`/`â` and the diphthongs `iê`, `uô`, `ươ` must have one.
fn final_fits(vowels: &str, last: &str) -> bool {
    const OPEN: &[&str] = &[
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu",
        "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "yêu",
    ];
    const CLOSED: &[&str] = &["ă", "â", "oă", "uâ", "iê", "yê", "uô", "ươ", "uyê"];
    if last.is_empty() { !CLOSED.contains(&vowels) } else { !OPEN.contains(&vowels) }
}

fn in_alphabet(c: char) -> bool {
    matches!(c, 'a'..='z' | 'ă' | 'â' | 'đ' | 'ê' | 'ô' | 'ơ' | 'ư') && !matches!(c, 'f' | 'j' | 'w' | 'z')
}

/// The word after its initial consonant. `gi` and `qu` are initials only when a vowel follows
/// (`gìn` is g + ìn, `giá` is gi + á).
fn strip_initial(word: &str) -> &str {
    for initial in INITIALS {
        if let Some(rest) = word.strip_prefix(initial) {
            let needs_vowel = matches!(*initial, "gi" | "qu");
            if !needs_vowel || rest.chars().next().is_some_and(is_vowel) {
                return rest;
            }
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::is_syllable;

    #[test]
    fn real_syllables_pass() {
        let text = "Nghị quyết của Đảng về giáo dục, khuyến khích người dân tiếp tục nghiên cứu khoa học; \
            hoà bình, thuở ấy, xoong nồi, giữ gìn, quốc gia, yêu thương, khuya, chuyện, oẳn tù tì, ươm, \
            ngoằn ngoèo, huơ tay, Trường Sa, PHÁT TRIỂN, Nguyễn, người ấy, chiều, luôn, tuần, quyển, khuỷu";
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            assert!(is_syllable(word), "{word}");
        }
    }

    #[test]
    fn garbled_words_fail() {
        for word in ["Néi", "ViÖt", "Hµ", "chaøo", "caùc", "xyz", "ff", "bạnà", "áà", "cuaả", "đưỡi", "tiếngg", "ng"]
        {
            assert!(!is_syllable(word), "{word}");
        }
    }
}
