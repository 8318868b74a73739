//! The jobs table: background work any node may do, claimed under a lease. A node that dies
//! holding a job simply stops renewing its lease; when the lease runs out the job is claimable
//! again, so nothing is lost. Claiming is one statement: on PostgreSQL the row is locked with
//! `FOR UPDATE SKIP LOCKED` (nodes claiming at once get different jobs and never wait on each
//! other); on SQLite the write transaction already holds the database's only write lock. That
//! clause is the one place where the two engines' SQL differ.

use chrono::{DateTime, SubsecRound, Utc};
use std::time::Duration;

use crate::{Db, Result, Tx, on_pool, on_tx};

/// A job to add.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    /// JSON.
    pub payload: String,
    /// Only one waiting job per key: adding another while one waits changes nothing.
    pub dedupe_key: Option<String>,
    pub run_at: DateTime<Utc>,
}

impl NewJob {
    /// A job to run as soon as a node is free.
    pub fn now(kind: &str, payload: String) -> NewJob {
        NewJob { kind: kind.to_owned(), payload, dedupe_key: None, run_at: Utc::now() }
    }
}

/// A job a node has claimed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// This claim included (1 on the first run).
    pub attempts: i32,
    pub max_attempts: i32,
}

/// How many jobs wait, run and have failed for good (for metrics and the newsroom).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub waiting: i64,
    pub running: i64,
    pub failed: i64,
}

const INSERT: &str = "INSERT INTO jobs (kind, payload, dedupe_key, run_at, created_at) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (dedupe_key) WHERE state = 'waiting' DO NOTHING";

const CLAIM: &str = "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
     WHERE id = (SELECT id FROM jobs WHERE ((state = 'waiting' AND run_at <= $3) \
     OR (state = 'running' AND lease_until < $3)) AND kind IN ({KINDS}) ORDER BY run_at, id LIMIT 1{LOCK}) \
     RETURNING id, kind, payload, attempts, max_attempts";

/// Whether any job is due at all: a plain read, so an idle node's poll every second takes no
/// write lock (on SQLite the claim's `BEGIN IMMEDIATE` would hold up every writer for it).
const ANY_DUE: &str = "SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE (state = 'waiting' AND run_at <= $1) \
     OR (state = 'running' AND lease_until < $1) LIMIT 1) AS due";

fn at(time: DateTime<Utc>) -> DateTime<Utc> {
    time.trunc_subsecs(6)
}

fn later(duration: Duration) -> DateTime<Utc> {
    at(Utc::now() + chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX))
}

impl Tx {
    /// Adds a job in the same transaction as the write that calls for it, so the two are kept
    /// or lost together.
    pub async fn add_job(&mut self, job: &NewJob) -> Result<()> {
        on_tx!(self, conn => sqlx::query(INSERT).bind(&job.kind).bind(&job.payload).bind(&job.dedupe_key)
            .bind(at(job.run_at)).bind(at(Utc::now())).execute(conn).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

impl Db {
    pub async fn add_job(&self, job: &NewJob) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.add_job(job).await?;
        tx.commit().await
    }

    /// Claims, for `owner` until `lease` from now, the job of one of `kinds` (those this node
    /// can do: a node without a PDF reader leaves PDFs to others, an older node during an upgrade
    /// leaves kinds it does not know) that has waited longest, or whose holder's lease ran out.
    pub async fn claim_job(&self, owner: &str, lease: Duration, kinds: &[&str]) -> Result<Option<ClaimedJob>> {
        if kinds.is_empty() {
            return Ok(None);
        }
        let now = at(Utc::now());
        let due: i64 = on_pool!(self, pool => sqlx::query_scalar(ANY_DUE).bind(now).fetch_one(pool).await)?;
        if due == 0 {
            return Ok(None);
        }
        let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
        let sql = CLAIM.replace("{KINDS}", &placeholders.join(", "));
        Ok(match self {
            Db::Sqlite(pool) => {
                let sql = sql.replace("{LOCK}", "");
                // Safe: only numbered placeholders and a fixed clause were put into the text.
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).bind(later(lease)).bind(now);
                for kind in kinds {
                    query = query.bind(*kind);
                }
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let job = query.fetch_optional(&mut *tx).await?;
                tx.commit().await?;
                job
            }
            Db::Postgres(pool) => {
                let sql = sql.replace("{LOCK}", " FOR UPDATE SKIP LOCKED");
                // Safe: only numbered placeholders and a fixed clause were put into the text.
                let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).bind(later(lease)).bind(now);
                for kind in kinds {
                    query = query.bind(*kind);
                }
                query.fetch_optional(pool).await?
            }
        })
    }

