//! Scheduled publishing: every node checks every few seconds for articles whose time has come.
//! Articles go live within [`INTERVAL`] of their time, exactly once however many nodes run this
//! (see [`super::actions::publish_due`]).

use std::time::Duration;

use crate::SharedState;

pub const INTERVAL: Duration = Duration::from_secs(10);

/// Runs for the life of the server; errors are logged and retried at the next tick.
pub fn spawn_scheduler(state: SharedState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(INTERVAL);
        loop {
            ticker.tick().await;
            match super::actions::publish_due(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(published = n, "scheduled articles published"),
                Err(error) => tracing::warn!(%error, "scheduled publishing failed; retrying"),
            }
            if let Err(error) = state.db.purge_expired_sessions(chrono::Utc::now()).await {
                tracing::warn!(%error, "cannot purge expired sessions");
            }
            if let Err(error) = state.db.purge_used_tokens(chrono::Utc::now()).await {
                tracing::warn!(%error, "cannot purge used comment-form tokens");
            }
        }
    })
}
