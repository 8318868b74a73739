//! Reader comments, the rules without the plumbing: what a comment must look like
//! ([`input`]), what makes it look like spam ([`spam`]), and our own captcha ([`captcha`]).
//!
//! Nothing here touches the database or HTTP, so every rule is tested on its own; the store
//! keeps comments and rate-limit counts, the web crate puts the form on the page.

pub mod captcha;
pub mod input;
pub mod spam;

pub use captcha::{Captcha, CaptchaError, CaptchaKey, Challenge, ChallengeKind};
pub use input::{CleanComment, CommentInput, FieldError, MAX_BODY_CHARS, MAX_EMAIL_CHARS};
pub use spam::SpamRules;
