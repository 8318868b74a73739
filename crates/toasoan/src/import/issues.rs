//! `toasoan import issues DIR`: back issues of the print edition from `DIR/issues.toml`, their
//! PDFs and covers. Each issue is written on its own, after its files are stored, so an
//! interrupted import leaves whole issues only; files are named by their content, so running it
//! again skips what is already there (idempotent by year and number) and finishes the rest.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use sha2::{Digest, Sha256};
use toasoan_media::MediaStore;
use toasoan_store::{Db, IssueFields, PrintIssue};
use toasoan_web::features::library::{default_url, store_image};
use toasoan_web::features::print::store_pages;

use super::issues_manifest::{self, ManifestIssue};
use super::progress_bar;
use crate::pdf_cover::cover_from_first_page;

#[derive(Debug, Default)]
struct Counts {
    created: u64,
    updated: u64,
    unchanged: u64,
    failed: u64,
    /// Issues in, whose PDF's text could not be read.
    without_text: u64,
}

pub async fn run(db: &Db, media: &MediaStore, dir: &Path) -> Result<ExitCode> {
    let started = Instant::now();
    let entries = issues_manifest::read(dir)?;
    let bar = progress_bar(entries.len() as u64, "issues");
    let mut counts = Counts::default();
    for entry in entries {
        bar.inc(1);
        let issue = match entry {
            Ok(issue) => issue,
            Err(error) => {
                bar.suspend(|| eprintln!("{error}"));
                counts.failed += 1;
                continue;
            }
        };
        let place = format!("issues.toml, số {} - {}", issue.number, issue.year);
        match import_one(db, media, dir, &issue).await {
            Ok((outcome, text_error)) => {
                match outcome {
                    Outcome::Created => counts.created += 1,
                    Outcome::Updated => counts.updated += 1,
                    Outcome::Unchanged => counts.unchanged += 1,
                }
                if let Some(error) = text_error {
                    bar.suspend(|| eprintln!("{place}: {error}"));
                    counts.without_text += 1;
                }
            }
            Err(error) => {
                bar.suspend(|| eprintln!("{place}: {error}"));
                counts.failed += 1;
            }
        }
    }
    bar.finish_and_clear();
    eprintln!(
        "imported {} issues ({} new, {} updated, {} unchanged), {} failed, {} without searchable text (tried again next run), in {:.1} s",
        counts.created + counts.updated + counts.unchanged,
        counts.created,
        counts.updated,
        counts.unchanged,
        counts.failed,
        counts.without_text,
        started.elapsed().as_secs_f64()
    );
    Ok(if counts.failed + counts.without_text > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// One issue in; with why its PDF's text could not be read, if it could not (the issue is in
/// all the same, and the next run tries the text again).
async fn import_one(
    db: &Db,
    media: &MediaStore,
    dir: &Path,
    issue: &ManifestIssue,
) -> Result<(Outcome, Option<String>), String> {
    let existing = db.print_issue_by_number(issue.year, issue.number).await.map_err(|e| e.to_string())?;
    let mut fields = issue.fields();
    let pdf = match &issue.pdf {
        Some(name) => Some(read_pdf(dir, name)?),
        None => None,
    };
    let cover = match &issue.cover {
        Some(name) => Some(read_file(dir, name)?),
        None => None,
    };
    if let Some((bytes, hash)) = &pdf {
        fields.pdf_path = format!("print/{}/so-{}-{hash}.pdf", issue.year, issue.number);
        fields.pdf_bytes = bytes.len() as i64;
    }
    if let Some(existing) = &existing
        && unchanged(existing, &fields, cover.as_ref().map(|(_, hash)| hash.as_str()))
        && (pdf.is_none() || db.print_pages_summary(existing.id).await.map_err(|e| e.to_string())?.pages > 0)
    {
        return Ok((Outcome::Unchanged, None));
    }
    let pdf_bytes = match pdf {
        Some((bytes, _)) => {
            media.put(&fields.pdf_path, bytes.clone()).await.map_err(|e| format!("cannot store the PDF: {e}"))?;
            Some(bytes)
        }
        None => None,
    };
    fields.cover_url = match (cover, &existing) {
        (Some((bytes, hash)), _) => {
            let name = format!("bia-so-{}-{}-{hash}.jpg", issue.number, issue.year);
            let alt = format!("Bìa tạp chí Số {} - {}", issue.number, issue.year);
            let item = store_image(db, media, None, &name, bytes, &alt, "").await.map_err(|e| format!("cover: {e}"))?;
            default_url(&item).unwrap_or_default()
        }
        (None, Some(existing)) if !existing.cover_url.is_empty() => existing.cover_url.clone(),
        (None, _) => match &pdf_bytes {
            Some(bytes) => cover_from_first_page(db, media, issue.year, issue.number, bytes).await,
            None => String::new(),
        },
    };
    if fields.pdf_path.is_empty()
        && let Some(existing) = &existing
    {
        fields.pdf_path = existing.pdf_path.clone();
        fields.pdf_bytes = existing.pdf_bytes;
    }
    let id = db.save_print_issue(existing.as_ref().map(|e| e.id), &fields).await.map_err(|e| e.to_string())?;
    let outcome = if existing.is_some() { Outcome::Updated } else { Outcome::Created };
    if let Some(bytes) = pdf_bytes {
        let name = issue.pdf.as_deref().unwrap_or_default();
        match crate::pdf_text::extract(bytes).await {
            Ok(pages) => store_pages(db, id, &pages).await?,
            Err(error) => return Ok((outcome, Some(format!("{name}: {error}; its text is not searchable")))),
        }
    }
    Ok((outcome, None))
}

/// Whether the stored issue already is what the manifest describes (files compared by the
/// content hash in their names).
fn unchanged(existing: &PrintIssue, fields: &IssueFields, cover_hash: Option<&str>) -> bool {
    let toc: Vec<_> = existing.toc.iter().map(|t| (&t.title, &t.author, t.page, t.article_id)).collect();
    let wanted: Vec<_> = fields.toc.iter().map(|t| (&t.title, &t.author, t.page, t.article_id)).collect();
    let pdf_same = fields.pdf_path.is_empty() || existing.pdf_path == fields.pdf_path;
    let cover_same = cover_hash.is_none_or(|hash| existing.cover_url.contains(hash));
    pdf_same
        && cover_same
        && toc == wanted
        && (&existing.title, &existing.special_label, &existing.volume, existing.published_on)
            == (&fields.title, &fields.special_label, &fields.volume, fields.published_on)
}

/// A file of the manifest's folder and the start of its SHA-256 (hex).
fn read_file(dir: &Path, name: &str) -> Result<(Vec<u8>, String), String> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{name}: cannot read ({e})"))?;
    let hash: String = Sha256::digest(&bytes).iter().take(6).map(|b| format!("{b:02x}")).collect();
    Ok((bytes, hash))
}

fn read_pdf(dir: &Path, name: &str) -> Result<(Vec<u8>, String), String> {
    let (bytes, hash) = read_file(dir, name)?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(format!("{name}: not a PDF (it does not start with %PDF-)"));
    }
    Ok((bytes, hash))
}
