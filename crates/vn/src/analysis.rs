//! Words as search sees them, the same at index time and at query time.
//!
//! Each word comes in two forms: `exact` (lower case, NFC, canonical tone placement) for readers
//! who typed marks, and `folded` (no mark at all) for readers who did not. Two words with only
//! spaces between them make a pair (`nghi_quyet`): pairs stand in for the word segmentation
//! Vietnamese lacks, and are the largest single gain measured on the corpus (DESIGN.md §4).

use crate::letters::fold_char;
use crate::tone::canonical;

/// Words longer than this are cut: nothing real is that long, and it bounds the index.
const MAX_WORD_CHARS: usize = 40;

/// One word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, NFC, canonical tone placement.
    pub exact: String,
    /// Lower case with every mark removed, đ → d.
    pub folded: String,
    /// Only spaces separate this word from the one before, so the two form a pair.
    pub follows_closely: bool,
    /// Typed with a capital first letter: inside a sentence, the word is part of a name.
    pub capitalized: bool,
}

impl Word {
    /// Whether the word carries any mark (then its exact form says more than the folded one).
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let text = canonical(text);
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let mut exact = String::new();
    let mut folded = String::new();
    let mut length = 0;
    let mut separated_by_space_only = false;
    let mut capitalized = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if length == 0 {
                capitalized = c.is_uppercase();
            }
            if length < MAX_WORD_CHARS {
                for lower in c.to_lowercase() {
                    exact.push(lower);
                    folded.push(fold_char(lower));
                }
            }
            length += 1;
            continue;
        }
        if length > 0 {
            let follows_closely = separated_by_space_only && !out.is_empty();
            out.push(Word {
                exact: std::mem::take(&mut exact),
                folded: std::mem::take(&mut folded),
                follows_closely,
                capitalized,
            });
            length = 0;
            separated_by_space_only = true;
        }
        if !c.is_whitespace() {
            separated_by_space_only = false;
        }
    }
    if length > 0 {
        let follows_closely = separated_by_space_only && !out.is_empty();
        out.push(Word { exact, folded, follows_closely, capitalized });
    }
    out
}

/// The pair term of two folded words.
pub fn pair(first: &str, second: &str) -> String {
    let mut joined = String::with_capacity(first.len() + second.len() + 1);
    joined.push_str(first);
    joined.push('_');
    joined.push_str(second);
    joined
}

/// The pair terms of a text: every two neighbouring folded words with only spaces between.
pub fn pairs(words: &[Word]) -> Vec<String> {
    words.windows(2).filter(|w| w[1].follows_closely).map(|w| pair(&w[0].folded, &w[1].folded)).collect()
}

/// Where each word of `text` stands (byte range) and its folded lower-case form: for
/// highlighting a reader's words in a title or snippet, whatever marks they typed.
pub fn spans(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut folded = String::new();
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            folded.extend(c.to_lowercase().map(fold_char));
        } else if let Some(s) = start.take() {
            out.push((s..i, std::mem::take(&mut folded)));
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), folded));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn exact(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.exact).collect()
    }

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn words_have_an_exact_and_a_folded_form() {
        assert_eq!(exact("Nghị quyết Đại hội XIII"), ["nghị", "quyết", "đại", "hội", "xiii"]);
        assert_eq!(folded("Nghị quyết Đại hội XIII"), ["nghi", "quyet", "dai", "hoi", "xiii"]);
        assert_eq!(folded("Covid-19, 231.700 người"), ["covid", "19", "231", "700", "nguoi"]);
    }

    #[test]
    fn words_remember_a_capital_first_letter_in_every_unicode_form() {
        let capitals = |text: &str| words(text).into_iter().map(|w| w.capitalized).collect::<Vec<_>>();
        assert_eq!(capitals("Anh Hiếu ở Đồng Nai, bộ y tế"), [true, true, false, true, true, false, false, false]);
        let nfd: String = "Ông Ánh".nfd().collect();
        assert_eq!(capitals(&nfd), [true, true]);
        assert_eq!(capitals("iPhone 15"), [false, false]);
    }

    #[test]
    fn both_tone_styles_and_both_unicode_forms_are_one_word() {
        let nfd: String = "hoà bình thuỷ điện".nfd().collect();
        assert_eq!(exact("hoà bình thuỷ điện"), exact("hòa bình thủy điện"));
        assert_eq!(exact(&nfd), exact("hòa bình thủy điện"));
    }

    #[test]
    fn pairs_join_words_with_only_spaces_between() {
        let analysed = words("Nghị quyết XIII, của Đảng. Hà Nội");
        assert_eq!(pairs(&analysed), ["nghi_quyet", "quyet_xiii", "cua_dang", "ha_noi"]);
    }

    #[test]
    fn marks_are_noticed() {
        let analysed = words("nghị quyet");
        assert!(analysed[0].has_marks());
        assert!(!analysed[1].has_marks());
    }

    #[test]
    fn spans_locate_words_by_their_folded_form() {
        let text = "Nghị quyết, Đại hội!";
        let found: Vec<(&str, String)> = spans(text).into_iter().map(|(r, f)| (&text[r], f)).collect();
        assert_eq!(
            found,
            [("Nghị", "nghi".into()), ("quyết", "quyet".into()), ("Đại", "dai".into()), ("hội", "hoi".into())]
        );
    }

    #[test]
    fn giant_words_are_cut() {
        let long = "a".repeat(500);
        assert_eq!(words(&long)[0].exact.chars().count(), MAX_WORD_CHARS);
    }

    proptest! {
        #[test]
        fn analysis_ignores_the_unicode_form(text in "[a-zA-Z0-9 ,.àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{0,60}") {
            let decomposed: String = text.nfd().collect();
            prop_assert_eq!(words(&text), words(&decomposed));
        }

        #[test]
        fn folded_words_are_plain_ascii_for_vietnamese_text(text in "[a-z àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{0,60}") {
            for word in words(&text) {
                prop_assert!(word.folded.is_ascii(), "{:?}", word);
                prop_assert_eq!(crate::fold(&word.exact), word.folded.clone());
            }
        }
    }
}
