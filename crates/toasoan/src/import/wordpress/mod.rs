//! `toasoan import wordpress FILE.xml [--uploads DIR]`: a WordPress site from its own export
//! (WXR) and its `wp-content/uploads` folder — authors, categories with their nesting, tags,
//! pictures, posts with their status and time, comments with their threads, and every old
//! address kept as a 301.
//!
//! Each post is written in its own transaction, with its comments and the record of what was
//! written (a fingerprint), so an interrupted import leaves whole posts only and running it
//! again skips what is unchanged, updates what changed, and finishes the rest.

mod people;
mod pictures;
mod posts;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::FixedOffset;
use clap::Args;
use toasoan_core::import::wordpress::{self, post::Site};
use toasoan_media::MediaStore;
use toasoan_store::{CategoryCache, Db};

use crate::import::report::Report;

#[derive(Debug, Args)]
pub struct WordpressArgs {
    /// The export: WordPress's Tools › Export › All content.
    #[arg(value_name = "FILE.xml")]
    pub file: PathBuf,
    /// The site's `wp-content/uploads` folder, for its pictures (without it they stay at their
    /// old addresses).
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// The site's timezone (`+07:00`, `Asia/Ho_Chi_Minh`), for drafts' times; by default the
    /// one the file's dated posts show.
    #[arg(long)]
    pub timezone: Option<String>,
    /// The site's category base (Settings › Permalinks), for its categories' old addresses.
    #[arg(long, default_value = "category")]
    pub category_base: String,
    /// The site's tag base, likewise.
    #[arg(long, default_value = "tag")]
    pub tag_base: String,
}

pub async fn run(db: &Db, media: &MediaStore, args: &WordpressArgs) -> Result<ExitCode> {
    let shown = args.file.display().to_string();
    let xml = read_text(&args.file)?;
    let export = match wordpress::read(&xml) {
        Ok(export) => export,
        Err(error) => {
            eprintln!("error: {shown}:{}: {}", error.line, error.message);
            return Ok(ExitCode::FAILURE);
        }
    };
    drop(xml);
    let offset = timezone(args.timezone.as_deref(), &export)?;
    let uploads = args.uploads.as_deref().map(uploads_folder).transpose()?;
    let site = Site::new(&export, offset);
    let mut report = Report::new("WordPress", &shown);
    let people = people::import(db, &site, &mut report).await?;
    categories(db, &site, args, &mut report).await?;
    let pictures = pictures::import(db, media, &site, uploads.as_deref(), &mut report).await?;
    posts::import(db, &site, &posts::Found { people: &people, pictures: &pictures }, &mut report).await?;
    other_kinds(&site, &mut report);
    Ok(report.print())
}

/// The uploads folder as given, or found inside the site's folder or `wp-content`.
fn uploads_folder(given: &Path) -> Result<PathBuf> {
    if !given.is_dir() {
        anyhow::bail!("--uploads {}: no such folder", given.display());
    }
    let inside = [given.join("wp-content/uploads"), given.join("uploads")];
    Ok(inside.into_iter().find(|p| p.is_dir()).unwrap_or_else(|| given.to_path_buf()))
}

/// Items that are neither posts, pages, attachments nor WordPress's own machinery: counted
/// in the report, so a site with products or events knows what stayed behind.
fn other_kinds(site: &Site<'_>, report: &mut Report) {
    const MACHINERY: [&str; 8] = [
        "nav_menu_item",
        "wp_global_styles",
        "wp_navigation",
        "wp_template",
        "wp_template_part",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
    ];
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for item in &site.export.items {
        let kind = item.kind.as_str();
        if !matches!(kind, "post" | "page" | "attachment" | "revision") && !MACHINERY.contains(&kind) {
            *counts.entry(kind).or_default() += 1;
        }
    }
    if !counts.is_empty() {
        let list: Vec<String> = counts.iter().map(|(kind, n)| format!("{kind} ({n})")).collect();
        report.warn(0, format!("items of other kinds not imported: {}", list.join(", ")));
    }
}

fn read_text(file: &Path) -> Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {}); WordPress writes its exports in UTF-8",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn timezone(asked: Option<&str>, export: &wordpress::Export) -> Result<FixedOffset> {
    if let Some(text) = asked {
        return wordpress::post::parse_offset(text)
            .with_context(|| format!("--timezone {text}: give an offset such as +07:00, or Asia/Ho_Chi_Minh"));
    }
    let vietnam = FixedOffset::east_opt(7 * 3600).context("the offset +07:00")?;
    Ok(wordpress::post::site_offset(export).unwrap_or(vietnam))
}

/// Every category with its nesting (empty ones too, as on the old site), and the old addresses
/// of categories and tags as redirects.
async fn categories(db: &Db, site: &Site<'_>, args: &WordpressArgs, report: &mut Report) -> Result<()> {
    let mut cache = CategoryCache::default();
    let mut tx = db.begin().await?;
    for term in &site.export.categories {
        let path = site.category_path(&term.slug);
        if tx.ensure_category_path(&mut cache, &path).await?.is_some() {
            report.categories += 1;
        }
        if let Some(name) = path.last() {
            let new = format!("/{}", toasoan_core::article::category_slug(name));
            tx.set_redirect(&site.category_address(term, &args.category_base), &new).await?;
            report.redirects += 1;
        }
    }
    for tag in &site.export.tags {
        let name = vn::nfc(&tag.name);
        let slug = vn::slug(&name);
        if tx.ensure_tag(&name).await? {
            let old = wordpress::post::percent_decode(&format!("/{}/{}/", args.tag_base.trim_matches('/'), tag.slug));
            tx.set_redirect(&old, &format!("/the/{slug}")).await?;
            report.redirects += 1;
        }
    }
    tx.bump_content_version().await?;
    tx.commit().await?;
    Ok(())
}
