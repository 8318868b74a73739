//! The importers' shared machinery: batched transactional writes, the progress bar, the summary.

pub mod accounts;
pub mod articles;
pub mod ghost;
pub mod issues;
mod issues_manifest;
pub mod jsonl;
pub mod media_files;
pub mod page;
pub mod report;
pub mod wordpress;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use toasoan_core::ArticleDraft;
use toasoan_store::{CategoryCache, Db, Tx, UpsertOutcome};

/// Articles per transaction: large enough to be fast, small enough that an interruption loses
/// little (a batch is all or nothing, never half-written).
const BATCH_SIZE: usize = 1000;

/// Writes drafts in batches, each batch one transaction.
pub struct BatchWriter<'a> {
    db: &'a Db,
    tx: Option<Tx>,
    cache: CategoryCache,
    pending: usize,
    pub summary: Summary,
}

impl<'a> BatchWriter<'a> {
    pub fn new(db: &'a Db) -> BatchWriter<'a> {
        BatchWriter { db, tx: None, cache: CategoryCache::default(), pending: 0, summary: Summary::new() }
    }

    pub async fn write(&mut self, draft: &ArticleDraft) -> Result<()> {
        let tx = match self.tx.as_mut() {
            Some(tx) => tx,
            None => self.tx.insert(self.db.begin().await?),
        };
        match tx.upsert_article(&mut self.cache, draft, Utc::now()).await? {
            UpsertOutcome::Created(_) => self.summary.created += 1,
            UpsertOutcome::Updated(_) => self.summary.updated += 1,
        }
        self.pending += 1;
        if self.pending >= BATCH_SIZE {
            self.commit().await?;
        }
        Ok(())
    }

    async fn commit(&mut self) -> Result<()> {
        if let Some(mut tx) = self.tx.take() {
            tx.bump_content_version().await?;
            tx.commit().await?;
        }
        self.pending = 0;
        Ok(())
    }

    /// Commits the last batch and returns the summary.
    pub async fn finish(mut self) -> Result<Summary> {
        self.commit().await?;
        Ok(self.summary)
    }
}

/// What an import did, printed at the end.
#[derive(Debug)]
pub struct Summary {
    pub created: u64,
    pub updated: u64,
    pub failed: u64,
    started: Instant,
}

impl Summary {
    fn new() -> Summary {
        Summary { created: 0, updated: 0, failed: 0, started: Instant::now() }
    }

    pub fn imported(&self) -> u64 {
        self.created + self.updated
    }

    /// Prints the summary; the exit code is a failure when anything failed.
    pub fn report(&self) -> ExitCode {
        let elapsed = self.started.elapsed();
        let rate = self.imported() as f64 / elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "imported {} articles ({} new, {} updated), {} failed, in {:.1} s ({} articles/s)",
            group(self.imported()),
            group(self.created),
            group(self.updated),
            group(self.failed),
            elapsed.as_secs_f64(),
            group(rate.round() as u64),
        );
        if self.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
    }
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A progress bar on standard error with rate and ETA; hidden when stderr is not a terminal.
pub fn progress_bar(len: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template =
        format!("{{bar:40}} {{percent:>3}}% {{human_pos}}/{{human_len}} {unit} · {{per_sec}} · ETA {{eta}} {{msg}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

#[cfg(test)]
mod tests {
    use super::group;

    #[test]
    fn counts_are_grouped_for_reading() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(84_132), "84,132");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}
