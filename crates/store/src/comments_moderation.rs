//! What the moderators read and do: the queue by status with filters, decisions in bulk (with
//! "spam" teaching the filter), the newsroom's replies, and the counts shown beside articles.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;

use crate::comments::{CommentStatus, parse_status};
use crate::{Db, Result, User, on_pool, on_tx};

/// Which comments a moderation list shows, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentFilter {
    /// Just this comment.
    pub id: Option<i64>,
    pub status: Option<CommentStatus>,
    pub article_id: Option<i64>,
    /// Words the comment must contain, matched on folded text.
    pub search: Option<String>,
    /// One commenter's comments: by e-mail…
    pub email: Option<String>,
    /// …or by IP address.
    pub ip: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A comment with everything a moderator needs to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModerationComment {
    pub id: i64,
    pub article_id: i64,
    pub article_title: String,
    pub article_path: String,
    pub name: String,
    pub email: String,
    pub address: String,
    pub body: String,
    pub status: CommentStatus,
    pub ip: String,
    pub created_at: DateTime<Utc>,
    /// The newsroom's replies to it, oldest first.
    pub replies: Vec<String>,
}

const COLUMNS: &str = "SELECT m.id, m.article_id, a.title AS article_title, a.slug AS article_slug, \
     c.slug AS category_slug, m.name, m.email, m.address, m.body, m.status, m.ip, m.created_at \
     FROM comments m JOIN articles a ON a.id = m.article_id JOIN categories c ON c.id = a.category_id";

fn where_clause(filter: &CommentFilter) -> (String, usize) {
    let mut conditions = vec!["m.parent_id IS NULL".to_owned()];
    let mut n = 0;
    let mut add = |condition: &str| {
        n += 1;
        conditions.push(condition.replace('?', &format!("${n}")));
    };
    if filter.id.is_some() {
        add("m.id = ?");
    }
    if filter.status.is_some() {
        add("m.status = ?");
    }
    if filter.article_id.is_some() {
        add("m.article_id = ?");
    }
    if filter.search.is_some() {
        add("m.body_folded LIKE ?");
    }
    if filter.email.is_some() {
        add("m.email = ?");
    }
    if filter.ip.is_some() {
        add("m.ip = ?");
    }
    (format!(" WHERE {}", conditions.join(" AND ")), n)
}

macro_rules! bind_filter {
    ($query:expr, $filter:expr, $search:expr) => {{
        let mut query = $query;
        if let Some(id) = $filter.id {
            query = query.bind(id);
        }
        if let Some(status) = $filter.status {
            query = query.bind(status.as_str());
        }
        if let Some(article) = $filter.article_id {
            query = query.bind(article);
        }
        if $filter.search.is_some() {
            query = query.bind($search.clone());
        }
        if let Some(email) = &$filter.email {
            query = query.bind(email.clone());
        }
        if let Some(ip) = &$filter.ip {
            query = query.bind(ip.clone());
        }
        query
    }};
}

impl Db {
    /// One page of the moderation queue, and whether more follow.
    pub async fn moderation_comments(&self, filter: &CommentFilter) -> Result<(bool, Vec<ModerationComment>)> {
        let search = filter.search.as_deref().map_or(String::new(), |s| {
            let words = vn::fold_lower(&vn::nfc(s)).replace(['%', '_'], " ");
            format!("%{}%", words.split_whitespace().collect::<Vec<_>>().join(" "))
        });
        let (conditions, used) = where_clause(filter);
        // Only fixed fragments and numbered placeholders are assembled: no value enters the SQL.
        let sql = format!("{COLUMNS}{conditions} ORDER BY m.id DESC LIMIT ${} OFFSET ${}", used + 1, used + 2);
        let mut rows = on_pool!(self, pool => {
            let rows = bind_filter!(sqlx::query(sqlx::AssertSqlSafe(sql)), filter, search)
                .bind(filter.limit + 1).bind(filter.offset).fetch_all(pool).await?;
            rows.iter().map(|row| {
                let status: String = row.try_get("status")?;
                let category: String = row.try_get("category_slug")?;
                let slug: String = row.try_get("article_slug")?;
                let article_id: i64 = row.try_get("article_id")?;
                Ok(ModerationComment {
                    id: row.try_get("id")?,
                    article_id,
                    article_title: row.try_get("article_title")?,
                    article_path: format!("/{category}/{slug}-{article_id}"),
                    name: row.try_get("name")?,
                    email: row.try_get("email")?,
                    address: row.try_get("address")?,
                    body: row.try_get("body")?,
                    status: parse_status(&status)?,
                    ip: row.try_get("ip")?,
                    created_at: row.try_get("created_at")?,
                    replies: Vec::new(),
                })
            }).collect::<Result<Vec<_>>>()
        })?;
        let more = rows.len() as i64 > filter.limit;
        rows.truncate(filter.limit.max(0) as usize);
        let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
        let mut replies = self.replies_of(&ids).await?;
        for comment in &mut rows {
            comment.replies = replies.remove(&comment.id).unwrap_or_default();
        }
        Ok((more, rows))
    }

