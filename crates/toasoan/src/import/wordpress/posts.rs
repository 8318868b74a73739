//! Posts with their comments, one transaction each; a post whose fingerprint (everything we
//! would write for it) is the one recorded by a former run is left alone.

use std::collections::HashMap;

use anyhow::Result;
use chrono::Utc;
use sha2::{Digest, Sha256};
use toasoan_core::Block;
use toasoan_core::import::wordpress::post::{ImportedComment, Post, Site};
use toasoan_store::{CategoryCache, CommentStatus, Db, Tx, UpsertOutcome};

use super::people::People;
use super::pictures::Pictures;
use super::report::Report;
use crate::import::progress_bar;

/// What was imported before the posts, which they point to.
pub struct Found<'a> {
    pub people: &'a People,
    pub pictures: &'a Pictures,
}

pub async fn import(db: &Db, site: &Site<'_>, found: &Found<'_>, report: &mut Report) -> Result<()> {
    let items: Vec<_> = site.export.items.iter().filter(|i| matches!(i.kind.as_str(), "post" | "page")).collect();
    let bar = progress_bar(items.len() as u64, "posts");
    let mut cache = CategoryCache::default();
    let mut pages = Vec::new();
    for item in items {
        bar.inc(1);
        if item.kind == "page" {
            report.pages.read += 1;
            report.pages.not_imported += 1;
            report.comments.read += item.comments.len() as u64;
            report.comments.not_imported += item.comments.len() as u64;
            pages.push(format!("“{}” ({})", item.title.trim(), item.status));
            continue;
        }
        report.posts.read += 1;
        let post = match site.post(item) {
            Ok(post) => post,
            Err(error) => {
                report.posts.failed += 1;
                report.error(error.line, error.message);
                continue;
            }
        };
        let mut comments = Vec::new();
        for comment in &item.comments {
            report.comments.read += 1;
            match site.comment(comment, item.line) {
                Ok(Some(c)) => comments.push(c),
                Ok(None) => report.comments.not_imported += 1,
                Err(error) => {
                    report.comments.failed += 1;
                    report.error(error.line, format!("comment {}: {}", comment.id, error.message));
                }
            }
        }
        comments.sort_by_key(|c| c.wordpress_id);
        write_post(db, site, found, &mut cache, prepared(found, post, report), &comments, report).await?;
    }
    bar.finish_and_clear();
    if !pages.is_empty() {
        report.warn(
            0,
            format!("{} pages not imported (toasoan has no standalone pages yet): {}", pages.len(), pages.join(", ")),
        );
    }
    Ok(())
}

/// The post with its pictures pointed at our copies, its notes and unknown shortcodes reported.
fn prepared(found: &Found<'_>, mut post: Post, report: &mut Report) -> Post {
    for note in &post.notes {
        report.warn(post.line, format!("post {} “{}”: {note}", post.wordpress_id, post.draft.title));
    }
    for name in &post.unknown_shortcodes {
        report.unknown_shortcodes.entry(name.clone()).or_default().push(post.wordpress_id);
    }
    for block in &mut post.draft.blocks {
        if let Block::Figure { image: Some(image), alt, srcset, .. } = block
            && let Some(picture) = found.pictures.find(image)
        {
            *image = picture.url.clone();
            *srcset = Some(picture.srcset.clone()).filter(|s| !s.is_empty());
            if alt.is_none() && !picture.alt.is_empty() {
                *alt = Some(picture.alt.clone());
            }
        }
    }
    post
}

async fn write_post(
    db: &Db,
    site: &Site<'_>,
    found: &Found<'_>,
    cache: &mut CategoryCache,
    post: Post,
    comments: &[ImportedComment],
    report: &mut Report,
) -> Result<()> {
    let source = site.source();
    let key = post.wordpress_id.to_string();
    let author = found.people.by_login(&post.author_login);
    let picture = post
        .featured_attachment
        .and_then(|id| {
            found
                .pictures
                .of_attachment(id)
                .map(|p| p.url.clone())
                .or_else(|| site.attachment(id).map(|a| a.url.clone()))
        })
        .unwrap_or_default();
    let fingerprint = fingerprint(&post, author, &picture, comments);
    if db.import_link(&source, "article", &key).await?.is_some_and(|link| link.fingerprint == fingerprint) {
        report.posts.unchanged += 1;
        report.comments.unchanged += comments.len() as u64;
        return Ok(());
    }
    let mut tx = db.begin().await?;
    tx.ensure_category_path(cache, &post.category_path).await?;
    let article_id = match tx.upsert_article(cache, &post.draft, Utc::now()).await? {
        UpsertOutcome::Created(id) => {
            report.posts.created += 1;
            id
        }
        UpsertOutcome::Updated(id) => {
            report.posts.updated += 1;
            id
        }
    };
    tx.set_article_credits(article_id, author, &picture).await?;
    write_comments(db, &mut tx, &source, article_id, found.people, comments, report).await?;
    tx.set_import_link((&source, "article", &key), article_id, &fingerprint).await?;
    tx.bump_content_version().await?;
    tx.commit().await?;
    Ok(())
}

async fn write_comments(
    db: &Db,
    tx: &mut Tx,
    source: &str,
    article_id: i64,
    people: &People,
    comments: &[ImportedComment],
    report: &mut Report,
) -> Result<()> {
    let mut ours: HashMap<i64, i64> = HashMap::new();
    for comment in comments {
        let key = comment.wordpress_id.to_string();
        let existing = db.import_link(source, "comment", &key).await?.map(|l| l.target_id);
        let parent = match comment.parent {
            Some(parent) => match ours.get(&parent) {
                Some(id) => Some(*id),
                None => db.import_link(source, "comment", &parent.to_string()).await?.map(|l| l.target_id),
            },
            None => None,
        };
        let status = CommentStatus::parse(comment.status).unwrap_or(CommentStatus::Pending);
        let record = toasoan_store::ImportedComment {
            article_id,
            parent_id: parent,
            author_id: (comment.wordpress_user > 0).then(|| people.by_wordpress_id(comment.wordpress_user)).flatten(),
            name: &comment.name,
            email: &comment.email,
            body: &comment.body,
            status,
            ip: &comment.ip,
            created_at: comment.created_at,
        };
        let id = tx.put_imported_comment(&record, existing).await?;
        if existing.is_some() {
            report.comments.updated += 1;
        } else {
            report.comments.created += 1;
        }
        tx.set_import_link((source, "comment", &key), id, "").await?;
        ours.insert(comment.wordpress_id, id);
    }
    Ok(())
}

/// Everything written for a post, hashed: equal fingerprints mean nothing to do.
fn fingerprint(post: &Post, author: Option<i64>, picture: &str, comments: &[ImportedComment]) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_string(&post.draft).unwrap_or_default());
    hash.update(format!("{:?}|{author:?}|{picture}|{comments:?}", post.category_path));
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
