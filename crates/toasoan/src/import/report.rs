//! What a site import (WordPress, Ghost) did, as a table at the end, with every warning and error located by
//! the file's line. Errors (an item that could not be read) make the exit code a failure;
//! warnings (a missing picture, a private post made a draft) do not.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub read: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Read but deliberately left out (pages, pingbacks, pictures without `--uploads`).
    pub not_imported: u64,
    pub failed: u64,
}

#[derive(Debug)]
pub struct Report {
    /// "WordPress", "Ghost".
    pub platform: &'static str,
    pub file: String,
    pub posts: Counts,
    pub pages: Counts,
    pub pictures: Counts,
    pub comments: Counts,
    pub accounts: Counts,
    pub categories: u64,
    pub redirects: u64,
    /// Shortcode name → the posts that had it.
    pub unknown_shortcodes: BTreeMap<String, Vec<i64>>,
    /// Titles of the pages read and left out.
    pub pages_left_out: Vec<String>,
    pub warnings: Vec<(usize, String)>,
    pub errors: Vec<(usize, String)>,
    started: Instant,
}

impl Report {
    pub fn new(platform: &'static str, file: &str) -> Report {
        Report {
            platform,
            file: file.to_owned(),
            posts: Counts::default(),
            pages: Counts::default(),
            pictures: Counts::default(),
            comments: Counts::default(),
            accounts: Counts::default(),
            categories: 0,
            redirects: 0,
            unknown_shortcodes: BTreeMap::new(),
            pages_left_out: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
            started: Instant::now(),
        }
    }

    pub fn warn(&mut self, line: usize, message: String) {
        self.warnings.push((line, message));
    }

    pub fn error(&mut self, line: usize, message: String) {
        self.errors.push((line, message));
    }

    /// The table on standard error; a failure when any item could not be imported.
    pub fn print(mut self) -> ExitCode {
        if !self.pages_left_out.is_empty() {
            let list = self.pages_left_out.join(", ");
            self.warn(
                0,
                format!(
                    "{} pages not imported (toasoan has no standalone pages yet): {list}",
                    self.pages_left_out.len()
                ),
            );
        }
        if self.accounts.created > 0 {
            let message = format!(
                "{} new accounts have no password: give each one with `toasoan user reset-password EMAIL`",
                self.accounts.created
            );
            self.warn(0, message);
        }
        let seconds = self.started.elapsed().as_secs_f64();
        eprintln!("{}", self.table(seconds));
        if self.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
    }

    pub fn table(&self, seconds: f64) -> String {
        let mut out = format!(
            "{} import of {}\n{:<10} {:>7} {:>7} {:>8} {:>10} {:>13} {:>7}\n",
            self.platform, self.file, "", "read", "new", "updated", "unchanged", "not imported", "failed"
        );
        for (name, c) in [
            ("posts", self.posts),
            ("pages", self.pages),
            ("pictures", self.pictures),
            ("comments", self.comments),
            ("accounts", self.accounts),
        ] {
            out.push_str(&format!(
                "{name:<10} {:>7} {:>7} {:>8} {:>10} {:>13} {:>7}\n",
                c.read, c.created, c.updated, c.unchanged, c.not_imported, c.failed
            ));
        }
        let rate = (self.posts.created + self.posts.updated + self.posts.unchanged) as f64 / seconds.max(1e-9);
        out.push_str(&format!(
            "{} categories, {} old addresses kept as redirects, in {seconds:.1} s ({rate:.0} posts/s)\n",
            self.categories, self.redirects
        ));
        if !self.unknown_shortcodes.is_empty() {
            let list: Vec<String> = self
                .unknown_shortcodes
                .iter()
                .map(|(name, posts)| format!("[{name}] ({} posts)", posts.len()))
                .collect();
            out.push_str(&format!("unknown shortcodes kept as text: {}\n", list.join(", ")));
        }
        for (line, message) in &self.warnings {
            out.push_str(&self.located("warning", *line, message));
        }
        for (line, message) in &self.errors {
            out.push_str(&self.located("error", *line, message));
        }
        out
    }

    /// `warning: FILE:LINE: message`, or without a line for what concerns the whole file.
    fn located(&self, kind: &str, line: usize, message: &str) -> String {
        if line == 0 { format!("{kind}: {message}\n") } else { format!("{kind}: {}:{line}: {message}\n", self.file) }
    }
}
