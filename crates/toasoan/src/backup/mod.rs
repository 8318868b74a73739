//! `toasoan backup FILE`, `toasoan backup --verify FILE` and `toasoan restore FILE`.
//!
//! A backup is taken from a running site: the database is read in one snapshot (writers carry
//! on), then the media files (written before the rows that name them, so every file the
//! snapshot needs is there), then the settings. Everything is staged beside the target, hashed,
//! and packed into one archive written as `FILE.partial` and renamed when complete, so a
//! failed backup never leaves a file that looks whole.

pub mod archive;
mod restore;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;
use clap::Args;
use toasoan_media::MediaStore;
use toasoan_store::Db;

use archive::{FORMAT, FORMAT_VERSION, FileEntry, HashingWriter, MANIFEST, Manifest};
pub use restore::restore;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The archive to write (`.tar`, or `.tar.gz` to compress), or with `--verify` to check.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check an archive against its manifest (sizes, SHA-256, every table line) instead.
    #[arg(long)]
    pub verify: bool,
}

pub async fn run(db: &Db, media: &MediaStore, data: &Path, args: &BackupArgs) -> Result<ExitCode> {
    if args.verify {
        return verify(&args.file);
    }
    let started = Instant::now();
    let partial = partial_name(&args.file);
    let result = write_backup(db, media, data, &args.file, &partial).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let manifest = result?;
    std::fs::rename(&partial, &args.file).with_context(|| format!("cannot write {}", args.file.display()))?;
    let size = std::fs::metadata(&args.file)?.len();
    db.record_backup(Utc::now(), size).await?;
    let rows: u64 = manifest.tables.values().sum();
    let media_files = manifest.files.iter().filter(|f| f.path.starts_with("media/")).count();
    println!(
        "backup {}: {} tables, {rows} rows (articles up to id {}), {media_files} media files, {:.1} MB, in {:.1} s",
        args.file.display(),
        manifest.tables.len(),
        manifest.last_article_id,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn partial_name(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn verify(file: &Path) -> Result<ExitCode> {
    let (manifest, verified) = archive::verify(file)?;
    for problem in &verified.problems {
        eprintln!("error: {}: {problem}", file.display());
    }
    if !verified.problems.is_empty() {
        eprintln!("{}: damaged ({} problems)", file.display(), verified.problems.len());
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{}: intact — {} files, {} rows, taken {} from {} by toasoan {}",
        file.display(),
        verified.files,
        verified.rows,
        manifest.created_at,
        manifest.engine,
        manifest.toasoan
    );
    Ok(ExitCode::SUCCESS)
}

async fn write_backup(db: &Db, media: &MediaStore, data: &Path, target: &Path, partial: &Path) -> Result<Manifest> {
    let folder = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".toasoan-backup-")
        .tempdir_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        toasoan: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: Utc::now().to_rfc3339(),
        engine: match db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
        .to_owned(),
        migrations: db.applied_migrations().await?,
        tables: Default::default(),
        last_article_id: 0,
        files: Vec::new(),
    };
    dump_database(db, staging.path(), &mut manifest).await?;
    copy_media(media, staging.path(), &mut manifest).await?;
    let settings = data.join("toasoan.toml");
    if settings.is_file() {
        let staged = staging.path().join("settings/toasoan.toml");
        std::fs::create_dir_all(staging.path().join("settings"))?;
        std::fs::copy(&settings, &staged)?;
        manifest.files.push(entry_of(&staged, "settings/toasoan.toml")?);
    }
    std::fs::write(staging.path().join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    pack(staging.path(), &manifest, partial)?;
    Ok(manifest)
}

/// Every table, read in one snapshot, as JSON lines.
async fn dump_database(db: &Db, staging: &Path, manifest: &mut Manifest) -> Result<()> {
    std::fs::create_dir_all(staging.join("database"))?;
    let tables = db.data_tables().await?;
    let mut columns = Vec::with_capacity(tables.len());
    for table in &tables {
        columns.push(db.columns(table).await?);
    }
    let mut snapshot = db.snapshot().await?;
    for (number, (table, columns)) in tables.iter().zip(&columns).enumerate() {
        let name = format!("database/{:02}-{table}.jsonl", number + 1);
        let mut out = HashingWriter::new(BufWriter::new(File::create(staging.join(&name))?));
        let mut last_id = 0i64;
        let is_articles = table == "articles";
        let rows = snapshot
            .dump(table, columns, &mut |line| {
                if is_articles {
                    last_id = last_id.max(id_of(line));
                }
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")
            })
            .await?;
        if is_articles {
            manifest.last_article_id = last_id;
        }
        let (writer, bytes, sha256) = out.finish();
        writer.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        manifest.tables.insert(table.clone(), rows);
        manifest.files.push(FileEntry { path: name, bytes, sha256 });
    }
    snapshot.finish().await?;
    Ok(())
}

fn id_of(line: &str) -> i64 {
    serde_json::from_str::<serde_json::Value>(line).ok().and_then(|v| v["id"].as_i64()).unwrap_or(0)
}

async fn copy_media(media: &MediaStore, staging: &Path, manifest: &mut Manifest) -> Result<()> {
    let mut paths = media.list("").await?;
    paths.sort();
    for path in paths {
        if path.split('/').any(|part| part == ".." || part.is_empty()) {
            continue;
        }
        let bytes = match media.get(&path).await {
            Ok(bytes) => bytes,
            // Deleted between the listing and now: a later version of the library.
            Err(toasoan_media::StorageError::NotFound) => continue,
            Err(error) => return Err(error.into()),
        };
        let name = format!("media/{path}");
        let staged = staging.join(&name);
        if let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&staged, &bytes)?;
        manifest.files.push(FileEntry {
            path: name,
            bytes: bytes.len() as u64,
            sha256: archive::hex(&sha2_of(&bytes)),
        });
    }
    Ok(())
}

fn sha2_of(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

fn entry_of(file: &Path, name: &str) -> Result<FileEntry> {
    let bytes = std::fs::read(file)?;
    Ok(FileEntry { path: name.to_owned(), bytes: bytes.len() as u64, sha256: archive::hex(&sha2_of(&bytes)) })
}

/// The archive: the manifest first, then every file it lists, in its order; the compressed
/// stream finished and the file synced with their errors seen.
fn pack(staging: &Path, manifest: &Manifest, partial: &Path) -> Result<()> {
    let file = File::create(partial).with_context(|| format!("cannot write {}", partial.display()))?;
    let compressed = partial.to_string_lossy().trim_end_matches(".partial").ends_with(".gz");
    let file = if compressed {
        let encoder = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::fast());
        pack_into(encoder, staging, manifest)?.finish()?
    } else {
        pack_into(BufWriter::new(file), staging, manifest)?
    };
    file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

fn pack_into<W: Write>(writer: W, staging: &Path, manifest: &Manifest) -> Result<W> {
    let mut builder = tar::Builder::new(writer);
    builder.mode(tar::HeaderMode::Deterministic);
    builder.append_path_with_name(staging.join(MANIFEST), MANIFEST)?;
    for entry in &manifest.files {
        builder.append_path_with_name(staging.join(&entry.path), &entry.path)?;
    }
    Ok(builder.into_inner()?)
}