    /// Extends the lease of a job `owner` still holds; false when it lost it (ran out and was
    /// taken over), so the caller knows its result will not count.
    pub async fn renew_job(&self, id: i64, owner: &str, lease: Duration) -> Result<bool> {
        let sql = "UPDATE jobs SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND state = 'running'";
        let n = on_pool!(self, pool => sqlx::query(sql).bind(later(lease)).bind(id).bind(owner).execute(pool).await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Marks a job done, if `owner` still holds it.
    pub async fn finish_job(&self, id: i64, owner: &str) -> Result<bool> {
        let sql = "UPDATE jobs SET state = 'done', finished_at = $1, lease_owner = NULL, lease_until = NULL \
             WHERE id = $2 AND lease_owner = $3 AND state = 'running'";
        let n = on_pool!(self, pool => sqlx::query(sql).bind(at(Utc::now())).bind(id).bind(owner).execute(pool).await
            .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Records a failed attempt: the job waits `retry_in` and runs again, or, after its last
    /// attempt, stays failed with the error for an operator to see.
    pub async fn fail_job(&self, job: &ClaimedJob, owner: &str, error: &str, retry_in: Duration) -> Result<()> {
        let error: String = error.chars().take(2_000).collect();
        let mut tx = self.begin().await?;
        if job.attempts >= job.max_attempts {
            let sql = "UPDATE jobs SET state = 'failed', finished_at = $1, last_error = $2, lease_owner = NULL, \
                 lease_until = NULL WHERE id = $3 AND lease_owner = $4 AND state = 'running'";
            on_tx!(&mut tx, conn => sqlx::query(sql).bind(at(Utc::now())).bind(&error).bind(job.id).bind(owner)
                .execute(conn).await.map(|r| r.rows_affected()))?;
        } else {
            let waiting = "UPDATE jobs SET state = 'done', finished_at = $1 WHERE state = 'waiting' \
                 AND dedupe_key = (SELECT dedupe_key FROM jobs WHERE id = $2 AND lease_owner = $3 AND state = 'running')";
            on_tx!(&mut tx, conn => sqlx::query(waiting).bind(at(Utc::now())).bind(job.id).bind(owner)
                .execute(conn).await.map(|r| r.rows_affected()))?;
            let sql = "UPDATE jobs SET state = 'waiting', run_at = $1, last_error = $2, lease_owner = NULL, \
                 lease_until = NULL WHERE id = $3 AND lease_owner = $4 AND state = 'running'";
            on_tx!(&mut tx, conn => sqlx::query(sql).bind(later(retry_in)).bind(&error).bind(job.id).bind(owner)
                .execute(conn).await.map(|r| r.rows_affected()))?;
        }
        tx.commit().await
    }

    /// Gives back every job `owner` holds (a node shutting down), uncounted, so another node
    /// takes them at once instead of after their leases. A batch job given back takes the place
    /// of a batch with its key that waits (it started earlier, so it covers what that one would).
    pub async fn release_jobs(&self, owner: &str) -> Result<u64> {
        let replaced = "UPDATE jobs SET state = 'done', finished_at = $1 WHERE state = 'waiting' AND dedupe_key IN \
             (SELECT dedupe_key FROM jobs WHERE lease_owner = $2 AND state = 'running' AND dedupe_key IS NOT NULL)";
        let later_twins = "UPDATE jobs SET state = 'done', finished_at = $1, lease_owner = NULL, lease_until = NULL \
             WHERE lease_owner = $2 AND state = 'running' AND dedupe_key IS NOT NULL AND EXISTS (SELECT 1 FROM jobs AS \
             other WHERE other.dedupe_key = jobs.dedupe_key AND other.lease_owner = $2 AND other.state = 'running' \
             AND other.id < jobs.id)";
        let release = "UPDATE jobs SET state = 'waiting', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL \
             WHERE lease_owner = $1 AND state = 'running'";
        let now = at(Utc::now());
        let mut tx = self.begin().await?;
        for sql in [replaced, later_twins] {
            on_tx!(&mut tx, conn => sqlx::query(sql).bind(now).bind(owner).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        let released =
            on_tx!(&mut tx, conn => sqlx::query(release).bind(owner).execute(conn).await.map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(released)
    }

    pub async fn job_counts(&self) -> Result<JobCounts> {
        let sql = "SELECT state, COUNT(*) FROM jobs WHERE state IN ('waiting', 'running', 'failed') GROUP BY state";
        let rows: Vec<(String, i64)> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        let mut counts = JobCounts::default();
        for (state, n) in rows {
            match state.as_str() {
                "waiting" => counts.waiting = n,
                "running" => counts.running = n,
                _ => counts.failed = n,
            }
        }
        Ok(counts)
    }

    /// The state of the newest job with this dedupe key (`waiting`, `running`, `done`,
    /// `failed`) and its last error, for the newsroom to say what is happening.
    pub async fn job_state(&self, dedupe_key: &str) -> Result<Option<(String, String)>> {
        let sql = "SELECT state, last_error FROM jobs WHERE dedupe_key = $1 ORDER BY id DESC LIMIT 1";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(dedupe_key).fetch_optional(pool).await)?)
    }

    /// Removes jobs finished before `before` (done ones; failed ones stay until looked at).
    pub async fn prune_jobs(&self, before: DateTime<Utc>) -> Result<u64> {
        let sql = "DELETE FROM jobs WHERE state = 'done' AND finished_at < $1";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(at(before)).execute(pool).await.map(|r| r.rows_affected()))?)
    }
}
