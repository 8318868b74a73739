//! Repairing words typed as raw keystrokes of the two Vietnamese input methods, for readers
//! whose keyboard switcher was off: Telex (`nghij quyeets` → `nghị quyết`) and VNI
//! (`nghi5 quye6t1` → `nghị quyết`).
//!
//! A repair is only offered when the result is a well-formed Vietnamese syllable and the input
//! used at least one key of the method, so English words mostly come back as `None`. Search
//! still keeps the original word beside the repair ("gas" must stay findable).

use crate::letters::Tone;
use crate::tone::with_tone_placed;

/// Longest keystroke sequence for one syllable (`nghieengx` is 9).
const MAX_KEYS: usize = 12;

const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "q",
    "r", "s", "t", "th", "tr", "v", "x",
];
use crate::syllable::FINALS;

/// The Telex reading of an ASCII word, lower case, or `None`.
pub fn from_telex(word: &str) -> Option<String> {
    let keys = keys(word)?;
    let first_vowel = keys.iter().position(|c| is_plain_vowel(*c) || *c == 'w')?;
    let mut tone = Tone::Level;
    let mut letters: Vec<char> = Vec::with_capacity(keys.len());
    for (i, &c) in keys.iter().enumerate() {
        let key_tone = match c {
            's' => Some(Tone::Acute),
            'f' => Some(Tone::Grave),
            'r' => Some(Tone::Hook),
            'x' => Some(Tone::Tilde),
            'j' => Some(Tone::Dot),
            _ => None,
        };
        match key_tone {
            Some(t) if i > first_vowel => tone = t,
            _ => letters.push(c),
        }
    }
    let shaped = telex_shapes(&letters.into_iter().collect::<String>());
    finish(word, &shaped, tone)
}

/// The VNI reading of an ASCII word (digits for marks), lower case, or `None`.
pub fn from_vni(word: &str) -> Option<String> {
    let keys = keys(word)?;
    if !keys.iter().any(char::is_ascii_digit) {
        return None;
    }
    let mut tone = Tone::Level;
    let mut letters: Vec<char> = Vec::with_capacity(keys.len());
    for c in keys {
        let previous = letters.last().copied();
        let replaced = match (c, previous) {
            ('1', _) => (tone = Tone::Acute, None).1,
            ('2', _) => (tone = Tone::Grave, None).1,
            ('3', _) => (tone = Tone::Hook, None).1,
            ('4', _) => (tone = Tone::Tilde, None).1,
            ('5', _) => (tone = Tone::Dot, None).1,
            ('6', Some('a')) => Some('â'),
            ('6', Some('e')) => Some('ê'),
            ('6', Some('o')) => Some('ô'),
            ('7', Some('o')) => Some('ơ'),
            ('7', Some('u')) => Some('ư'),
            ('8', Some('a')) => Some('ă'),
            ('9', Some('d')) => Some('đ'),
            (d, _) if d.is_ascii_digit() => return None,
            (c, _) => {
                letters.push(c);
                None
            }
        };
        if let Some(shaped) = replaced {
            letters.pop();
            letters.push(shaped);
        }
    }
    // "u7o7" and "uo7" both type ươ.
    let text: String = letters.into_iter().collect();
    finish(word, &text.replace("uơ", "ươ"), tone)
}

fn keys(word: &str) -> Option<Vec<char>> {
    if word.is_empty() || word.len() > MAX_KEYS || !word.is_ascii() {
        return None;
    }
    Some(word.to_ascii_lowercase().chars().collect())
}

