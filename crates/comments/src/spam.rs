//! Spam signals that need no database: links, blocked words, and the key under which two
//! copies of one comment meet. Rate limits, duplicates and known spammers are the store's.

use crate::input::{CleanComment, FieldError};

/// The site's spam settings (`[comments]` in `toasoan.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpamRules {
    /// Blocked words or phrases, folded and lower-cased, each as its words.
    blocked: Vec<Vec<String>>,
    /// More links than this and the comment is refused.
    pub max_links: usize,
}

/// What the rules say about a comment that passed the field checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Goes to the moderation queue as pending.
    Fine,
    /// Refused, with the reason shown next to the field: the reader can fix it.
    Refused(FieldError),
    /// Kept, but straight in the spam tab; the reader is told the usual "waiting for review",
    /// so a spammer learns nothing.
    Spam(String),
}

impl Default for SpamRules {
    fn default() -> Self {
        SpamRules::new(&[], 2)
    }
}

impl SpamRules {
    /// Rules from the configured word list; each entry is matched on folded words, so "co bac"
    /// catches "cờ bạc", "CỜ BẠC" and "co  bac".
    pub fn new(blocked_words: &[String], max_links: usize) -> SpamRules {
        let blocked = blocked_words.iter().map(|w| words(w)).filter(|w| !w.is_empty()).collect();
        SpamRules { blocked, max_links }
    }

    pub fn verdict(&self, comment: &CleanComment) -> Verdict {
        let links = link_count(&comment.body) + link_count(&comment.name) + link_count(&comment.address);
        if links > self.max_links {
            let message = format!("Ý kiến có {links} liên kết; mỗi ý kiến được tối đa {}.", self.max_links);
            return Verdict::Refused(FieldError::new("body", message));
        }
        let text = words(&format!("{} {} {}", comment.name, comment.address, comment.body));
        match self.blocked.iter().find(|phrase| contains_run(&text, phrase)) {
            Some(phrase) => Verdict::Spam(format!("từ bị chặn: {}", phrase.join(" "))),
            None => Verdict::Fine,
        }
    }
}

/// Folded, lower-case words: the form in which marks, case and spacing no longer hide a word.
fn words(text: &str) -> Vec<String> {
    vn::fold_lower(&vn::nfc(text))
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn contains_run(text: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && text.windows(phrase.len()).any(|window| window == phrase)
}

/// Web addresses in a text: anything with `://`, and bare `www.` names.
pub fn link_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| {
            let lower = token.to_lowercase();
            lower.contains("://") || lower.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with("www.")
        })
        .count()
}

/// The key under which two copies of one comment meet: folded, lower case, words only.
pub fn duplicate_key(body: &str) -> String {
    words(body).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(body: &str) -> CleanComment {
        CleanComment { name: "Bạn đọc".into(), email: "a@b.vn".into(), address: String::new(), body: body.into() }
    }

    #[test]
    fn blocked_words_match_without_marks_case_or_spacing() {
        let rules = SpamRules::new(&["cờ bạc".to_owned(), "Casino".to_owned()], 2);
        for body in ["Chơi cờ bạc online", "choi CO BAC online", "co   bac!", "Cờ-bạc", "CASINO uy tín"] {
            assert!(matches!(rules.verdict(&comment(body)), Verdict::Spam(_)), "{body}");
        }
        for body in ["cờ vua và bạc hà", "Bài viết hay", "cocasino là một từ khác"] {
            assert_eq!(rules.verdict(&comment(body)), Verdict::Fine, "{body}");
        }
    }

    #[test]
    fn too_many_links_are_refused_with_a_reason() {
        let rules = SpamRules::default();
        assert_eq!(rules.verdict(&comment("xem https://a.vn và www.b.vn")), Verdict::Fine);
        let Verdict::Refused(error) = rules.verdict(&comment("http://a.vn http://b.vn (www.c.vn)")) else {
            panic!("three links pass")
        };
        assert_eq!(error.field, "body");
        assert!(error.message.contains("tối đa 2"), "{}", error.message);
    }

    #[test]
    fn copies_share_a_key() {
        assert_eq!(duplicate_key("Bài viết HAY quá!!"), duplicate_key("bai viet hay qua"));
        assert_ne!(duplicate_key("Bài viết hay"), duplicate_key("Bài viết dở"));
    }
}
