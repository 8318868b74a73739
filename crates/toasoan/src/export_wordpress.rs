//! `toasoan export wordpress FILE.xml`: the whole site as WordPress's own exporter would write
//! it (WXR 1.2) — accounts as authors, categories with their nesting, tags, every article in
//! block-editor markup with its status, time and picture (as an attachment WordPress downloads
//! from this site), and comments with their status and threads. Written beside the target and
//! renamed when whole.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::FixedOffset;
use toasoan_core::export::wordpress::{Author, Channel, Comment, Item, Term, Wxr, block_markup};
use toasoan_core::{Block, Status};
use toasoan_store::{Article, Db, ExportedComment};

use crate::import::progress_bar;

/// WordPress ids of our pictures: far above any article's, so the two never meet.
const ATTACHMENT_IDS: i64 = 1_000_000_000;

pub async fn run(db: &Db, file: &Path, site_name: &str, base_url: &str) -> Result<()> {
    let started = Instant::now();
    let partial = file.with_extension("partial");
    let written = write(db, &partial, site_name, base_url.trim_end_matches('/')).await;
    let (articles, pictures) = match written {
        Ok(counts) => counts,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    std::fs::rename(&partial, file).with_context(|| format!("cannot write {}", file.display()))?;
    println!(
        "exported {articles} articles and {pictures} pictures to {} in {:.1} s",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn write(db: &Db, partial: &Path, site_name: &str, base: &str) -> Result<(u64, u64)> {
    let out = BufWriter::new(File::create(partial).with_context(|| format!("cannot write {}", partial.display()))?);
    let offset = FixedOffset::east_opt(7 * 3600).context("the offset +07:00")?;
    let users = db.users().await?;
    let logins: HashMap<i64, String> =
        users.iter().map(|u| (u.id, u.slug.clone().unwrap_or_else(|| format!("user-{}", u.id)))).collect();
    let authors: Vec<Author<'_>> = users
        .iter()
        .map(|u| Author { id: u.id, login: &logins[&u.id], email: &u.email, display_name: &u.name })
        .collect();
    let categories = db.categories().await?;
    let slugs: HashMap<i64, &str> = categories.iter().map(|c| (c.id, c.slug.as_str())).collect();
    let category_terms: Vec<Term<'_>> = parents_first(&categories)
        .into_iter()
        .map(|c| Term {
            id: c.id,
            slug: &c.slug,
            parent: c.parent_id.and_then(|p| slugs.get(&p).copied()).unwrap_or_default(),
            name: &c.name,
        })
        .collect();
    let tags = db.tags_with_counts().await?;
    let tag_terms: Vec<Term<'_>> =
        tags.iter().map(|t| Term { id: t.id, slug: &t.slug, parent: "", name: &t.name }).collect();
    let channel = Channel { title: site_name, link: base, description: "" };
    let mut wxr = Wxr::start(out, offset, &channel, &authors, &category_terms, &tag_terms)?;
    let by_slug: HashMap<&str, i64> = users.iter().filter_map(|u| Some((u.slug.as_deref()?, u.id))).collect();
    let total = db.article_count().await?;
    let bar = progress_bar(total as u64, "articles");
    let (mut articles, mut pictures) = (0u64, 0u64);
    let mut after = 0;
    loop {
        let ids = db.article_ids_after(after, 500).await?;
        let Some(last) = ids.last().copied() else { break };
        after = last;
        for id in ids {
            let Some(article) = db.article(id).await? else { continue };
            let comments = db.comments_for_export(id).await?;
            let creator =
                article.authors.first().and_then(|a| by_slug.get(a.slug.as_str())).map(|id| logins[id].as_str());
            pictures += write_article(&mut wxr, &article, &comments, creator.unwrap_or_default(), base)?;
            articles += 1;
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let mut out = wxr.finish()?;
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok((articles, pictures))
}

/// One article, then its pictures as attachments; returns how many pictures.
fn write_article(
    wxr: &mut Wxr<BufWriter<File>>,
    article: &Article,
    comments: &[ExportedComment],
    creator: &str,
    base: &str,
) -> Result<u64> {
    let absolute = |path: &str| if path.starts_with('/') { format!("{base}{path}") } else { path.to_owned() };
    let link = absolute(&article.path());
    let mut pictures: Vec<(i64, String, String)> = Vec::new();
    let mut seen = HashSet::new();
    let images = article.blocks.iter().filter_map(|b| match b {
        Block::Figure { image: Some(src), alt, .. } => Some((src.as_str(), alt.clone().unwrap_or_default())),
        _ => None,
    });
    for (src, alt) in std::iter::once((article.featured_image.as_str(), article.title.clone())).chain(images) {
        if let Some(media) = media_id(src)
            && seen.insert(media)
        {
            pictures.push((ATTACHMENT_IDS + media, absolute(src), alt));
        }
    }
    let thumbnail = media_id(&article.featured_image).map(|m| ("_thumbnail_id", (ATTACHMENT_IDS + m).to_string()));
    let content = block_markup(&article.blocks, &absolute);
    let mut terms = vec![("category", article.category.slug.as_str(), article.category.name.as_str())];
    terms.extend(article.tags.iter().map(|t| ("post_tag", t.slug.as_str(), t.name.as_str())));
    wxr.item(&Item {
        id: article.id,
        kind: "post",
        title: &article.title,
        link: &link,
        creator,
        content: &content,
        excerpt: &article.lead,
        date: article.published_at,
        has_gmt_date: matches!(article.status, Status::Published | Status::Scheduled),
        slug: &article.slug,
        status: wordpress_status(article.status),
        parent: 0,
        sticky: article.featured,
        terms,
        meta: thumbnail.into_iter().collect(),
        attachment_url: "",
        comments: comments.iter().map(comment).collect(),
    })?;
    for (id, url, alt) in &pictures {
        wxr.item(&Item {
            id: *id,
            kind: "attachment",
            title: alt,
            link: url,
            creator,
            content: "",
            excerpt: "",
            date: article.published_at,
            has_gmt_date: true,
            slug: "",
            status: "inherit",
            parent: article.id,
            sticky: false,
            terms: Vec::new(),
            // The file under our media folder: `import wordpress --uploads DATA/media` on another
            // toasoan finds it there.
            meta: vec![
                ("_wp_attached_file", url.split("/media/").nth(1).unwrap_or_default().to_owned()),
                ("_wp_attachment_image_alt", alt.clone()),
            ],
            attachment_url: url,
            comments: Vec::new(),
        })?;
    }
    Ok(pictures.len() as u64)
}

fn comment(c: &ExportedComment) -> Comment<'_> {
    Comment {
        id: c.id,
        author: &c.name,
        email: &c.email,
        ip: &c.ip,
        date: c.created_at,
        content: &c.body,
        approved: match c.status.as_str() {
            "approved" => "1",
            "spam" => "spam",
            "rejected" => "trash",
            _ => "0",
        },
        parent: c.parent_id.unwrap_or(0),
        user_id: c.author_id.unwrap_or(0),
    }
}

fn wordpress_status(status: Status) -> &'static str {
    match status {
        Status::Published => "publish",
        Status::Scheduled => "future",
        Status::Submitted | Status::Approved => "pending",
        Status::Draft | Status::Unpublished => "draft",
    }
}

/// The library id in one of our picture addresses (`/media/12/anh-640.jpg` → 12).
fn media_id(path: &str) -> Option<i64> {
    path.strip_prefix("/media/")?.split('/').next()?.parse().ok()
}

/// Categories with every parent before its children (WordPress creates them in file order).
fn parents_first(categories: &[toasoan_store::Category]) -> Vec<&toasoan_store::Category> {
    let mut ordered: Vec<&toasoan_store::Category> = Vec::with_capacity(categories.len());
    let mut placed = HashSet::new();
    while ordered.len() < categories.len() {
        let before = ordered.len();
        for c in categories {
            if !placed.contains(&c.id) && c.parent_id.is_none_or(|p| placed.contains(&p)) {
                placed.insert(c.id);
                ordered.push(c);
            }
        }
        if ordered.len() == before {
            ordered.extend(categories.iter().filter(|c| !placed.contains(&c.id)));
            break; // a loop in the parents: the rest as they are
        }
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::media_id;

    #[test]
    fn pictures_are_known_by_their_library_id() {
        assert_eq!(media_id("/media/12/anh-640.jpg"), Some(12));
        assert_eq!(media_id("https://elsewhere/a.jpg"), None);
        assert_eq!(media_id(""), None);
    }
}
