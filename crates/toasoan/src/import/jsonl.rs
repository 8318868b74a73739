//! `toasoan import jsonl FILE`: one JSON article per line, plain or gzip-compressed.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};
use chrono::Utc;
use flate2::read::MultiGzDecoder;
use toasoan_core::import::jsonl::parse_line;
use toasoan_store::Db;

use super::{BatchWriter, progress_bar};

pub async fn run(db: &Db, file: &Path) -> Result<ExitCode> {
    let opened = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let size = opened.metadata().map(|m| m.len()).unwrap_or(0);
    let read_bytes = Arc::new(AtomicU64::new(0));
    let counted = CountingReader { inner: opened, count: read_bytes.clone() };
    let reader: Box<dyn BufRead> = if file.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::with_capacity(1 << 20, MultiGzDecoder::new(counted)))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, counted))
    };
    let bar = progress_bar(size, "bytes");
    let mut writer = BatchWriter::new(db);
    let now = Utc::now();
    let mut reader = reader;
    let mut bytes = Vec::with_capacity(1 << 16);
    let mut number = 0;
    loop {
        bytes.clear();
        number += 1;
        match reader.read_until(b'\n', &mut bytes) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                bar.suspend(|| eprintln!("{}: line {number}: cannot read: {e}", file.display()));
                writer.summary.failed += 1;
                break; // a broken compressed stream cannot be resynchronised
            }
        }
        let Ok(line) = std::str::from_utf8(&bytes) else {
            bar.suspend(|| eprintln!("{}: line {number}: not UTF-8 text", file.display()));
            writer.summary.failed += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(number, line, now) {
            Ok(draft) => writer.write(&draft).await?,
            Err(e) => {
                bar.suspend(|| eprintln!("{}: {e}", file.display()));
                writer.summary.failed += 1;
            }
        }
        if number.is_multiple_of(256) {
            bar.set_position(read_bytes.load(Ordering::Relaxed));
            bar.set_message(format!("{} articles", writer.summary.imported()));
        }
    }
    bar.finish_and_clear();
    Ok(writer.finish().await?.report())
}

/// Counts the bytes read from the file, so the progress bar can follow a compressed stream.
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
