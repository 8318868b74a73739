//! Parsers of the formats articles arrive in. They read text and return drafts or errors that
//! name the line; reading files, progress and storage are the caller's business.

pub mod ghost;
pub mod html;
pub mod jsonl;
pub mod page;
pub mod wordpress;

/// A problem with one input, located by line (1-based) so a person can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl ImportError {
    pub fn new(line: usize, message: impl Into<String>) -> ImportError {
        ImportError { line, message: message.into() }
    }
}

/// Trims ordinary and non-breaking spaces at both ends and composes the text (NFC).
pub(crate) fn clean_line(line: &str) -> String {
    vn::nfc(line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
}
