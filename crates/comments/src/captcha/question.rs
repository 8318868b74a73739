//! The accessible alternative to the picture: a sum of two small numbers asked in words, the
//! answer accepted in digits or in words, with or without marks.

const WORDS: [&str; 19] = [
    "không",
    "một",
    "hai",
    "ba",
    "bốn",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
    "mười ba",
    "mười bốn",
    "mười lăm",
    "mười sáu",
    "mười bảy",
    "mười tám",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    left: usize,
    right: usize,
}

impl Sum {
    pub fn from_seed(seed: &[u8; 32]) -> Sum {
        Sum { left: 1 + usize::from(seed[20]) % 9, right: 1 + usize::from(seed[21]) % 9 }
    }

    pub fn ask(&self) -> String {
        let left = capitalise(WORDS[self.left]);
        format!("{left} cộng {} bằng mấy? (trả lời bằng chữ số, ví dụ 7)", WORDS[self.right])
    }

    pub fn accepts(&self, answer: &str) -> bool {
        let total = self.left + self.right;
        let typed = vn::fold_lower(&vn::nfc(answer)).split_whitespace().collect::<Vec<_>>().join(" ");
        typed == total.to_string() || WORDS.get(total).is_some_and(|w| vn::fold_lower(w) == typed)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_digits_or_words_with_or_without_marks() {
        let sum = Sum { left: 7, right: 8 };
        assert_eq!(sum.ask(), "Bảy cộng tám bằng mấy? (trả lời bằng chữ số, ví dụ 7)");
        for answer in ["15", " 15 ", "mười lăm", "Mười  Lăm", "muoi lam"] {
            assert!(sum.accepts(answer), "{answer}");
        }
        for answer in ["", "14", "mười bốn", "15.0", "fifteen"] {
            assert!(!sum.accepts(answer), "{answer}");
        }
    }

    #[test]
    fn every_sum_can_be_said() {
        for left in 1..=9 {
            for right in 1..=9 {
                assert!(Sum { left, right }.accepts(WORDS[left + right]));
            }
        }
    }
}
