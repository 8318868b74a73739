//! The jobs table on both engines: a job is claimed by one owner at a time, is taken over when
//! its holder's lease runs out (a node that died), counts its attempts, fails for good after the
//! last one, folds batches with one key, and is given back when a node shuts down.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use std::time::Duration;

use chrono::Utc;
use toasoan_store::testing::test_databases;
use toasoan_store::{JobCounts, NewJob};

const LEASE: Duration = Duration::from_secs(30);
const KINDS: &[&str] = &["print_text", "print_cover", "comment_mail", "later"];

#[tokio::test]
async fn each_job_goes_to_one_node_and_is_done_once() {
    for t in test_databases().await {
        t.db.add_job(&NewJob::now("print_text", r#"{"issue":1}"#.into())).await.unwrap();
        t.db.add_job(&NewJob::now("print_text", r#"{"issue":2}"#.into())).await.unwrap();
        let later = NewJob { run_at: Utc::now() + chrono::Duration::hours(1), ..NewJob::now("later", "{}".into()) };
        t.db.add_job(&later).await.unwrap();

        let a = t.db.claim_job("node-a", LEASE, KINDS).await.unwrap().unwrap();
        let b = t.db.claim_job("node-b", LEASE, KINDS).await.unwrap().unwrap();
        assert_eq!((a.payload.as_str(), b.payload.as_str()), (r#"{"issue":1}"#, r#"{"issue":2}"#), "{}", t.engine);
        assert_eq!(a.attempts, 1);
        assert!(t.db.claim_job("node-c", LEASE, KINDS).await.unwrap().is_none(), "{}: nothing else is due", t.engine);
        t.db.add_job(&NewJob::now("print_ocr", "{}".into())).await.unwrap();
        assert!(t.db.claim_job("old-node", LEASE, KINDS).await.unwrap().is_none(), "a kind this node cannot do waits");
        assert!(t.db.claim_job("new-node", LEASE, &["print_ocr"]).await.unwrap().is_some());
        assert_eq!(t.db.job_counts().await.unwrap(), JobCounts { waiting: 1, running: 3, failed: 0 });

        assert!(!t.db.finish_job(a.id, "node-b").await.unwrap(), "only the holder finishes a job");
        assert!(t.db.finish_job(a.id, "node-a").await.unwrap());
        assert!(!t.db.finish_job(a.id, "node-a").await.unwrap(), "and only once");
        assert!(t.db.renew_job(b.id, "node-b", LEASE).await.unwrap());
        assert_eq!(t.db.job_counts().await.unwrap(), JobCounts { waiting: 1, running: 2, failed: 0 });
    }
}

#[tokio::test]
async fn a_dead_nodes_job_is_taken_over_after_its_lease() {
    for t in test_databases().await {
        t.db.add_job(&NewJob::now("print_text", "{}".into())).await.unwrap();
        let first = t.db.claim_job("dead-node", Duration::from_millis(300), KINDS).await.unwrap().unwrap();
        assert!(t.db.claim_job("live-node", LEASE, KINDS).await.unwrap().is_none(), "{}: leased", t.engine);
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let taken = t.db.claim_job("live-node", LEASE, KINDS).await.unwrap().unwrap();
        assert_eq!((taken.id, taken.attempts), (first.id, 2), "{}", t.engine);
        assert!(!t.db.renew_job(first.id, "dead-node", LEASE).await.unwrap(), "the old holder lost it");
        assert!(!t.db.finish_job(first.id, "dead-node").await.unwrap(), "its late result does not count");
        assert!(t.db.finish_job(taken.id, "live-node").await.unwrap());
    }
}

#[tokio::test]
async fn failures_are_retried_then_kept_with_their_error() {
    for t in test_databases().await {
        t.db.add_job(&NewJob::now("print_cover", "{}".into())).await.unwrap();
        for attempt in 1..=5 {
            let job = t.db.claim_job("node", LEASE, KINDS).await.unwrap().unwrap();
            assert_eq!(job.attempts, attempt, "{}", t.engine);
            t.db.fail_job(&job, "node", "pdftoppm: broken file", Duration::ZERO).await.unwrap();
        }
        assert!(t.db.claim_job("node", LEASE, KINDS).await.unwrap().is_none(), "{}: failed for good", t.engine);
        assert_eq!(t.db.job_counts().await.unwrap(), JobCounts { waiting: 0, running: 0, failed: 1 });
    }
}

#[tokio::test]
async fn one_waiting_batch_per_key_and_leases_given_back_at_shutdown() {
    for t in test_databases().await {
        let batch = |first: i64| NewJob {
            dedupe_key: Some("comment_mail".into()),
            ..NewJob::now("comment_mail", format!(r#"{{"first":{first}}}"#))
        };
        t.db.add_job(&batch(1)).await.unwrap();
        t.db.add_job(&batch(2)).await.unwrap();
        assert_eq!(t.db.job_counts().await.unwrap().waiting, 1, "{}: folded", t.engine);
        let first = t.db.claim_job("stopping", LEASE, KINDS).await.unwrap().unwrap();
        t.db.add_job(&batch(3)).await.unwrap();
        let second = t.db.claim_job("stopping", LEASE, KINDS).await.unwrap().unwrap();
        t.db.add_job(&NewJob::now("print_text", "{}".into())).await.unwrap();
        let text = t.db.claim_job("stopping", LEASE, KINDS).await.unwrap().unwrap();
        t.db.add_job(&batch(4)).await.unwrap();
        assert_eq!((first.payload.as_str(), second.payload.as_str()), (r#"{"first":1}"#, r#"{"first":3}"#));
        assert_eq!(text.kind, "print_text");
        assert_eq!(t.db.job_counts().await.unwrap(), JobCounts { waiting: 1, running: 3, failed: 0 });

        assert_eq!(t.db.release_jobs("stopping").await.unwrap(), 2, "{}", t.engine);
        assert_eq!(t.db.job_counts().await.unwrap(), JobCounts { waiting: 2, running: 0, failed: 0 });
        let again = t.db.claim_job("other", LEASE, KINDS).await.unwrap().unwrap();
        assert_eq!(again.payload, r#"{"first":1}"#, "{}: the earliest batch covers the later ones", t.engine);
        assert_eq!(again.attempts, 1, "{}: a given-back job's attempt is not counted", t.engine);
        t.db.add_job(&batch(5)).await.unwrap();
        t.db.fail_job(&again, "other", "SMTP refused", Duration::ZERO).await.unwrap();
        assert_eq!(
            t.db.job_counts().await.unwrap().waiting,
            2,
            "{}: a retried batch replaces the waiting one",
            t.engine
        );
        assert_eq!(t.db.prune_jobs(Utc::now() + chrono::Duration::seconds(1)).await.unwrap(), 3, "folded batches");
    }
}
