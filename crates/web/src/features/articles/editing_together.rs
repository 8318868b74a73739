//! Two people on one article. Whoever opens the editor is marked as there (again at each
//! autosave); the next person to open it within [`PRESENCE`] is told who is working on it. Each
//! save carries the version the editor opened (`version`, the article's last save time); a save
//! made on an older version is refused (409) and the editor comes back with both texts side by
//! side — the one being saved still in the form, the one saved meanwhile beside it — so nobody's
//! words are lost and the person who saved second decides what to keep.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use toasoan_core::FieldError;

use super::markdown;
use crate::SharedState;
use crate::kernel::PageError;

/// How long an opening or an autosave counts as being in the editor.
const PRESENCE: chrono::Duration = chrono::Duration::minutes(10);

/// The article's version as the form carries it: its last save time to the microsecond.
pub fn version_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The version a form came with; none (an old form, a script's post) saves as before.
pub fn parse_version(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim()).ok().map(|t| t.with_timezone(&Utc))
}

/// Marks `me` as in the article's editor and says who else has been there lately
/// ("Lan (từ 19:24)"). A failure only loses the warning, never the page.
pub async fn arrive(state: &SharedState, article_id: i64, me: i64) -> Vec<String> {
    let now = Utc::now();
    if let Err(error) = state.db.mark_editing(article_id, me, now).await {
        tracing::warn!(%error, "cannot mark who is editing");
    }
    match state.db.others_editing(article_id, me, now - PRESENCE).await {
        Ok(others) => others.into_iter().map(|(name, at)| format!("{name} (lúc {})", clock(at))).collect(),
        Err(error) => {
            tracing::warn!(%error, "cannot read who is editing");
            Vec::new()
        }
    }
}

/// What was saved meanwhile, to show beside the text that could not be saved.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub by: String,
    pub at: String,
    pub title: String,
    pub lead: String,
    pub body_markdown: String,
}

/// The article as saved now, who saved it and its version (the form's new base: saving again
/// after looking is a decision, not an accident).
pub async fn saved_meanwhile(state: &SharedState, article_id: i64) -> Result<(Conflict, String), PageError> {
    let (content, updated) = state.db.article_content(article_id).await?.ok_or(PageError::NotFound)?;
    let by = state.db.revisions(article_id).await?.into_iter().next().and_then(|r| r.user_name);
    let conflict = Conflict {
        by: by.unwrap_or_else(|| "một người khác".to_owned()),
        at: vn::time::format_article_time(updated),
        title: content.title,
        lead: content.lead,
        body_markdown: markdown::from_blocks(&content.blocks),
    };
    Ok((conflict, version_text(updated)))
}

/// The message above the two texts.
pub fn stale_error(conflict: &Conflict) -> FieldError {
    FieldError {
        field: "version",
        message: format!(
            "{} đã lưu bài này lúc {}, sau khi bạn mở. Bài của bạn chưa được lưu và vẫn nằm trong khung soạn; \
             bản họ đã lưu ở bên cạnh. Giữ lại những gì cần từ cả hai rồi bấm “Lưu”.",
            conflict.by, conflict.at
        ),
    }
}

fn clock(at: DateTime<Utc>) -> String {
    vn::time::in_vietnam(at).format("%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_round_trip_to_the_microsecond() {
        let at = DateTime::parse_from_rfc3339("2026-12-06T01:02:03.456789Z").map(|t| t.with_timezone(&Utc));
        let at = at.expect("a time");
        assert_eq!(version_text(at), "2026-12-06T01:02:03.456789Z");
        assert_eq!(parse_version(&version_text(at)), Some(at));
        assert_eq!(parse_version(""), None);
        assert_eq!(parse_version("hôm qua"), None);
    }
}
