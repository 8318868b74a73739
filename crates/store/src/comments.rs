//! Reader comments as stored: a submission is checked against the shared limits (per IP, per
//! e-mail, duplicates, known spammers, a used captcha token) and written in one transaction, so
//! several nodes enforce one set of limits and a crash leaves either the whole comment or none.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;

use crate::{Db, Result, StoreError, Tx, on_pool, on_tx};

/// Where a comment stands. Only `Approved` comments are ever shown to readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Pending,
    Approved,
    Rejected,
    Spam,
}

impl CommentStatus {
    pub const ALL: [CommentStatus; 4] =
        [CommentStatus::Pending, CommentStatus::Approved, CommentStatus::Rejected, CommentStatus::Spam];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Rejected => "rejected",
            CommentStatus::Spam => "spam",
        }
    }

    pub fn parse(text: &str) -> Option<CommentStatus> {
        CommentStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The newsroom's word for it.
    pub fn label(self) -> &'static str {
        match self {
            CommentStatus::Pending => "Chờ duyệt",
            CommentStatus::Approved => "Đã duyệt",
            CommentStatus::Rejected => "Đã từ chối",
            CommentStatus::Spam => "Thư rác",
        }
    }
}

/// A reader's comment that passed the field rules, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub article_id: i64,
    pub name: String,
    pub email: String,
    pub address: String,
    pub body: String,
    /// The folded words of the body: duplicates are found, and moderators search, by it.
    pub body_key: String,
    pub ip: String,
    /// `Pending`, or `Spam` when the word filter caught it.
    pub status: CommentStatus,
}

/// How many comments one IP address or one e-mail address may send within `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_ip: i64,
    pub per_email: i64,
    pub window: Duration,
}

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    Stored {
        id: i64,
        status: CommentStatus,
    },
    /// The form's token was already used: the answer is being replayed.
    TokenUsed,
    NoSuchArticle,
    TooManyFromIp,
    TooManyFromEmail,
    /// The same words from the same e-mail on the same article are already there.
    Duplicate,
}

/// A comment as readers see it: no e-mail, no address, no IP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicComment {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// Written by a newsroom account ("Toà soạn trả lời").
    pub newsroom: bool,
    /// The answers in the thread, oldest first: the newsroom's and, from an imported site,
    /// other readers' (answers to answers included).
    pub replies: Vec<PublicComment>,
}

impl Db {
    /// Stores a comment if every shared limit allows it. `token` is the form's used-once nonce
    /// and when it expires (the API without captcha has none).
    pub async fn submit_comment(
        &self,
        comment: &NewComment,
        token: Option<(&str, DateTime<Utc>)>,
        limits: RateLimits,
        now: DateTime<Utc>,
    ) -> Result<Submission> {
        let now = now.trunc_subsecs(6);
        let mut tx = self.begin().await?;
        if let Tx::Postgres(t) = &mut tx {
            // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs these so
            // two nodes cannot both count 4 of 5 and both insert the 5th.
            let lock = "SELECT pg_advisory_xact_lock(hashtext($1)::bigint)";
            sqlx::query(lock).bind(format!("comment-ip:{}", comment.ip)).execute(&mut **t).await?;
            sqlx::query(lock).bind(format!("comment-email:{}", comment.email)).execute(&mut **t).await?;
        }
        if let Some((nonce, expires)) = token
            && !use_nonce(&mut tx, nonce, expires).await?
        {
            return Ok(Submission::TokenUsed);
        }
        if let Some(refused) = check_limits(&mut tx, comment, limits, now).await? {
            return Ok(refused);
        }
        let status = if is_known_spammer(&mut tx, &comment.email, &comment.ip).await? {
            CommentStatus::Spam
        } else {
            comment.status
        };
        let insert = "INSERT INTO comments (article_id, name, email, address, body, body_folded, status, ip, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(insert).bind(comment.article_id).bind(&comment.name)
            .bind(&comment.email).bind(&comment.address).bind(&comment.body).bind(&comment.body_key)
            .bind(status.as_str()).bind(&comment.ip).bind(now).fetch_one(conn).await)?;
        tx.commit().await?;
        Ok(Submission::Stored { id, status })
    }

    /// The approved comments of an article, oldest first, each with the newsroom's replies.
    pub async fn approved_comments(&self, article_id: i64) -> Result<Vec<PublicComment>> {
        let sql = "SELECT id, parent_id, author_id, name, body, created_at FROM comments \
             WHERE article_id = $1 AND status = 'approved' ORDER BY id";
        let rows = on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(article_id).fetch_all(pool).await?;
            rows.iter().map(|row| {
                let comment = PublicComment {
                    id: row.try_get("id")?,
                    name: row.try_get("name")?,
                    body: row.try_get("body")?,
                    created_at: row.try_get("created_at")?,
                    newsroom: row.try_get::<Option<i64>, _>("author_id")?.is_some(),
                    replies: Vec::new(),
                };
                Ok((row.try_get::<Option<i64>, _>("parent_id")?, comment))
            }).collect::<Result<Vec<_>>>()
        })?;
        Ok(threads(rows))
    }

    /// Forgets used captcha tokens that could no longer be answered anyway.
    pub async fn purge_used_tokens(&self, now: DateTime<Utc>) -> Result<u64> {
        let sql = "DELETE FROM captcha_used WHERE expires_at <= $1";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(now).execute(pool).await.map(|r| r.rows_affected()))?)
    }

    /// A site secret by name, made by `make` the first time any node asks (the first writer
    /// wins; every node then reads the same value).
    pub async fn site_secret(&self, name: &str, make: impl FnOnce() -> String) -> Result<String> {
        let insert = "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
        let select = "SELECT value FROM site_secrets WHERE name = $1";
        let existing: Option<String> =
            on_pool!(self, pool => sqlx::query_scalar(select).bind(name).fetch_optional(pool).await)?;
        if let Some(value) = existing {
            return Ok(value);
        }
        let value = make();
        on_pool!(self, pool => sqlx::query(insert).bind(name).bind(&value).execute(pool).await.map(|r| r.rows_affected()))?;
        Ok(on_pool!(self, pool => sqlx::query_scalar(select).bind(name).fetch_one(pool).await)?)
    }
}

