//! `toasoan media migrate --to URL`: moves a single node's media folder into a bucket (or any
//! store to any other) before the site goes to several nodes. Resumable: a file already at the
//! target with the same size is not copied again, so an interrupted run is finished by running it
//! again. The source is left as it was; switch `[media] url` once the copy is complete.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use toasoan_media::{MediaLocation, MediaStore, StorageError};

use crate::setup::Setup;

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Copy every media file to another store (file://DIR or s3://BUCKET[/PREFIX]).
    Migrate(MigrateArgs),
    /// Make the WebP copies that pictures stored before they existed lack (resumable).
    Webp,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The store to copy to.
    #[arg(long, value_name = "URL")]
    pub to: String,
}

/// What a run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    pub copied: u64,
    pub bytes: u64,
    pub already_there: u64,
    pub failed: Vec<(String, String)>,
}

pub async fn run(context: &Setup, command: MediaCommand) -> Result<ExitCode> {
    match command {
        MediaCommand::Migrate(args) => run_migrate(context, args).await,
        MediaCommand::Webp => run_webp(context).await,
    }
}

async fn run_webp(context: &Setup) -> Result<ExitCode> {
    let media = context.open_media()?;
    let files = media.list("").await.with_context(|| format!("cannot list the media at {}", context.media))?;
    let bar = crate::import::progress_bar(files.len() as u64, "files");
    let outcome = crate::media_webp::make_copies(&media, &files, || bar.inc(1)).await;
    bar.finish_and_clear();
    eprintln!(
        "made {} WebP copies ({:.1} MB smaller than their originals); {} already had one; {} would not be smaller; {} failed",
        outcome.made,
        outcome.saved_bytes as f64 / 1e6,
        outcome.already_there,
        outcome.not_smaller,
        outcome.failed.len()
    );
    for (path, error) in &outcome.failed {
        eprintln!("error: {path}: {error}");
    }
    Ok(if outcome.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

async fn run_migrate(context: &Setup, args: MigrateArgs) -> Result<ExitCode> {
    let target_location = MediaLocation::parse(&args.to)?;
    if target_location == context.media {
        anyhow::bail!("the media are already at {}: give another store with --to", context.media);
    }
    let source = context.open_media()?;
    let target = target_location.open(&context.data).with_context(|| format!("cannot open {target_location}"))?;
    let files = source.list("").await.with_context(|| format!("cannot list the media at {}", context.media))?;
    eprintln!("copying {} files from {} to {target_location}", files.len(), context.media);
    let bar = crate::import::progress_bar(files.len() as u64, "files");
    let outcome = migrate(&source, &target, &files, || bar.inc(1)).await;
    bar.finish_and_clear();
    eprintln!(
        "copied {} files ({:.1} MB); {} were already there; {} failed",
        outcome.copied,
        outcome.bytes as f64 / 1e6,
        outcome.already_there,
        outcome.failed.len()
    );
    for (path, error) in &outcome.failed {
        eprintln!("error: {path}: {error}");
    }
    if !outcome.failed.is_empty() {
        eprintln!("run the same command again to copy what failed");
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("done: set [media] url = \"{target_location}\" (or TOASOAN_MEDIA_URL) on every node");
    Ok(ExitCode::SUCCESS)
}

/// Copies each of `files` from `source` to `target` unless the target has it at the same size;
/// a file that fails is reported and the rest carry on.
pub async fn migrate(source: &MediaStore, target: &MediaStore, files: &[String], mut tick: impl FnMut()) -> Migrated {
    let mut outcome = Migrated::default();
    for path in files {
        match copy_one(source, target, path).await {
            Ok(None) => outcome.already_there += 1,
            Ok(Some(bytes)) => {
                outcome.copied += 1;
                outcome.bytes += bytes;
            }
            Err(error) => outcome.failed.push((path.clone(), error.to_string())),
        }
        tick();
    }
    outcome
}

async fn copy_one(source: &MediaStore, target: &MediaStore, path: &str) -> Result<Option<u64>, StorageError> {
    let size = source.size(path).await?;
    match target.size(path).await {
        Ok(there) if there == size => return Ok(None),
        Ok(_) | Err(StorageError::NotFound) => {}
        Err(error) => return Err(error),
    }
    source.copy_to(path, target).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_run_copies_only_what_is_missing_or_different() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = MediaStore::local(dir.path()).expect("local");
        let target = MediaStore::in_memory();
        for (path, size) in [("2026/a.jpg", 10), ("2026/b.webp", 20_000), ("print/1.pdf", 3)] {
            source.put(path, vec![7; size]).await.expect("put");
        }
        target.put("2026/a.jpg", vec![7; 10]).await.expect("put");
        target.put("print/1.pdf", vec![1; 2]).await.expect("a half-copied file");
        let files = source.list("").await.expect("list");
        let first = migrate(&source, &target, &files, || {}).await;
        assert_eq!((first.copied, first.bytes, first.already_there), (2, 20_003, 1));
        assert!(first.failed.is_empty());
        assert_eq!(target.get("print/1.pdf").await.expect("copied").as_ref(), [7, 7, 7]);
        let again = migrate(&source, &target, &files, || {}).await;
        assert_eq!((again.copied, again.already_there), (0, 3));
        let missing = migrate(&source, &target, &["gone.jpg".to_owned()], || {}).await;
        assert_eq!(missing.failed.len(), 1, "reported, not fatal");
    }
}
