//! The way an article goes: nháp → chờ duyệt → đã duyệt → xuất bản (now, or lên lịch) → gỡ bài.
//!
//! Two questions, asked in this order: is the step possible from where the article is (else
//! 409), and may this person take it (else 403). Publishers may skip review: an editor-in-chief
//! who writes a piece publishes it without approving it first, as in Ghost.

use crate::Status;
use crate::roles::{Actor, ArticleAccess};

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// Nobody may take this step from the article's current status.
    #[error("an article that is {from} cannot become {to}")]
    NotFromHere { from: &'static str, to: &'static str },
    /// The step exists, but this person's role does not grant it.
    #[error("your role does not allow making this article {to}")]
    Forbidden { to: &'static str },
}

/// Whether `to` can follow `from`, whoever asks.
pub fn step_exists(from: Status, to: Status) -> bool {
    use Status::*;
    match (from, to) {
        (Draft, Submitted | Approved | Published | Scheduled) => true,
        (Submitted, Draft | Approved | Published | Scheduled) => true,
        (Approved, Draft | Published | Scheduled) => true,
        // Rescheduling, cancelling back to approved, or publishing at once.
        (Scheduled, Draft | Approved | Scheduled | Published) => true,
        (Published, Unpublished) => true,
        (Unpublished, Draft | Published | Scheduled) => true,
        _ => false,
    }
}

/// Checks a step for a person, 409-kind errors first.
pub fn check_step(actor: &Actor, article: &ArticleAccess, to: Status) -> Result<(), StepError> {
    if !step_exists(article.status, to) {
        return Err(StepError::NotFromHere { from: article.status.as_str(), to: to.as_str() });
    }
    let allowed = match to {
        // Submitting is the author's (or a publisher's) act; sending back is a publisher's.
        Status::Submitted => actor.can_edit(article),
        Status::Draft | Status::Approved | Status::Scheduled | Status::Published | Status::Unpublished => {
            actor.can_publish(article)
        }
    };
    if allowed { Ok(()) } else { Err(StepError::Forbidden { to: to.as_str() }) }
}

/// The Vietnamese name of a status, as the newsroom shows it.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Draft => "Nháp",
        Status::Submitted => "Chờ duyệt",
        Status::Approved => "Đã duyệt",
        Status::Scheduled => "Lên lịch",
        Status::Published => "Đã xuất bản",
        Status::Unpublished => "Đã gỡ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Role;

    const ALL: [Status; 6] =
        [Status::Draft, Status::Submitted, Status::Approved, Status::Scheduled, Status::Published, Status::Unpublished];

    fn article(status: Status) -> ArticleAccess {
        ArticleAccess { author_id: Some(7), category_id: 3, parent_category_id: None, status }
    }

    #[test]
    fn a_writer_submits_but_never_publishes() {
        let writer = Actor { user_id: 7, role: Role::Writer, categories: vec![] };
        assert_eq!(check_step(&writer, &article(Status::Draft), Status::Submitted), Ok(()));
        assert_eq!(
            check_step(&writer, &article(Status::Draft), Status::Published),
            Err(StepError::Forbidden { to: "published" })
        );
        assert_eq!(
            check_step(&writer, &article(Status::Submitted), Status::Approved),
            Err(StepError::Forbidden { to: "approved" })
        );
    }

    #[test]
    fn impossible_steps_are_refused_before_roles_are_asked() {
        let admin = Actor { user_id: 1, role: Role::Admin, categories: vec![] };
        assert_eq!(
            check_step(&admin, &article(Status::Draft), Status::Unpublished),
            Err(StepError::NotFromHere { from: "draft", to: "unpublished" })
        );
        let writer = Actor { user_id: 7, role: Role::Writer, categories: vec![] };
        assert!(matches!(
            check_step(&writer, &article(Status::Published), Status::Submitted),
            Err(StepError::NotFromHere { .. })
        ));
    }

    #[test]
    fn every_status_can_be_left_and_none_loops_onto_itself_but_scheduling() {
        for from in ALL {
            assert!(ALL.iter().any(|to| step_exists(from, *to)), "{from:?} is a dead end");
            assert_eq!(step_exists(from, from), from == Status::Scheduled, "{from:?}");
        }
    }

    #[test]
    fn an_editor_publishes_only_in_their_category() {
        let editor = Actor { user_id: 2, role: Role::Editor, categories: vec![3] };
        assert_eq!(check_step(&editor, &article(Status::Approved), Status::Published), Ok(()));
        let elsewhere = Actor { user_id: 2, role: Role::Editor, categories: vec![4] };
        assert!(check_step(&elsewhere, &article(Status::Approved), Status::Published).is_err());
    }
}
