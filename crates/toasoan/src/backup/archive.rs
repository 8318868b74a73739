//! The backup file: a tar archive (gzip-compressed when its name ends in `.gz`) whose first
//! entry is `manifest.json` — what made it, when, from which engine and schema, how many rows
//! each table had, and the size and SHA-256 of every other entry — followed by the tables as
//! JSON lines (`database/NN-table.jsonl`), the media files (`media/…`) and the settings
//! (`settings/toasoan.toml`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FORMAT: &str = "toasoan-backup";
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub toasoan: String,
    pub created_at: String,
    /// `sqlite` or `postgres`: where the backup was taken (a restore may go to either).
    pub engine: String,
    /// The migrations the database had: a restore needs a toasoan that knows them all.
    pub migrations: Vec<i64>,
    /// Rows per table, as read in the snapshot.
    pub tables: BTreeMap<String, u64>,
    /// The newest article in the snapshot: everything up to it is in, nothing after.
    pub last_article_id: i64,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

/// Writes through to a file while counting bytes and hashing them.
pub struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter { inner, hash: Sha256::new(), bytes: 0 }
    }

    /// The inner writer, the byte count and the hex digest.
    pub fn finish(self) -> (W, u64, String) {
        (self.inner, self.bytes, hex(&self.hash.finalize()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens a backup for reading, gzip or not (told by its first bytes, not its name).
pub fn open(file: &Path) -> Result<tar::Archive<Box<dyn Read>>> {
    let mut opened = BufReader::new(File::open(file).with_context(|| format!("cannot open {}", file.display()))?);
    let gzip = {
        let start = std::io::BufRead::fill_buf(&mut opened)?;
        start.starts_with(&[0x1f, 0x8b])
    };
    let reader: Box<dyn Read> =
        if gzip { Box::new(flate2::read::MultiGzDecoder::new(opened)) } else { Box::new(opened) };
    Ok(tar::Archive::new(reader))
}

/// Reads the manifest at the head of an archive's entries.
pub fn read_manifest(entry: &mut tar::Entry<'_, Box<dyn Read>>) -> Result<Manifest> {
    let path = entry.path()?.to_string_lossy().into_owned();
    if path != MANIFEST {
        bail!("the archive does not start with {MANIFEST} (found {path}): not a toasoan backup");
    }
    let mut text = String::new();
    entry.take(16 << 20).read_to_string(&mut text).context("cannot read the manifest")?;
    let manifest: Manifest = serde_json::from_str(&text).context("the manifest is not valid")?;
    if manifest.format != FORMAT || manifest.format_version > FORMAT_VERSION {
        bail!("{} version {}: not a backup this toasoan can read", manifest.format, manifest.format_version);
    }
    Ok(manifest)
}

/// Reads an entry line by line while hashing all of it: a table's file of any size is read
/// in bounded memory, and its size and digest are known at the end.
pub struct HashingLines<R: Read> {
    reader: BufReader<R>,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> HashingLines<R> {
    pub fn new(inner: R) -> HashingLines<R> {
        HashingLines { reader: BufReader::with_capacity(1 << 16, inner), hash: Sha256::new(), bytes: 0 }
    }

    /// Up to `max` non-empty lines, without their line feed; none at the end.
    pub fn next_lines(&mut self, max: usize) -> Result<Vec<Vec<u8>>> {
        let mut lines = Vec::new();
        while lines.len() < max {
            let mut line = Vec::new();
            let n = std::io::BufRead::read_until(&mut self.reader, b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            self.hash.update(&line);
            self.bytes += n as u64;
            if line.ends_with(b"\n") {
                line.pop();
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        Ok(lines)
    }

    /// The size and hex digest of the whole entry (what was not read yet is read first).
    pub fn finish(mut self) -> Result<(u64, String)> {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest)?;
        self.hash.update(&rest);
        Ok((self.bytes + rest.len() as u64, hex(&self.hash.finalize())))
    }
}

/// What `backup --verify` found.
#[derive(Debug, Default)]
pub struct Verified {
    pub files: u64,
    pub rows: u64,
    pub problems: Vec<String>,
}

/// Checks every entry against the manifest: present, same size, same digest, nothing extra,
/// and every table line a JSON object.
pub fn verify(file: &Path) -> Result<(Manifest, Verified)> {
    let mut archive = open(file)?;
    let mut entries = archive.entries()?;
    let mut first = entries.next().context("the archive is empty")??;
    let manifest = read_manifest(&mut first)?;
    drop(first);
    let mut expected: BTreeMap<String, &FileEntry> = manifest.files.iter().map(|f| (f.path.clone(), f)).collect();
    let mut verified = Verified::default();
    for entry in entries {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let mut bad_lines = 0u64;
        let mut reader = HashingLines::new(&mut entry);
        if path.starts_with("database/") {
            loop {
                let lines = reader.next_lines(1000)?;
                if lines.is_empty() {
                    break;
                }
                verified.rows += lines.len() as u64;
                let objects =
                    lines.iter().filter(|l| matches!(serde_json::from_slice(l), Ok(serde_json::Value::Object(_))));
                bad_lines += (lines.len() - objects.count()) as u64;
            }
        }
        let (bytes, sha256) = reader.finish()?;
        if bad_lines > 0 {
            verified.problems.push(format!("{path}: {bad_lines} lines are not JSON objects"));
        }
        match expected.remove(&path) {
            None => verified.problems.push(format!("{path}: not in the manifest")),
            Some(want) if want.bytes != bytes || want.sha256 != sha256 => {
                verified.problems.push(format!(
                    "{path}: {bytes} bytes, SHA-256 {sha256}; the manifest says {} bytes, {}",
                    want.bytes, want.sha256
                ));
            }
            Some(_) => verified.files += 1,
        }
    }
    for missing in expected.keys() {
        verified.problems.push(format!("{missing}: in the manifest but not in the archive"));
    }
    let manifest_rows: u64 = manifest.tables.values().sum();
    if verified.problems.is_empty() && manifest_rows != verified.rows {
        verified.problems.push(format!("{} rows in the tables, the manifest says {manifest_rows}", verified.rows));
    }
    Ok((manifest, verified))
}
