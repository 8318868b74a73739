//! The job runner every node starts: it claims one job at a time from the jobs table (see
//! `toasoan_store::jobs`), renews its lease while the job runs, and records the outcome. A job
//! that fails waits longer after each attempt; after its last one it stays failed, with its
//! error, for the operator (and the metrics) to see. This module names the features whose jobs
//! it runs, so it sits beside the router rather than in the kernel.

use std::time::Duration;

use toasoan_store::ClaimedJob;

use crate::SharedState;
use crate::features::print;
use crate::kernel::notify;

/// How long a claimed job is this node's without word from it.
pub const LEASE: Duration = Duration::from_secs(30);
/// How often a running job's lease is renewed (well within [`LEASE`]).
const RENEW_EVERY: Duration = Duration::from_secs(10);
/// How often an idle runner looks for work others added (its own node rings the bell).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// The kinds of job this node can run: PDF work only where there is a PDF reader, OCR only
/// where it has an OCR engine, mail only where SMTP is set up.
pub fn kinds(state: &SharedState) -> Vec<&'static str> {
    let mut kinds = Vec::new();
    if let Some(reader) = &state.pdf {
        kinds.extend([print::TEXT_JOB, print::COVER_JOB]);
        if reader.ocr_engine().is_some() {
            kinds.push(print::OCR_JOB);
        }
    }
    if state.notifier.is_some() {
        kinds.push(notify::JOB);
    }
    kinds
}

/// Runs jobs for the life of the server.
pub fn spawn_job_runner(state: SharedState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let kinds = kinds(&state);
        loop {
            match state.db.claim_job(state.jobs.node(), LEASE, &kinds).await {
                Ok(Some(job)) => run_one(&state, job).await,
                Ok(None) => state.jobs.wait(IDLE_POLL).await,
                Err(error) => {
                    tracing::warn!(%error, "cannot claim a job; retrying");
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
        }
    })
}

async fn run_one(state: &SharedState, job: ClaimedJob) {
    let node = state.jobs.node();
    let started = std::time::Instant::now();
    let work = run(state, &job);
    tokio::pin!(work);
    let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + RENEW_EVERY, RENEW_EVERY);
    let outcome = loop {
        tokio::select! {
            outcome = &mut work => break outcome,
            _ = renew.tick() => match state.db.renew_job(job.id, node, LEASE).await {
                Ok(true) => {}
                Ok(false) => tracing::warn!(job = job.id, kind = job.kind, "this node lost the job's lease; another took it over"),
                Err(error) => tracing::warn!(job = job.id, %error, "cannot renew a job's lease"),
            },
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let recorded = match &outcome {
        Ok(()) => {
            tracing::info!(job = job.id, kind = job.kind, seconds, "job done");
            state.db.finish_job(job.id, node).await.map(|_| ())
        }
        Err(error) => {
            tracing::warn!(job = job.id, kind = job.kind, attempt = job.attempts, %error, "job failed");
            state.db.fail_job(&job, node, error, retry_after(job.attempts)).await
        }
    };
    state.metrics.job_ran(&job.kind, outcome.is_ok());
    if let Err(error) = recorded {
        tracing::warn!(job = job.id, %error, "cannot record a job's outcome; its lease will run out and it runs again");
    }
}

/// 10 s, 40 s, 90 s, 160 s… after the first, second, third failure.
fn retry_after(attempts: i32) -> Duration {
    let n = u64::try_from(attempts.max(1)).unwrap_or(1);
    Duration::from_secs(10 * n * n)
}

async fn run(state: &SharedState, job: &ClaimedJob) -> Result<(), String> {
    match job.kind.as_str() {
        print::TEXT_JOB => print::read_text_job(state, &job.payload).await,
        print::COVER_JOB => print::draw_cover_job(state, &job.payload).await,
        print::OCR_JOB => print::ocr_job(state, &job.payload).await,
        notify::JOB => notify::send_batch(state, &job.payload).await,
        other => Err(format!("this node does not know jobs of kind {other:?}")),
    }
}

/// Gives back the jobs this node holds (at shutdown), so others take them at once.
pub async fn release_jobs(state: &SharedState) {
    match state.db.release_jobs(state.jobs.node()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(jobs = n, "gave back the jobs this node held"),
        Err(error) => tracing::warn!(%error, "cannot give back this node's jobs; their leases will run out"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time() {
        assert_eq!(retry_after(1), Duration::from_secs(10));
        assert_eq!(retry_after(3), Duration::from_secs(90));
        assert_eq!(retry_after(0), Duration::from_secs(10));
    }
}
