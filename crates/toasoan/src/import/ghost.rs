//! `toasoan import ghost FILE.json [--images DIR]`: a Ghost site from its own export and its
//! `content/images` folder — staff as accounts, posts with their tags (the primary tag as the
//! category), authors, feature picture and status, body pictures into the media library, and
//! the old addresses (`/slug/`, `/tag/…/`, `/author/…/`, `/content/images/…`) kept as 301s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use toasoan_core::import::ghost::{self, Converted, Export, image_path};
use toasoan_core::{Block, Role};
use toasoan_media::MediaStore;
use toasoan_store::{CategoryCache, Db};
use toasoan_web::features::library::{default_url, srcset};

use super::accounts::{SourceAccount, account};
use super::articles::{Incoming, write};
use super::media_files::{SourcePicture, stored_once};
use super::progress_bar;
use super::report::Report;

#[derive(Debug, Args)]
pub struct GhostArgs {
    /// The export: Ghost's Settings › Labs › Export your content (or the Admin API's `db`).
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
    /// The site's `content/images` folder, for its pictures (without it they stay at their old
    /// addresses, which Ghost wrote as `__GHOST_URL__`: they would not show).
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
}

/// Our copy of a picture: `src`, `srcset`.
type Copies = HashMap<String, (String, String)>;

pub async fn run(db: &Db, media: &MediaStore, args: &GhostArgs) -> Result<ExitCode> {
    let shown = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let export = match ghost::read(&text) {
        Ok(export) => export,
        Err(error) => {
            eprintln!("error: {shown}:{}: {}", error.line, error.message);
            return Ok(ExitCode::FAILURE);
        }
    };
    drop(text);
    if let Some(images) = &args.images
        && !images.is_dir()
    {
        anyhow::bail!("--images {}: no such folder", images.display());
    }
    let source = format!("ghost:{}", vn::slug(&export.title));
    let mut report = Report::new("Ghost", &shown);
    let people = staff(db, &source, &export, &mut report).await?;
    let mut converted = Vec::new();
    for post in &export.posts {
        match export.convert(post) {
            Ok(c) => converted.push(c),
            Err(error) => {
                report.posts.read += 1;
                report.posts.failed += 1;
                report.error(error.line, error.message);
            }
        }
    }
    let copies = match &args.images {
        Some(images) => pictures(db, media, &source, images, &converted, &mut report).await?,
        None => Copies::new(),
    };
    let mut categories: Vec<&String> =
        converted.iter().filter(|c| !c.is_page).flat_map(|c| c.category_path.last()).collect();
    categories.sort();
    categories.dedup();
    report.categories = categories.len() as u64;
    posts(db, &source, &converted, &people, &copies, &mut report).await?;
    addresses(db, &export, &people, &mut report).await?;
    Ok(report.print())
}

/// Ghost's staff as accounts, by Ghost's user id; Owner and Administrator stay administrators,
/// Editors become editors-in-chief (they publish anything), Authors and Contributors writers.
async fn staff(db: &Db, source: &str, export: &Export, report: &mut Report) -> Result<HashMap<String, i64>> {
    let mut people = HashMap::new();
    for user in &export.users {
        let role = match export.role_of(&user.id) {
            Some("Owner" | "Administrator") => Role::Admin,
            Some("Editor" | "Super Editor") => Role::EditorInChief,
            _ => Role::Writer,
        };
        let writer = SourceAccount { key: &user.slug, email: &user.email, name: &user.name, role };
        if let Some(id) = account(db, source, &writer, report).await? {
            people.insert(user.id.clone(), id);
        }
    }
    Ok(people)
}

