//! PDF text extraction in a child process of this binary (`toasoan extract-pdf`, hidden): a PDF
//! that loops, eats memory or crashes the parser takes the child down, never the server or the
//! import. The child limits its own address space and CPU time before it reads anything; the
//! parent kills it if it outlives the wall-clock limit.

use std::io::{Read, Write};
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use toasoan_media::pdf::{PageText, extract_pages};
use tokio::io::AsyncWriteExt;

/// Wall-clock time a PDF may take, whatever its size.
pub const TIMEOUT: Duration = Duration::from_secs(120);
/// Memory the child may map.
const MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// CPU seconds the child may use.
const CPU_SECONDS: u64 = 120;

/// The child: a PDF on standard input, its pages as JSON on standard output.
pub fn child_main() -> ExitCode {
    if let Err(error) = limit_self() {
        eprintln!("cannot limit the extractor: {error}");
        return ExitCode::from(3);
    }
    let mut bytes = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("cannot read the PDF: {error}");
        return ExitCode::from(2);
    }
    let pages = match extract_pages(&bytes) {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let written = serde_json::to_writer(std::io::stdout().lock(), &pages).map_err(std::io::Error::other);
    match written.and_then(|()| std::io::stdout().flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot write the pages: {error}");
            ExitCode::from(2)
        }
    }
}

fn limit_self() -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, MEMORY_BYTES, MEMORY_BYTES)?;
    rlimit::setrlimit(rlimit::Resource::CPU, CPU_SECONDS, CPU_SECONDS)
}

/// The pages of `pdf`, read by a child process within [`TIMEOUT`]; the error says why not, in
/// English, for logs and the importer's report.
pub async fn extract(pdf: Vec<u8>) -> Result<Vec<PageText>, String> {
    extract_within(pdf, TIMEOUT).await
}

pub async fn extract_within(pdf: Vec<u8>, timeout: Duration) -> Result<Vec<PageText>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut child = tokio::process::Command::new(exe)
        .arg("extract-pdf")
        .env("TOASOAN_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start the PDF reader: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("the PDF reader has no input")?;
    let feed = tokio::spawn(async move {
        // A child that dies early closes its end; the reason is in its exit status.
        let _ = stdin.write_all(&pdf).await;
    });
    let output = match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(output) => output.map_err(|e| format!("the PDF reader failed: {e}"))?,
        Err(_) => return Err(format!("reading the PDF took longer than {} s; skipped", timeout.as_secs())),
    };
    let _ = feed.await;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr).trim().lines().last().unwrap_or_default().to_owned();
        let reason = if reason.is_empty() { format!("the PDF reader stopped ({})", output.status) } else { reason };
        return Err(reason);
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("the PDF reader's answer is unreadable: {e}"))
}
