//! `toasoan restore FILE`: a backup into an empty site — an empty database of either engine
//! (the backup's engine does not matter) and an empty media folder. The rows go in one
//! transaction, committed only when every entry matched its checksum, so a damaged archive or
//! an interrupted restore leaves the database as empty as it was; media files written before a
//! failure are removed. The search index is then rebuilt from the restored database.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use toasoan_media::MediaStore;
use toasoan_store::Db;

use super::archive::{self, HashingLines, Manifest};

pub async fn restore(db: &Db, media: &MediaStore, data: &Path, file: &Path) -> Result<ExitCode> {
    let started = Instant::now();
    refuse_unless_empty(db, media).await?;
    let mut written = Vec::new();
    let result = restore_into(db, media, data, file, &mut written).await;
    if result.is_err() {
        for path in &written {
            let _ = media.delete(path).await;
        }
    }
    let (manifest, rows) = result?;
    println!(
        "restored {}: {rows} rows in {} tables, {} media files, taken {} from {}; in {:.1} s",
        file.display(),
        manifest.tables.len(),
        written.len(),
        manifest.created_at,
        manifest.engine,
        started.elapsed().as_secs_f64()
    );
    crate::search_cmd::reindex(db, data).await
}

async fn refuse_unless_empty(db: &Db, media: &MediaStore) -> Result<()> {
    if !db.is_empty_site().await? {
        bail!(
            "the database already holds content or accounts: restore only into an empty one \
             (a new data folder, or a new PostgreSQL database)"
        );
    }
    if !media.list("").await?.is_empty() {
        bail!("the media folder is not empty: restore only into an empty data folder");
    }
    Ok(())
}

async fn restore_into(
    db: &Db,
    media: &MediaStore,
    data: &Path,
    file: &Path,
    written: &mut Vec<String>,
) -> Result<(Manifest, u64)> {
    let mut archive = archive::open(file)?;
    let mut entries = archive.entries()?;
    let mut first = entries.next().context("the archive is empty")??;
    let manifest = archive::read_manifest(&mut first)?;
    drop(first);
    let known = db.applied_migrations().await?;
    if let Some(newer) = manifest.migrations.iter().find(|m| !known.contains(m)) {
        bail!("the backup was made by a newer toasoan (migration {newer}): upgrade toasoan to restore it");
    }
    let expected: BTreeMap<&str, &archive::FileEntry> = manifest.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let tables = db.data_tables().await?;
    let mut tx = db.begin().await?;
    for table in tables.iter().rev() {
        tx.clear_table(table).await?;
    }
    let mut rows = 0u64;
    let mut seen = 0usize;
    for entry in entries {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        if path.starts_with('/') || path.split('/').any(|part| part == ".." || part.is_empty()) {
            bail!("{path}: not a path inside the archive: nothing was restored");
        }
        let want = expected.get(path.as_str()).with_context(|| format!("{path}: not in the manifest"))?;
        let (bytes, sha256) = if let Some(table) = table_of(&path) {
            if !tables.iter().any(|t| t == table) {
                bail!("{path}: this version of toasoan has no table {table}");
            }
            let columns = db.columns(table).await?;
            // A thousand rows at a time: a table of any size restores in bounded memory.
            let mut reader = HashingLines::new(&mut entry);
            loop {
                let lines = reader.next_lines(1000)?;
                if lines.is_empty() {
                    break;
                }
                for line in &lines {
                    let row: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_slice(line).with_context(|| format!("{path}: a line is not a JSON object"))?;
                    tx.insert_row(table, &columns, &row)
                        .await
                        .with_context(|| format!("{path}: cannot write a row"))?;
                    rows += 1;
                }
            }
            tx.continue_ids(table, &columns).await?;
            reader.finish()?
        } else if let Some(stored) = path.strip_prefix("media/") {
            // Never more than the manifest says (plus one byte, to see a longer file).
            let mut content = Vec::with_capacity(want.bytes.min(64 << 20) as usize);
            (&mut entry).take(want.bytes + 1).read_to_end(&mut content)?;
            let digest =
                archive::hex(&sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&content)));
            media.put(stored, content.clone()).await?;
            written.push(stored.to_owned());
            (content.len() as u64, digest)
        } else if path == "settings/toasoan.toml" {
            let mut content = Vec::new();
            (&mut entry).take(want.bytes + 1).read_to_end(&mut content)?;
            let digest =
                archive::hex(&sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(&content)));
            let target = data.join("toasoan.toml");
            // A new data folder gets the default settings when it is first opened: those give way.
            let untouched = std::fs::read_to_string(&target).is_ok_and(|t| t == crate::config::DEFAULT_FILE);
            if target.exists() && !untouched {
                eprintln!("note: {} exists and was kept; the backup's settings were not written", target.display());
            } else {
                std::fs::write(&target, &content)?;
            }
            (content.len() as u64, digest)
        } else {
            bail!("{path}: an entry this toasoan does not know");
        };
        if bytes != want.bytes || sha256 != want.sha256 {
            bail!("{path}: does not match the manifest (damaged archive): nothing was restored");
        }
        seen += 1;
    }
    if seen != manifest.files.len() {
        bail!(
            "the archive lacks {} of the files its manifest lists: nothing was restored",
            manifest.files.len() - seen
        );
    }
    tx.bump_content_version().await?;
    tx.commit().await?;
    Ok((manifest, rows))
}

/// `database/03-articles.jsonl` → `articles`.
fn table_of(path: &str) -> Option<&str> {
    let name = path.strip_prefix("database/")?.strip_suffix(".jsonl")?;
    name.split_once('-').map(|(_, table)| table)
}
