//! The fields of a reader's comment: required, limited, normalised to NFC, and stripped of the
//! invisible characters that only ever serve to disguise text.

/// The longest comment, in characters (the form shows a counter).
pub const MAX_BODY_CHARS: usize = 3_000;
const MAX_NAME_CHARS: usize = 100;
const MAX_ADDRESS_CHARS: usize = 200;
/// The longest e-mail address (RFC 5321's path limit), for comments and logins alike.
pub const MAX_EMAIL_CHARS: usize = 254;

/// What the reader sent, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentInput {
    pub name: String,
    pub email: String,
    pub address: String,
    pub body: String,
}

/// A comment that passed every field rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanComment {
    pub name: String,
    /// Lower case, trimmed: the key of the per-address rate limit; never shown publicly.
    pub email: String,
    pub address: String,
    pub body: String,
}

/// A field that failed, with the reason in Vietnamese, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError { field, message: message.into() }
    }
}

impl CommentInput {
    /// Cleans every field and reports every failure at once, so the reader fixes all in one go.
    pub fn clean(&self) -> Result<CleanComment, Vec<FieldError>> {
        let name = single_line(&self.name);
        let address = single_line(&self.address);
        let email = single_line(&self.email).to_lowercase();
        let body = body_text(&self.body);
        let mut errors = Vec::new();
        if name.is_empty() {
            errors.push(FieldError::new("name", "Xin nhập họ và tên."));
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.push(FieldError::new("name", format!("Họ và tên dài quá {MAX_NAME_CHARS} ký tự.")));
        }
        if email.is_empty() {
            errors.push(FieldError::new("email", "Xin nhập địa chỉ email."));
        } else if !is_plausible_email(&email) {
            errors.push(FieldError::new("email", "Địa chỉ email không hợp lệ (ví dụ: ten@example.com)."));
        }
        if address.chars().count() > MAX_ADDRESS_CHARS {
            errors.push(FieldError::new("address", format!("Địa chỉ dài quá {MAX_ADDRESS_CHARS} ký tự.")));
        }
        let length = body.chars().count();
        if body.is_empty() {
            errors.push(FieldError::new("body", "Xin nhập ý kiến của bạn."));
        } else if length > MAX_BODY_CHARS {
            errors.push(FieldError::new(
                "body",
                format!("Ý kiến dài {length} ký tự, quá giới hạn {MAX_BODY_CHARS} ký tự. Xin rút gọn."),
            ));
        }
        if errors.is_empty() { Ok(CleanComment { name, email, address, body }) } else { Err(errors) }
    }
}

/// Bidirectional overrides and isolates, zero-width spaces and the byte-order mark: they make
/// text display as something other than what it is (a name that reads backwards, a link that
/// hides a word) and no reader types them. Zero-width joiners stay: emoji sequences need them.
fn is_disguise(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_dropped(c: char) -> bool {
    is_disguise(c) || (c.is_control() && c != '\n' && c != '\t')
}

/// One line: NFC, invisible and control characters removed, runs of spaces collapsed.
fn single_line(text: &str) -> String {
    let kept: String = vn::nfc(text).chars().map(|c| if c == '\n' || c == '\t' { ' ' } else { c }).collect();
    kept.chars().filter(|c| !is_dropped(*c)).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The comment body: NFC, Windows line ends made Unix, invisible characters removed, at most one
/// empty line in a row, no blank lines at the ends.
fn body_text(text: &str) -> String {
    let text = vn::nfc(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let cleaned: String = text.chars().filter(|c| !is_dropped(*c)).collect();
    let mut lines: Vec<&str> = Vec::new();
    for line in cleaned.lines().map(str::trim_end) {
        if line.trim().is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(if line.trim().is_empty() { "" } else { line });
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// A deliberately simple check: one `@`, something before it, a dotted domain of letters,
/// digits and hyphens after it. Stricter rules reject real addresses; delivery is the real test.
pub fn is_plausible_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_CHARS || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else { return false };
    if local.is_empty() || domain.contains('@') || !domain.contains('.') {
        return false;
    }
    domain.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, email: &str, body: &str) -> CommentInput {
        CommentInput { name: name.into(), email: email.into(), address: String::new(), body: body.into() }
    }

    #[test]
    fn a_good_comment_is_normalised() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A";
        let clean = input(&format!("  {nfd}  "), " Ban.Doc@Example.VN ", "Dòng một\r\n\r\n\r\nDòng hai\n\n")
            .clean()
            .expect("valid");
        assert_eq!(clean.name, "Nguyễn Văn A");
        assert_eq!(clean.email, "ban.doc@example.vn");
        assert_eq!(clean.body, "Dòng một\n\nDòng hai");
    }

    #[test]
    fn every_failing_field_is_reported_at_once() {
        let errors = input(" ", "không-phải-email", "").clean().expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "body"]);
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn the_body_limit_counts_characters_not_bytes() {
        let at_limit = "ồ".repeat(MAX_BODY_CHARS);
        assert!(input("A", "a@b.vn", &at_limit).clean().is_ok());
        let over = input("A", "a@b.vn", &format!("{at_limit}ồ")).clean().expect_err("too long");
        assert!(over[0].message.contains("3001"), "{}", over[0].message);
    }

    #[test]
    fn disguising_characters_are_removed_and_emoji_kept() {
        let clean = input("\u{202E}gnp.exe\u{202C}", "a@b.vn", "Xin\u{200B} chào 👨\u{200D}👩\u{200D}👧\u{FEFF}")
            .clean()
            .expect("valid");
        assert_eq!(clean.name, "gnp.exe");
        assert_eq!(clean.body, "Xin chào 👨\u{200D}👩\u{200D}👧");
    }

    #[test]
    fn plausible_addresses() {
        for good in ["a@b.vn", "tên.họ+tag@báo.việt.nam", "x@sub-domain.example.com"] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in ["", "a", "a@b", "@b.vn", "a@@b.vn", "a@b..vn", "a b@c.vn", "a@-b.vn", "a@b.vn\n"] {
            assert!(!is_plausible_email(bad), "{bad:?}");
        }
    }
}