/// Records the nonce as used; false if it already was.
/// Comments (with their parent's id, oldest first) as threads: every answer under the top
/// comment of its thread, however deep it was; an answer whose thread is not shown is not shown.
fn threads(rows: Vec<(Option<i64>, PublicComment)>) -> Vec<PublicComment> {
    let mut root_of: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let mut top: Vec<PublicComment> = Vec::new();
    for (parent, comment) in rows {
        match parent {
            None => {
                root_of.insert(comment.id, comment.id);
                top.push(comment);
            }
            Some(parent) => {
                let Some(&root) = root_of.get(&parent) else { continue };
                root_of.insert(comment.id, root);
                if let Some(owner) = top.iter_mut().find(|c| c.id == root) {
                    owner.replies.push(comment);
                }
            }
        }
    }
    top
}

async fn use_nonce(tx: &mut Tx, nonce: &str, expires: DateTime<Utc>) -> Result<bool> {
    let sql = "INSERT INTO captcha_used (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING";
    let inserted = on_tx!(tx, conn => sqlx::query(sql).bind(nonce).bind(expires.trunc_subsecs(6)).execute(conn).await
        .map(|r| r.rows_affected()))?;
    Ok(inserted == 1)
}

/// The first limit the comment breaks, if any.
async fn check_limits(
    tx: &mut Tx,
    comment: &NewComment,
    limits: RateLimits,
    now: DateTime<Utc>,
) -> Result<Option<Submission>> {
    let published = "SELECT COUNT(*) FROM articles WHERE id = $1 AND status = 'published'";
    let found: i64 = on_tx!(tx, conn => sqlx::query_scalar(published).bind(comment.article_id).fetch_one(conn).await)?;
    if found == 0 {
        return Ok(Some(Submission::NoSuchArticle));
    }
    let since = now - limits.window;
    let by_ip = "SELECT COUNT(*) FROM comments WHERE ip = $1 AND created_at > $2 AND author_id IS NULL";
    let from_ip: i64 =
        on_tx!(tx, conn => sqlx::query_scalar(by_ip).bind(&comment.ip).bind(since).fetch_one(conn).await)?;
    if from_ip >= limits.per_ip {
        return Ok(Some(Submission::TooManyFromIp));
    }
    let by_email = "SELECT COUNT(*) FROM comments WHERE email = $1 AND created_at > $2 AND author_id IS NULL";
    let from_email: i64 =
        on_tx!(tx, conn => sqlx::query_scalar(by_email).bind(&comment.email).bind(since).fetch_one(conn).await)?;
    if from_email >= limits.per_email {
        return Ok(Some(Submission::TooManyFromEmail));
    }
    let same = "SELECT COUNT(*) FROM comments WHERE email = $1 AND article_id = $2 AND body_folded = $3";
    let copies: i64 = on_tx!(tx, conn => sqlx::query_scalar(same).bind(&comment.email).bind(comment.article_id)
        .bind(&comment.body_key).fetch_one(conn).await)?;
    Ok((copies > 0).then_some(Submission::Duplicate))
}

async fn is_known_spammer(tx: &mut Tx, email: &str, ip: &str) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM spam_senders WHERE (kind = 'email' AND value = $1) OR (kind = 'ip' AND value = $2)";
    let found: i64 = on_tx!(tx, conn => sqlx::query_scalar(sql).bind(email).bind(ip).fetch_one(conn).await)?;
    Ok(found > 0)
}

pub(crate) fn parse_status(text: &str) -> Result<CommentStatus> {
    CommentStatus::parse(text).ok_or_else(|| StoreError::Corrupt(format!("comment status {text:?}")))
}
