//! `toasoan import page FILE|DIR…`: pages saved from the old site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use toasoan_core::import::page::parse_page;
use toasoan_store::Db;

use super::{BatchWriter, progress_bar};

pub async fn run(db: &Db, paths: &[PathBuf]) -> Result<ExitCode> {
    let mut files = Vec::new();
    let mut missing = 0;
    for path in paths {
        if path.is_dir() {
            collect_pages(path, &mut files)?;
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            eprintln!("{}: no such file or folder", path.display());
            missing += 1;
        }
    }
    files.sort();
    let bar = progress_bar(files.len() as u64, "pages");
    let mut writer = BatchWriter::new(db);
    writer.summary.failed += missing;
    for file in &files {
        match read_page(file) {
            Ok(draft) => writer.write(&draft).await?,
            Err(message) => {
                bar.suspend(|| eprintln!("{message}"));
                writer.summary.failed += 1;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(writer.finish().await?.report())
}

/// Parses one file; the error names the file and the line.
fn read_page(file: &Path) -> std::result::Result<toasoan_core::ArticleDraft, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", file.display()))?;
    let source_id = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    parse_page(&source_id, &text).map_err(|e| format!("{}: {e}", file.display()))
}

/// Every `.txt` file under `dir`, at any depth.
fn collect_pages(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_pages(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}
