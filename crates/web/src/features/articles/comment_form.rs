//! The comment form as the article page shows it: the reader's values and errors when it comes
//! back, and the per-request part (the one-time token, the captcha picture or question) that is
//! filled into the cached page's hole (see `cache_slot`).

use std::collections::BTreeMap;

use serde::Serialize;
use toasoan_comments::captcha::ChallengeKind;
use toasoan_comments::{CommentInput, FieldError, MAX_BODY_CHARS};
use toasoan_store::PublicComment;

use crate::SharedState;
use crate::kernel::cache_slot::MARKER;
use crate::kernel::to_value;

/// What the form template needs.
#[derive(Debug, Clone, Serialize)]
pub struct CommentFormView {
    pub action: String,
    pub name: String,
    pub email: String,
    pub address: String,
    pub body: String,
    /// Field name (`name`, `email`, `address`, `body`, `captcha`, `form`) → message.
    pub errors: BTreeMap<&'static str, String>,
    /// Trusted HTML: the hole's marker on the cached page, else the token and captcha.
    pub slot: String,
    pub max_body: usize,
}

impl CommentFormView {
    /// The empty form of the cached article page: its token goes into the hole per request.
    pub fn blank(article_id: i64) -> CommentFormView {
        CommentFormView {
            action: action(article_id),
            name: String::new(),
            email: String::new(),
            address: String::new(),
            body: String::new(),
            errors: BTreeMap::new(),
            slot: MARKER.to_owned(),
            max_body: MAX_BODY_CHARS,
        }
    }

    /// The form on a newsroom preview: no token, since nobody comments on a draft.
    pub fn preview(article_id: i64) -> CommentFormView {
        CommentFormView { slot: String::new(), ..CommentFormView::blank(article_id) }
    }

    /// The form given back: everything the reader typed, the reasons, a fresh token of `kind`.
    pub fn returned(
        state: &SharedState,
        article_id: i64,
        input: &CommentInput,
        errors: &[FieldError],
        kind: ChallengeKind,
    ) -> CommentFormView {
        CommentFormView {
            action: action(article_id),
            name: input.name.clone(),
            email: input.email.clone(),
            address: input.address.clone(),
            body: input.body.clone(),
            errors: errors.iter().map(|e| (e.field, e.message.clone())).collect(),
            slot: slot_html(state, kind),
            max_body: MAX_BODY_CHARS,
        }
    }
}

fn action(article_id: i64) -> String {
    format!("/binh-luan/{article_id}")
}

/// The per-request part of the form: a new token and, when the captcha is on, its challenge.
pub fn slot_html(state: &SharedState, kind: ChallengeKind) -> String {
    let kind = if state.site.comments.captcha { kind } else { ChallengeKind::Plain };
    let token = match state.captcha.issue(kind, chrono::Utc::now().timestamp()) {
        Ok(token) => token,
        Err(error) => {
            tracing::error!(%error, "no randomness for a form token");
            return String::new();
        }
    };
    let question = match (kind, state.captcha.open(&token, chrono::Utc::now().timestamp())) {
        (ChallengeKind::Question, Ok(challenge)) => state.captcha.question(&challenge),
        _ => String::new(),
    };
    let kind_name = match kind {
        ChallengeKind::Plain => "plain",
        ChallengeKind::Image => "image",
        ChallengeKind::Question => "question",
    };
    let context = minijinja::context! { token, kind => kind_name, question };
    state.templates.render("comment_slot.html", context).unwrap_or_else(|error| {
        tracing::error!(%error, "the comment form's token cannot be rendered");
        String::new()
    })
}

/// A comment as the article page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub time: String,
    pub iso_time: String,
    /// An answer from a newsroom account, shown as "Toà soạn trả lời".
    pub newsroom: bool,
    pub replies: Vec<CommentView>,
}

impl From<&PublicComment> for CommentView {
    fn from(comment: &PublicComment) -> Self {
        CommentView {
            id: comment.id,
            name: comment.name.clone(),
            body: comment.body.clone(),
            time: vn::time::format_article_time(comment.created_at),
            iso_time: vn::time::format_rfc3339(comment.created_at),
            newsroom: comment.newsroom,
            replies: comment.replies.iter().map(CommentView::from).collect(),
        }
    }
}

/// The comments and the form, as template values.
pub fn comments_context(comments: &[PublicComment], form: &CommentFormView) -> minijinja::Value {
    let comments: Vec<CommentView> = comments.iter().map(CommentView::from).collect();
    minijinja::context! { comments => to_value(comments), comment_form => to_value(form) }
}