/// Every picture the posts show (feature and body), stored once; Ghost keeps the untouched
/// upload beside its own copy as `name_o.jpg`, which is taken when present.
async fn pictures(
    db: &Db,
    media: &MediaStore,
    source: &str,
    images: &Path,
    converted: &[Converted],
    report: &mut Report,
) -> Result<Copies> {
    let mut wanted: Vec<(String, String, String)> = Vec::new();
    for post in converted {
        if let Some(path) = &post.feature_image {
            wanted.push((path.clone(), post.feature_alt.clone(), post.feature_caption.clone()));
        }
        for block in &post.draft.blocks {
            if let Block::Figure { image: Some(src), alt, caption, .. } = block
                && let Some(path) = image_path(src)
            {
                wanted.push((path, alt.clone().unwrap_or_default(), caption.clone()));
            }
        }
    }
    let mut copies = Copies::new();
    let mut tx_redirects = Vec::new();
    for (path, alt, caption) in wanted {
        if copies.contains_key(&path) {
            continue;
        }
        let original = match path.rsplit_once('.') {
            Some((stem, extension)) => images.join(format!("{stem}_o.{extension}")),
            None => images.join(&path),
        };
        let picture = SourcePicture {
            key: &path,
            files: vec![original, images.join(&path)],
            alt: &alt,
            caption: &caption,
            label: format!("picture {path}"),
            line: 0,
        };
        if let Some(item) = stored_once(db, media, source, &picture, report).await? {
            let url = default_url(&item).unwrap_or_default();
            tx_redirects.push((format!("/content/images/{path}"), url.clone()));
            copies.insert(path, (url, srcset(&item)));
        }
    }
    let mut tx = db.begin().await?;
    for (old, new) in &tx_redirects {
        tx.set_redirect(old, new).await?;
        report.redirects += 1;
    }
    tx.commit().await?;
    Ok(copies)
}

async fn posts(
    db: &Db,
    source: &str,
    converted: &[Converted],
    people: &HashMap<String, i64>,
    copies: &Copies,
    report: &mut Report,
) -> Result<()> {
    let bar = progress_bar(converted.len() as u64, "posts");
    let mut cache = CategoryCache::default();
    for post in converted {
        bar.inc(1);
        if post.is_page {
            report.pages.read += 1;
            report.pages.not_imported += 1;
            report.pages_left_out.push(format!("“{}”", post.draft.title));
            continue;
        }
        report.posts.read += 1;
        for note in &post.notes {
            report.warn(0, format!("post “{}”: {note}", post.draft.title));
        }
        let mut draft = post.draft.clone();
        for block in &mut draft.blocks {
            if let Block::Figure { image: Some(src), srcset: set, .. } = block
                && let Some((url, sizes)) = image_path(src).and_then(|p| copies.get(&p))
            {
                *src = url.clone();
                *set = Some(sizes.clone()).filter(|s| !s.is_empty());
            }
        }
        let picture =
            post.feature_image.as_ref().and_then(|p| copies.get(p)).map(|(url, _)| url.clone()).unwrap_or_default();
        let incoming = Incoming {
            key: draft.source_id.clone().unwrap_or_else(|| post.ghost_id.clone()),
            draft: &draft,
            category_path: &post.category_path,
            authors: post.author_ids.iter().filter_map(|id| people.get(id).copied()).collect(),
            picture,
            comments: &[],
        };
        write(db, source, &mut cache, incoming, report).await?;
    }
    bar.finish_and_clear();
    Ok(())
}

/// Ghost's tag and author pages, answered with ours.
async fn addresses(db: &Db, export: &Export, people: &HashMap<String, i64>, report: &mut Report) -> Result<()> {
    let mut tx = db.begin().await?;
    for tag in export.tags.iter().filter(|t| !t.is_internal()) {
        let ours = vn::slug(&vn::nfc(&tag.name));
        if !ours.is_empty() && !tag.slug.is_empty() {
            tx.set_redirect(&format!("/tag/{}/", tag.slug), &format!("/the/{ours}")).await?;
            report.redirects += 1;
        }
    }
    for user in &export.users {
        if let Some(account) = people.get(&user.id)
            && let Some(slug) = db.user(*account).await?.and_then(|u| u.slug)
        {
            tx.set_redirect(&format!("/author/{}/", user.slug), &format!("/tac-gia/{slug}")).await?;
            report.redirects += 1;
        }
    }
    tx.commit().await?;
    Ok(())
}
