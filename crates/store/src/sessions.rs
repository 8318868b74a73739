//! Sessions, login throttling and the audit log: the newsroom's shared state, kept in the
//! database so that every node sees the same logins and the same lockouts.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;

use crate::logins::LOCKOUT_WINDOW;
use crate::users::UserWith;
use crate::{Db, Result, StoreError, User, on_pool};

/// A live session: whose it is and the token its forms must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub user_name: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
}

impl Db {
    /// Stores a session under the hash of its cookie value.
    pub async fn create_session(&self, id_hash: &str, user_id: i64, csrf: &str, expires: DateTime<Utc>) -> Result<()> {
        let sql = "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
        let now = Utc::now().trunc_subsecs(6);
        on_pool!(self, pool => sqlx::query(sql).bind(id_hash).bind(user_id).bind(csrf).bind(now)
            .bind(expires.trunc_subsecs(6)).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The session with this hash, if it has not expired and its account is active.
    pub async fn session(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let sql = "SELECT u.id, u.email, u.name, u.role, u.active, u.created_at, u.slug, u.bio, s.csrf_token, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > $2 AND u.active = TRUE";
        let found = on_pool!(self, pool =>
            sqlx::query_as::<_, UserWith<SessionColumns>>(sql).bind(id_hash).bind(now).fetch_optional(pool).await)?;
        let Some(found) = found else { return Ok(None) };
        let user = User::try_from(found.user)?;
        let SessionColumns { csrf_token, expires_at } = found.extra;
        let categories = "SELECT category_id FROM user_categories WHERE user_id = $1 ORDER BY category_id";
        let categories: Vec<i64> =
            on_pool!(self, pool => sqlx::query_scalar(categories).bind(user.id).fetch_all(pool).await)?;
        Ok(Some(Session { user: User { categories, ..user }, csrf_token, expires_at }))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        let sql = "DELETE FROM sessions WHERE id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(id_hash).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Ends every session of an account (after a password reset or when it is disabled).
    pub async fn delete_user_sessions(&self, user_id: i64) -> Result<u64> {
        let sql = "DELETE FROM sessions WHERE user_id = $1";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(user_id).execute(pool).await.map(|r| r.rows_affected()))?)
    }

    /// Forgets expired sessions and login failures older than the lockout window.
    pub async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<()> {
        let sessions = "DELETE FROM sessions WHERE expires_at <= $1";
        let failures = "DELETE FROM login_failures WHERE failed_at <= $1";
        on_pool!(self, pool => sqlx::query(sessions).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
        let before = now - LOCKOUT_WINDOW;
        on_pool!(self, pool => sqlx::query(failures).bind(before).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records who did what; `target` names the thing ("article 12", "user 3").
    pub async fn audit(&self, user_id: Option<i64>, action: &str, target: &str, detail: &str) -> Result<()> {
        let sql = "INSERT INTO audit_log (user_id, action, target, detail, created_at) VALUES ($1, $2, $3, $4, $5)";
        let now = Utc::now().trunc_subsecs(6);
        on_pool!(self, pool => sqlx::query(sql).bind(user_id).bind(action).bind(target).bind(detail).bind(now)
            .execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The newest audit entries first.
    pub async fn audit_entries(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        let sql = "SELECT l.id, u.name AS user_name, l.action, l.target, l.detail, l.created_at \
             FROM audit_log l LEFT JOIN users u ON u.id = l.user_id ORDER BY l.id DESC LIMIT $1 OFFSET $2";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(limit).bind(offset).fetch_all(pool).await?;
            rows.iter()
                .map(|row| {
                    Ok::<AuditEntry, StoreError>(AuditEntry {
                        id: row.try_get("id")?,
                        user_name: row.try_get("user_name")?,
                        action: row.try_get("action")?,
                        target: row.try_get("target")?,
                        detail: row.try_get("detail")?,
                        created_at: row.try_get("created_at")?,
                    })
                })
                .collect()
        })
    }
}

/// What a session adds to its account's row.
#[derive(sqlx::FromRow)]
struct SessionColumns {
    csrf_token: String,
    expires_at: DateTime<Utc>,
}
