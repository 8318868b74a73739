//! This node's side of the jobs table (`toasoan_store` holds the table): who this node is, as a
//! lease holder, and a bell that wakes its runner when a request here added a job, so work a
//! reader or editor started begins at once instead of at the next poll. The runner itself, which
//! names the features whose jobs it runs, is `crate::jobs`.

use std::time::Duration;

use toasoan_store::NewJob;
use tokio::sync::Notify;

use super::state::AppState;

/// This node's name in the jobs table, and the bell.
#[derive(Debug)]
pub struct JobQueue {
    node: String,
    bell: Notify,
}

impl JobQueue {
    /// A name unique to this process: the host, the process id, and a random part (two nodes
    /// in containers may share both of the first).
    pub fn new(random: &str) -> JobQueue {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let host = host.trim();
        let host = if host.is_empty() { "node" } else { host };
        let tail: String = random.chars().take(8).collect();
        JobQueue { node: format!("{host}:{}:{tail}", std::process::id()), bell: Notify::new() }
    }

    /// This node's name as a lease holder.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Wakes this node's runner.
    pub fn ring(&self) {
        self.bell.notify_one();
    }

    /// Waits for the bell, or `at_most`.
    pub async fn wait(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.bell.notified()).await;
    }
}

impl AppState {
    /// Adds a job (outside any other write) and wakes this node's runner; a failure is logged,
    /// as the work it stands for is not the request's own.
    pub async fn add_job(&self, job: NewJob) {
        match self.db.add_job(&job).await {
            Ok(()) => self.jobs.ring(),
            Err(error) => tracing::warn!(%error, kind = job.kind, "cannot add a background job"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_differ_by_their_random_part() {
        let (a, b) = (JobQueue::new("aaaaaaaaaaaa"), JobQueue::new("bbbbbbbbbbbb"));
        assert_ne!(a.node(), b.node());
        assert!(a.node().ends_with(&format!(":{}:aaaaaaaa", std::process::id())), "{}", a.node());
    }

    #[tokio::test]
    async fn the_bell_wakes_a_waiting_runner() {
        let queue = std::sync::Arc::new(JobQueue::new("x"));
        let waiter = queue.clone();
        let started = std::time::Instant::now();
        let waiting = tokio::spawn(async move { waiter.wait(Duration::from_secs(30)).await });
        queue.ring();
        waiting.await.expect("woken");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
