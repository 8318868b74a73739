//! One submission, from the form or the API, through every rule in order: the trap field, the
//! fields, the token (forged, expired, too quick, already used), the captcha, links and blocked
//! words, then the shared limits and the write. The reader hears the first reasons that apply,
//! all at once where they can fix several.

use chrono::{DateTime, Utc};
use toasoan_comments::captcha::{CaptchaError, ChallengeKind};
use toasoan_comments::spam::{Verdict, duplicate_key};
use toasoan_comments::{CommentInput, FieldError};
use toasoan_store::{CommentStatus, NewComment, Submission};

use crate::SharedState;

/// What was sent, whichever way it came.
pub struct Attempt {
    pub article_id: i64,
    pub input: CommentInput,
    pub token: String,
    pub answer: String,
    /// The hidden field that only robots fill in.
    pub trap: String,
    pub ip: String,
    /// The form (which also has a minimum time to fill) rather than the API.
    pub from_form: bool,
}

/// Why a comment was not taken. Every variant carries what the reader is told, in Vietnamese.
#[derive(Debug)]
pub enum Refusal {
    /// Fix these fields (the captcha field is `captcha`, the whole form `form`).
    Fields(Vec<FieldError>),
    /// Too many comments from this address or e-mail for now.
    Limited(FieldError),
    NoSuchArticle,
    Internal,
}

/// A comment taken: stored (maybe straight into spam), or silently dropped (the trap field).
#[derive(Debug, PartialEq, Eq)]
pub enum Taken {
    Stored { id: i64, status: CommentStatus },
    Dropped,
}

pub async fn submit(state: &SharedState, attempt: Attempt, now: DateTime<Utc>) -> Result<Taken, Refusal> {
    if !attempt.trap.trim().is_empty() {
        tracing::info!(ip = %attempt.ip, "comment dropped: the hidden field was filled in");
        return Ok(Taken::Dropped);
    }
    let settings = &state.site.comments;
    let mut errors = Vec::new();
    let clean = attempt.input.clean().map_err(|e| errors.extend(e)).ok();
    let token = check_token(state, &attempt, now.timestamp()).map_err(|e| errors.push(e)).ok().flatten();
    let verdict = clean.as_ref().map(|c| settings.rules.verdict(c));
    if let Some(Verdict::Refused(error)) = &verdict {
        errors.push(error.clone());
    }
    let Some(clean) = clean.filter(|_| errors.is_empty()) else { return Err(Refusal::Fields(errors)) };
    let status = match verdict {
        Some(Verdict::Spam(reason)) => {
            tracing::info!(ip = %attempt.ip, %reason, "comment held as spam");
            CommentStatus::Spam
        }
        _ => CommentStatus::Pending,
    };
    let comment = NewComment {
        article_id: attempt.article_id,
        body_key: duplicate_key(&clean.body),
        name: clean.name,
        email: clean.email,
        address: clean.address,
        body: clean.body,
        ip: attempt.ip,
        status,
    };
    let stored = state
        .db
        .submit_comment(&comment, token.as_ref().map(|(n, e)| (n.as_str(), *e)), settings.limits, now)
        .await
        .map_err(|error| {
            tracing::error!(%error, "cannot store a comment");
            Refusal::Internal
        })?;
    match stored {
        Submission::Stored { id, status } => {
            if status == CommentStatus::Pending {
                crate::kernel::notify::new_comment(state, id).await;
            }
            Ok(Taken::Stored { id, status })
        }
        Submission::TokenUsed => Err(Refusal::Fields(vec![FieldError::new(
            "captcha",
            "Biểu mẫu này đã được gửi một lần. Xin nhập mã bảo vệ mới rồi gửi lại.",
        )])),
        Submission::NoSuchArticle => Err(Refusal::NoSuchArticle),
        Submission::TooManyFromIp | Submission::TooManyFromEmail => Err(Refusal::Limited(FieldError::new(
            "form",
            "Bạn đã gửi nhiều ý kiến trong thời gian ngắn. Xin thử lại sau ít phút; nội dung của bạn vẫn còn dưới đây.",
        ))),
        Submission::Duplicate => {
            Err(Refusal::Fields(vec![FieldError::new("body", "Ý kiến này bạn đã gửi rồi và đang chờ duyệt.")]))
        }
    }
}

/// The token's nonce and expiry when one is needed and it holds; `None` when the API is used
/// without one and the captcha is off.
fn check_token(
    state: &SharedState,
    attempt: &Attempt,
    now: i64,
) -> Result<Option<(String, DateTime<Utc>)>, FieldError> {
    let settings = &state.site.comments;
    let required = settings.captcha || attempt.from_form;
    if attempt.token.trim().is_empty() {
        return if required { Err(captcha_error(CaptchaError::Forged)) } else { Ok(None) };
    }
    let challenge = state.captcha.open(&attempt.token, now).map_err(captcha_error)?;
    if settings.captcha {
        if challenge.kind == ChallengeKind::Plain {
            return Err(captcha_error(CaptchaError::Forged)); // a captcha-free token cannot skip it
        }
        if attempt.answer.trim().is_empty() {
            return Err(FieldError::new("captcha", "Xin nhập mã bảo vệ."));
        }
        state.captcha.check(&challenge, &attempt.answer).map_err(captcha_error)?;
    }
    if attempt.from_form && now - challenge.issued_at < settings.min_fill_seconds {
        return Err(FieldError::new("form", "Bạn gửi nhanh quá. Xin đợi vài giây rồi bấm gửi lại."));
    }
    let expires =
        DateTime::from_timestamp(challenge.issued_at + state.captcha.lifetime, 0).unwrap_or(DateTime::UNIX_EPOCH);
    Ok(Some((challenge.nonce_hex(), expires)))
}

fn captcha_error(error: CaptchaError) -> FieldError {
    FieldError::new("captcha", error.vietnamese())
}
