//! What the binary's tests share: running `toasoan --data DIR …` as a user would.
#![allow(dead_code, clippy::expect_used)] // shared by several test binaries; a failed step is a failed test

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary on the SQLite file of `data`, whatever the environment says.
pub fn toasoan(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("TOASOAN_DATABASE_URL")
        .env("TOASOAN_LOG", "warn")
        .output()
        .expect("the binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
