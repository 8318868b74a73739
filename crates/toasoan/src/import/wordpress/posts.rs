//! WordPress posts with their comments, written through the shared article writer (one
//! transaction and fingerprint each).

use anyhow::Result;
use toasoan_core::Block;
use toasoan_core::import::wordpress::post::{ImportedComment, Post, Site};
use toasoan_store::{CategoryCache, CommentStatus, Db};

use super::people::People;
use super::pictures::Pictures;
use crate::import::articles::{Incoming, IncomingComment, write};
use crate::import::progress_bar;
use crate::import::report::Report;

/// What was imported before the posts, which they point to.
pub struct Found<'a> {
    pub people: &'a People,
    pub pictures: &'a Pictures,
}

pub async fn import(db: &Db, site: &Site<'_>, found: &Found<'_>, report: &mut Report) -> Result<()> {
    let items: Vec<_> = site.export.items.iter().filter(|i| matches!(i.kind.as_str(), "post" | "page")).collect();
    let bar = progress_bar(items.len() as u64, "posts");
    let mut cache = CategoryCache::default();
    let source = site.source();
    for item in items {
        bar.inc(1);
        if item.kind == "page" {
            report.pages.read += 1;
            report.pages.not_imported += 1;
            report.comments.read += item.comments.len() as u64;
            report.comments.not_imported += item.comments.len() as u64;
            report.pages_left_out.push(format!("“{}” ({})", item.title.trim(), item.status));
            continue;
        }
        report.posts.read += 1;
        let post = match site.post(item) {
            Ok(post) => prepared(found, post, report),
            Err(error) => {
                report.posts.failed += 1;
                report.error(error.line, error.message);
                continue;
            }
        };
        let comments = comments(site, found, item, report);
        let picture = picture(site, found, &post);
        let incoming = Incoming {
            key: post.wordpress_id.to_string(),
            draft: &post.draft,
            category_path: &post.category_path,
            authors: found.people.by_login(&post.author_login).into_iter().collect(),
            picture,
            comments: &comments,
        };
        write(db, &source, &mut cache, incoming, report).await?;
    }
    bar.finish_and_clear();
    Ok(())
}

/// The post's readers' comments, oldest first; pingbacks and trackbacks are counted, not kept.
fn comments(
    site: &Site<'_>,
    found: &Found<'_>,
    item: &toasoan_core::import::wordpress::Item,
    report: &mut Report,
) -> Vec<IncomingComment> {
    let mut kept: Vec<ImportedComment> = Vec::new();
    for comment in &item.comments {
        report.comments.read += 1;
        match site.comment(comment, item.line) {
            Ok(Some(c)) => kept.push(c),
            Ok(None) => report.comments.not_imported += 1,
            Err(error) => {
                report.comments.failed += 1;
                report.error(error.line, format!("comment {}: {}", comment.id, error.message));
            }
        }
    }
    kept.sort_by_key(|c| c.wordpress_id);
    kept.into_iter()
        .map(|c| IncomingComment {
            key: c.wordpress_id.to_string(),
            parent: c.parent.map(|p| p.to_string()),
            author_id: (c.wordpress_user > 0).then(|| found.people.by_wordpress_id(c.wordpress_user)).flatten(),
            status: CommentStatus::parse(c.status).unwrap_or(CommentStatus::Pending),
            name: c.name,
            email: c.email,
            ip: c.ip,
            body: c.body,
            created_at: c.created_at,
        })
        .collect()
}

/// Our copy of the featured picture, else its old address (without `--uploads`).
fn picture(site: &Site<'_>, found: &Found<'_>, post: &Post) -> String {
    post.featured_attachment
        .and_then(|id| {
            found
                .pictures
                .of_attachment(id)
                .map(|p| p.url.clone())
                .or_else(|| site.attachment(id).map(|a| a.url.clone()))
        })
        .unwrap_or_default()
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