fn is_plain_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Telex shape keys: dd → đ, aa → â, aw → ă, ee → ê, oo → ô, ow → ơ, uw → ư, uow → ươ, w → ư.
fn telex_shapes(letters: &str) -> String {
    let mut text = letters.to_owned();
    if let Some(rest) = text.strip_prefix("dd") {
        text = format!("đ{rest}");
    }
    for (keys, shaped) in
        [("uwow", "ươ"), ("uow", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"), ("uw", "ư")]
    {
        text = text.replace(keys, shaped);
    }
    text.replace('w', "ư")
}

/// Checks the syllable's shape, places the tone, and refuses a "repair" that changed nothing.
fn finish(original: &str, letters: &str, tone: Tone) -> Option<String> {
    if !is_syllable(letters) {
        return None;
    }
    let placed: String = if tone == Tone::Level {
        letters.to_owned()
    } else {
        with_tone_placed(letters.chars().collect(), tone)?.into_iter().collect()
    };
    (placed != original.to_ascii_lowercase()).then_some(placed)
}

/// Initial consonant, one to three vowels, final consonant, each from the Vietnamese sets.
fn is_syllable(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let Some(first_vowel) = chars.iter().position(|&c| crate::letters::is_vowel(c)) else {
        return false;
    };
    let vowels = chars[first_vowel..].iter().take_while(|&&c| crate::letters::is_vowel(c)).count();
    let initial: String = chars[..first_vowel].iter().collect();
    let last: String = chars[first_vowel + vowels..].iter().collect();
    (1..=3).contains(&vowels) && INITIALS.contains(&initial.as_str()) && FINALS.contains(&last.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::words;

    #[test]
    fn telex_keystrokes_become_vietnamese() {
        let cases = [
            ("nghij", "nghị"),
            ("quyeets", "quyết"),
            ("dduwowngf", "đường"),
            ("dduowngf", "đường"),
            ("Chaats", "chất"),
            ("boor", "bổ"),
            ("vor", "vỏ"),
            ("tacs", "tác"),
            ("dungj", "dụng"),
            ("gif", "gì"),
            ("nguwowif", "người"),
            ("hoaf", "hòa"),
            ("thuyr", "thủy"),
            ("khoer", "khỏe"),
            ("giuwax", "giữa"),
            ("ddos", "đó"),
            ("laf", "là"),
            ("suwj", "sự"),
            ("tw", "tư"),
            ("awn", "ăn"),
        ];
        for (keys, word) in cases {
            assert_eq!(from_telex(keys).as_deref(), Some(word), "{keys}");
        }
    }

    #[test]
    fn english_and_plain_words_are_not_repaired() {
        // "gas" is Telex for "gá": search keeps the typed word beside the repair for such words.
        assert_eq!(from_telex("gas").as_deref(), Some("gá"));
        for word in ["reseratrol", "king", "covid", "nghi", "quyet", "the", "internet", "abcdefghijklmnop", ""] {
            assert_eq!(from_telex(word), None, "{word}");
        }
    }

    #[test]
    fn vni_digits_become_vietnamese() {
        let cases = [("nghi5", "nghị"), ("quye6t1", "quyết"), ("d9u7o7ng2", "đường"), ("hoa2", "hòa"), ("a8n", "ăn")];
        for (keys, word) in cases {
            assert_eq!(from_vni(keys).as_deref(), Some(word), "{keys}");
        }
        for word in ["nghi", "covid19", "2021", "a0"] {
            assert_eq!(from_vni(word), None, "{word}");
        }
    }

    /// Every distinct syllable of a real sentence, typed as Telex, comes back as itself.
    #[test]
    fn telex_round_trips_over_real_syllables() {
        let sentence = "Sáng một tháng mười hai, Đoàn kiểm tra về việc lãnh đạo, chỉ đạo công tác nghiên cứu, học tập, \
            quán triệt, tuyên truyền, cụ thể hóa và triển khai thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ \
            mười ba của Đảng đã có buổi làm việc với Ban Thường vụ Thành ủy; người đứng đầu trực tiếp chịu trách nhiệm, \
            khuyến khích giữ gìn hòa bình, thủy điện, khỏe mạnh, rượu, quyển sách, nguyễn, ngoài, khuya";
        for word in words(sentence) {
            let typed = to_telex(&word.exact);
            let expected = if typed == word.exact { None } else { Some(word.exact.clone()) };
            assert_eq!(from_telex(&typed), expected, "{} typed {typed}", word.exact);
        }
    }

    /// Telex keystrokes of a lower-case syllable, as `shared/corpus/make_variants.py` types them.
    fn to_telex(word: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        let mut tone = "";
        for c in word.chars() {
            if c == 'đ' {
                out.push_str("dd");
                continue;
            }
            let parts: Vec<char> = c.to_string().nfd().collect();
            let mut shape = "";
            for mark in &parts[1..] {
                match mark {
                    '\u{0301}' => tone = "s",
                    '\u{0300}' => tone = "f",
                    '\u{0309}' => tone = "r",
                    '\u{0303}' => tone = "x",
                    '\u{0323}' => tone = "j",
                    '\u{0302}' => {
                        shape = if parts[0] == 'a' {
                            "aa"
                        } else if parts[0] == 'e' {
                            "ee"
                        } else {
                            "oo"
                        }
                    }
                    '\u{0306}' => shape = "aw",
                    '\u{031b}' => shape = if parts[0] == 'o' { "ow" } else { "uw" },
                    _ => {}
                }
            }
            if shape.is_empty() { out.push(parts[0]) } else { out.push_str(shape) }
        }
        format!("{}{tone}", out.replace("uwow", "uow"))
    }
}
