//! Writing an article brought from another platform, with its comments: one transaction each,
//! skipped when its fingerprint (everything that would be written) is the one a former run
//! recorded, so importing the same site again changes nothing and an interrupted import leaves
//! whole articles only.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use toasoan_core::ArticleDraft;
use toasoan_store::{CategoryCache, CommentStatus, Db, Tx, UpsertOutcome};

use super::report::Report;

/// An article as an importer found it, with its place, people and picture resolved.
pub struct Incoming<'a> {
    /// The article's id on the old platform.
    pub key: String,
    pub draft: &'a ArticleDraft,
    /// Category names from the top.
    pub category_path: &'a [String],
    pub authors: Vec<i64>,
    pub picture: String,
    pub comments: &'a [IncomingComment],
}

/// A reader's comment from the old platform, already decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingComment {
    pub key: String,
    pub parent: Option<String>,
    pub author_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub ip: String,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: DateTime<Utc>,
}

pub async fn write(
    db: &Db,
    source: &str,
    cache: &mut CategoryCache,
    incoming: Incoming<'_>,
    report: &mut Report,
) -> Result<()> {
    let fingerprint = fingerprint(&incoming);
    let comments = incoming.comments.len() as u64;
    if db.import_link(source, "article", &incoming.key).await?.is_some_and(|link| link.fingerprint == fingerprint) {
        report.posts.unchanged += 1;
        report.comments.unchanged += comments;
        return Ok(());
    }
    let mut tx = db.begin().await?;
    tx.ensure_category_path(cache, incoming.category_path).await?;
    let article_id = match tx.upsert_article(cache, incoming.draft, Utc::now()).await? {
        UpsertOutcome::Created(id) => {
            report.posts.created += 1;
            id
        }
        UpsertOutcome::Updated(id) => {
            report.posts.updated += 1;
            id
        }
    };
    tx.set_article_credits(article_id, &incoming.authors, &incoming.picture).await?;
    write_comments(db, &mut tx, source, article_id, incoming.comments, report).await?;
    tx.set_import_link((source, "article", &incoming.key), article_id, &fingerprint).await?;
    tx.bump_content_version().await?;
    tx.commit().await?;
    Ok(())
}

async fn write_comments(
    db: &Db,
    tx: &mut Tx,
    source: &str,
    article_id: i64,
    comments: &[IncomingComment],
    report: &mut Report,
) -> Result<()> {
    let mut ours: HashMap<&str, i64> = HashMap::new();
    for comment in comments {
        let existing = db.import_link(source, "comment", &comment.key).await?.map(|l| l.target_id);
        let parent = match &comment.parent {
            Some(parent) => match ours.get(parent.as_str()) {
                Some(id) => Some(*id),
                None => db.import_link(source, "comment", parent).await?.map(|l| l.target_id),
            },
            None => None,
        };
        let record = toasoan_store::ImportedComment {
            article_id,
            parent_id: parent,
            author_id: comment.author_id,
            name: &comment.name,
            email: &comment.email,
            body: &comment.body,
            status: comment.status,
            ip: &comment.ip,
            created_at: comment.created_at,
        };
        let id = tx.put_imported_comment(&record, existing).await?;
        if existing.is_some() {
            report.comments.updated += 1;
        } else {
            report.comments.created += 1;
        }
        tx.set_import_link((source, "comment", &comment.key), id, "").await?;
        ours.insert(&comment.key, id);
    }
    Ok(())
}

/// Everything written for an article, hashed: equal fingerprints mean nothing to do.
fn fingerprint(incoming: &Incoming<'_>) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_string(incoming.draft).unwrap_or_default());
    hash.update(format!(
        "{:?}|{:?}|{}|{:?}",
        incoming.category_path, incoming.authors, incoming.picture, incoming.comments
    ));
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
