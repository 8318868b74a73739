//! Login throttling, shared by every node through the database.
//!
//! An attempt is *reserved* before its password is checked: in one transaction that holds a
//! lock on the e-mail and the address, the recent failures are counted and, when the limits
//! allow, a failure row is written at once. A right password then deletes it; a wrong one
//! leaves it. So a hundred simultaneous guesses at one account check at most
//! [`LOCKOUT_FAILURES`] passwords per window, on either engine.
//!
//! Failures count in two buckets per e-mail: from browsers that have logged into the account
//! before (a signed cookie the web crate checks) and from everyone else. A stranger who keeps
//! failing on an e-mail locks only the second bucket, so the owner's own browser still gets in.

use chrono::{DateTime, Duration, SubsecRound, Utc};

use crate::{Db, Result, Tx, normalize_email, on_pool, on_tx};

/// Failed logins that lock an e-mail (per bucket)…
pub const LOCKOUT_FAILURES: i64 = 5;
/// …when they happen within this long; the lock lasts until the oldest of them is this old.
pub const LOCKOUT_WINDOW: Duration = Duration::minutes(15);
/// Failed logins from one address, over every e-mail, within the window.
pub const ADDRESS_FAILURES: i64 = 20;

/// Who is trying to log in.
#[derive(Debug, Clone, Copy)]
pub struct LoginKey<'a> {
    pub email: &'a str,
    /// The client's address (see the web crate's `client_ip`).
    pub ip: &'a str,
    /// The browser carries a valid cookie from an earlier login to this account.
    pub known_device: bool,
}

/// What the limits decided about an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// The password may be checked; the attempt is recorded as a failure with this id until
    /// [`Db::login_succeeded`] says otherwise.
    Granted(i64),
    /// Too many failures for this e-mail (in this bucket) until then.
    EmailLocked(DateTime<Utc>),
    /// Too many failures from this address until then.
    AddressLocked(DateTime<Utc>),
}

impl Db {
    /// Reserves a login attempt, or says which limit refuses it.
    pub async fn reserve_login_attempt(&self, key: LoginKey<'_>, now: DateTime<Utc>) -> Result<Reservation> {
        let now = now.trunc_subsecs(6);
        let email = normalize_email(key.email);
        let mut tx = self.begin().await?;
        if let Tx::Postgres(t) = &mut tx {
            // SQLite's BEGIN IMMEDIATE serialises writers already; on PostgreSQL two nodes
            // must not both count 4 of 5 and both check a password. E-mail first, then
            // address, always in this order, so two attempts cannot wait on each other.
            let lock = "SELECT pg_advisory_xact_lock(hashtext($1)::bigint)";
            sqlx::query(lock).bind(format!("login-email:{email}")).execute(&mut **t).await?;
            sqlx::query(lock).bind(format!("login-ip:{}", key.ip)).execute(&mut **t).await?;
        }
        let since = now - LOCKOUT_WINDOW;
        let by_email = "SELECT failed_at FROM login_failures WHERE email = $1 AND known_device = $2 \
             AND failed_at > $3 ORDER BY failed_at DESC LIMIT $4";
        let recent: Vec<DateTime<Utc>> = on_tx!(&mut tx, conn => sqlx::query_scalar(by_email)
            .bind(&email).bind(key.known_device).bind(since).bind(LOCKOUT_FAILURES).fetch_all(conn).await)?;
        if let Some(until) = lock_end(&recent, LOCKOUT_FAILURES) {
            return Ok(Reservation::EmailLocked(until));
        }
        let by_address = "SELECT failed_at FROM login_failures WHERE ip = $1 AND failed_at > $2 \
             ORDER BY failed_at DESC LIMIT $3";
        let recent: Vec<DateTime<Utc>> = on_tx!(&mut tx, conn => sqlx::query_scalar(by_address)
            .bind(key.ip).bind(since).bind(ADDRESS_FAILURES).fetch_all(conn).await)?;
        if let Some(until) = lock_end(&recent, ADDRESS_FAILURES) {
            return Ok(Reservation::AddressLocked(until));
        }
        let insert =
            "INSERT INTO login_failures (email, failed_at, ip, known_device) VALUES ($1, $2, $3, $4) RETURNING id";
        let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(insert).bind(&email).bind(now).bind(key.ip)
            .bind(key.known_device).fetch_one(conn).await)?;
        tx.commit().await?;
        Ok(Reservation::Granted(id))
    }

    /// The reserved attempt had the right password: it and the earlier failures of its bucket
    /// are forgotten (a stranger's failures in the other bucket stay).
    pub async fn login_succeeded(&self, key: LoginKey<'_>, reservation: i64) -> Result<()> {
        let sql = "DELETE FROM login_failures WHERE id = $1 OR (email = $2 AND known_device = $3)";
        on_pool!(self, pool => sqlx::query(sql).bind(reservation).bind(normalize_email(key.email))
            .bind(key.known_device).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Takes back a reserved attempt whose password was never checked (the node was too busy).
    pub async fn release_login_attempt(&self, reservation: i64) -> Result<()> {
        let sql = "DELETE FROM login_failures WHERE id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(reservation).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Forgets every failure recorded for an e-mail (an administrator's reset of the password).
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        let sql = "DELETE FROM login_failures WHERE email = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(normalize_email(email)).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}

/// With `limit` failures in the window (newest first), the lock lasts until the oldest of
/// them leaves it.
fn lock_end(recent_newest_first: &[DateTime<Utc>], limit: i64) -> Option<DateTime<Utc>> {
    if (recent_newest_first.len() as i64) < limit {
        return None;
    }
    recent_newest_first.last().map(|oldest| *oldest + LOCKOUT_WINDOW)
}
