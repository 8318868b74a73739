//! The audit log: who did what in the newsroom.

use crate::SharedState;

/// Records an action in the audit log after it succeeded; a failed record is logged, not
/// turned into an error for a change that already happened.
pub async fn audit_after(state: &SharedState, user_id: i64, action: &str, target: &str, detail: &str) {
    if let Err(error) = state.db.audit(Some(user_id), action, target, detail).await {
        tracing::warn!(%error, action, target, "cannot write the audit log");
    }
}
