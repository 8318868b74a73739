//! The demo magazine: articles written for toasoan, loaded by `serve --demo` into an empty
//! database so a new user sees a living site at once.

mod comments;
mod pictures;
mod print;

use anyhow::{Context, Result, bail};
use chrono::{Duration, Utc};
use toasoan_core::Role;
use toasoan_core::import::jsonl::parse_line;
use toasoan_media::MediaStore;
use toasoan_store::{Db, NewUser};

use crate::import::BatchWriter;

pub const ARTICLES: &str = include_str!("../../demo/articles.jsonl");

/// Hours between two demo articles, newest first, so the site always looks current.
const SPACING_HOURS: i64 = 5;

/// The demo newsroom's first account.
pub const DEMO_ADMIN: &str = "admin@toasoan.local";

/// Loads the demo articles when the database has none; otherwise leaves it untouched. A site
/// without accounts also gets an admin with a fresh random password, printed once, so the
/// newsroom can be tried at once.
pub async fn load_if_empty(db: &Db, media: &MediaStore) -> Result<()> {
    if db.user_count().await? == 0 {
        let password = toasoan_web::kernel::random::new_token().context("no random source")?;
        let password = password.get(..16).unwrap_or(&password).to_owned();
        let hash = toasoan_web::features::accounts::hash_password(password.clone()).await?;
        let admin = NewUser { email: DEMO_ADMIN, name: "Quản trị (demo)", role: Role::Admin, password_hash: &hash };
        db.create_user(&admin).await?;
        println!("demo newsroom: log in at /toa-soan/ as {DEMO_ADMIN} with the password {password}");
    }
    if db.article_count().await? > 0 {
        tracing::info!("the database already has articles: demo content not loaded");
        return Ok(());
    }
    let loaded = load(db, media).await?;
    tracing::info!("loaded {loaded} demo articles");
    if let Some(admin) = db.users().await?.into_iter().find(|u| u.role == Role::Admin) {
        comments::add(db, admin.id).await?;
    }
    print::add(db, media).await?;
    Ok(())
}

async fn load(db: &Db, media: &MediaStore) -> Result<u64> {
    let now = Utc::now();
    // Pictures first: the writer holds the write lock of a SQLite file while a batch is open.
    let mut drafts = Vec::new();
    let mut pictures = Vec::new();
    for (index, line) in ARTICLES.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let mut draft = parse_line(index + 1, line, now).context("the built-in demo content is broken")?;
        draft.published_at =
            now - Duration::hours(SPACING_HOURS * index as i64) - Duration::minutes(17 * index as i64 % 60);
        let picture = pictures::illustrate(db, media, &mut draft, index as u64 + 1).await?;
        pictures.extend(draft.source_id.clone().zip(picture));
        drafts.push(draft);
    }
    let mut writer = BatchWriter::new(db);
    for draft in &drafts {
        writer.write(draft).await?;
    }
    let summary = writer.finish().await?;
    if summary.imported() == 0 {
        bail!("the built-in demo content is empty");
    }
    let ids: std::collections::HashMap<String, i64> =
        db.source_ids().await?.into_iter().map(|(id, s)| (s, id)).collect();
    for (source_id, item) in pictures {
        let (Some(id), Some(url)) = (ids.get(&source_id), toasoan_web::features::library::default_url(&item)) else {
            continue;
        };
        let sizes = toasoan_core::PictureSizes {
            srcset: toasoan_web::features::library::srcset(&item),
            width: item.width,
            height: item.height,
        };
        let meta = toasoan_store::FeaturedMeta { focus: String::new(), sizes: Some(sizes) };
        db.set_article_picture(*id, &url, &meta).await?;
    }
    Ok(summary.imported())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_is_a_living_magazine() {
        let now = Utc::now();
        let drafts: Vec<_> = ARTICLES
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| parse_line(i + 1, l, now).expect("demo line parses"))
            .collect();
        assert!(drafts.len() >= 30, "{} articles", drafts.len());
        let categories: HashSet<&str> = drafts.iter().map(|d| d.category.name.as_str()).collect();
        assert!(categories.len() >= 5, "{categories:?}");
        assert!(drafts.iter().all(|d| d.byline.is_some() && !d.lead.is_empty()));
        let with_captions =
            drafts.iter().filter(|d| d.blocks.iter().any(|b| matches!(b, toasoan_core::Block::Figure { .. })));
        assert!(with_captions.count() >= 10);
        let ids: HashSet<_> = drafts.iter().map(|d| d.source_id.clone()).collect();
        assert_eq!(ids.len(), drafts.len(), "every demo article has its own id");
    }
}