    /// The newsroom's replies to these comments, oldest first, in one query for the whole page.
    async fn replies_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        // Only numbered placeholders are assembled: no value enters the SQL.
        let sql = format!(
            "SELECT parent_id, body FROM comments WHERE parent_id IN ({}) ORDER BY id",
            placeholders.join(", ")
        );
        let rows: Vec<(i64, String)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await
        })?;
        let mut by_parent: HashMap<i64, Vec<String>> = HashMap::new();
        for (parent, body) in rows {
            by_parent.entry(parent).or_default().push(body);
        }
        Ok(by_parent)
    }

    /// One reader comment (not a reply), for the API and the moderation page.
    pub async fn moderation_comment(&self, id: i64) -> Result<Option<ModerationComment>> {
        let filter = CommentFilter { id: Some(id), limit: 1, ..CommentFilter::default() };
        Ok(self.moderation_comments(&filter).await?.1.into_iter().next())
    }

    /// How many comments each status holds, for the tabs.
    pub async fn comment_status_counts(&self) -> Result<HashMap<CommentStatus, i64>> {
        let sql = "SELECT status, COUNT(*) AS n FROM comments WHERE parent_id IS NULL GROUP BY status";
        let rows: Vec<(String, i64)> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        rows.into_iter().map(|(status, n)| Ok((parse_status(&status)?, n))).collect()
    }

    /// Moves reader comments to `to`. Spam teaches the filter (their e-mail and IP go to spam from
    /// now on); approving unteaches it. Returns how many changed.
    pub async fn decide_comments(&self, ids: &[i64], to: CommentStatus, by: i64, now: DateTime<Utc>) -> Result<u64> {
        let now = now.trunc_subsecs(6);
        let mut tx = self.begin().await?;
        let mut changed = 0;
        for id in ids {
            let update = "UPDATE comments SET status = $1, decided_at = $2, decided_by = $3 \
                 WHERE id = $4 AND parent_id IS NULL AND status <> $1 RETURNING email, ip";
            let sender: Option<(String, String)> = on_tx!(&mut tx, conn => sqlx::query_as(update).bind(to.as_str())
                .bind(now).bind(by).bind(id).fetch_optional(conn).await)?;
            let Some((email, ip)) = sender else { continue };
            changed += 1;
            for (kind, value) in [("email", email), ("ip", ip)] {
                let sql = match to {
                    CommentStatus::Spam => {
                        "INSERT INTO spam_senders (kind, value, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (kind, value) DO NOTHING"
                    }
                    CommentStatus::Approved => "DELETE FROM spam_senders WHERE kind = $1 AND value = $2 AND $3 = $3",
                    _ => continue,
                };
                on_tx!(&mut tx, conn => sqlx::query(sql).bind(kind).bind(&value).bind(now).execute(conn).await
                    .map(|r| r.rows_affected()))?;
            }
        }
        if changed > 0 {
            tx.bump_content_version().await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// The newsroom answers a reader comment; the answer is shown under it as "Toà soạn trả lời".
    pub async fn reply_to_comment(&self, parent: &ModerationComment, author: &User, body: &str) -> Result<i64> {
        let now = Utc::now().trunc_subsecs(6);
        let key: String = vn::fold_lower(body).split_whitespace().collect::<Vec<_>>().join(" ");
        let sql = "INSERT INTO comments (article_id, parent_id, author_id, name, email, address, body, body_folded, \
             status, ip, created_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7, 'approved', '', $8) RETURNING id";
        let mut tx = self.begin().await?;
        let id: i64 = on_tx!(&mut tx, conn => sqlx::query_scalar(sql).bind(parent.article_id).bind(parent.id)
            .bind(author.id).bind(&author.name).bind(&author.email).bind(body).bind(key).bind(now)
            .fetch_one(conn).await)?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Approved reader comments per article, for the counts beside article lists.
    pub async fn comment_counts(&self, article_ids: &[i64]) -> Result<HashMap<i64, i64>> {
        if article_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders: Vec<String> = (1..=article_ids.len()).map(|n| format!("${n}")).collect();
        // Only numbered placeholders are assembled: no value enters the SQL.
        let sql = format!(
            "SELECT article_id, COUNT(*) FROM comments WHERE article_id IN ({}) AND status = 'approved' \
             AND parent_id IS NULL GROUP BY article_id",
            placeholders.join(", ")
        );
        on_pool!(self, pool => {
            let mut query = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql));
            for id in article_ids {
                query = query.bind(id);
            }
            Ok(query.fetch_all(pool).await?.into_iter().collect())
        })
    }
}

impl Db {
    /// Comments still waiting for a moderator, from id `first` on, oldest first: id, name, body
    /// (what the moderators' e-mail lists).
    pub async fn pending_comments_from(&self, first: i64, limit: i64) -> Result<Vec<(i64, String, String)>> {
        let sql = "SELECT id, name, body FROM comments WHERE status = 'pending' AND id >= $1 ORDER BY id LIMIT $2";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).bind(first).bind(limit).fetch_all(pool).await)?)
    }
}
