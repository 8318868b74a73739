//! PDF text extraction in a child process of this binary (`toasoan extract-pdf`, hidden): a PDF
//! that loops, eats memory or crashes the parser takes the child down, never the server or the
//! import. The child limits its own address space and CPU time before it reads anything; the
//! parent kills it if it outlives the wall-clock limit.

use std::io::{Read, Write};
use std::process::{ExitCode, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use toasoan_media::pdf::{PageText, extract_pages};
use tokio::io::AsyncWriteExt;

/// Wall-clock time a PDF may take, whatever its size, unless `[print] extract_seconds` says.
const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(120);
/// Memory the child may map.
const MEMORY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

static TIME_LIMIT: OnceLock<Duration> = OnceLock::new();

/// Sets the wall-clock limit from the settings, once, at start (the child's CPU limit follows it).
pub fn set_time_limit(seconds: Option<f64>) -> anyhow::Result<()> {
    let Some(seconds) = seconds else { return Ok(()) };
    let limit = Duration::try_from_secs_f64(seconds).ok().filter(|d| !d.is_zero()).ok_or_else(|| {
        anyhow::anyhow!("[print] extract_seconds must be a positive number of seconds, got {seconds}")
    })?;
    let _ = TIME_LIMIT.set(limit); // a second call (tests) keeps the first limit
    Ok(())
}

fn time_limit() -> Duration {
    TIME_LIMIT.get().copied().unwrap_or(DEFAULT_TIME_LIMIT)
}

/// The child: a PDF on standard input, its pages as JSON on standard output, within
/// `cpu_seconds` of CPU time.
pub fn child_main(cpu_seconds: u64) -> ExitCode {
    if let Err(error) = limit_self(cpu_seconds) {
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

fn limit_self(cpu_seconds: u64) -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::AS, MEMORY_BYTES, MEMORY_BYTES)?;
    rlimit::setrlimit(rlimit::Resource::CPU, cpu_seconds, cpu_seconds)
}

/// The pages of `pdf`, read by a child process within the time limit; the error says why not,
/// in English, for logs and the importer's report.
pub async fn extract(pdf: Vec<u8>) -> Result<Vec<PageText>, String> {
    let timeout = time_limit();
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let cpu_seconds = timeout.as_secs().max(1);
    let mut child = tokio::process::Command::new(exe)
        .args(["extract-pdf", "--cpu-seconds", &cpu_seconds.to_string()])
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
        Err(_) => return Err(format!("reading the PDF took longer than {} s; skipped", timeout.as_secs_f64())),
    };
    let _ = feed.await;
    if !output.status.success() {
        return Err(failure_reason(&String::from_utf8_lossy(&output.stderr), &output.status.to_string()));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("the PDF reader's answer is unreadable: {e}"))
}

/// Why the child failed, from what it wrote: the message of a panic (not the "note: run with
/// RUST_BACKTRACE" line after it), else its last line that says something, else its status.
fn failure_reason(stderr: &str, status: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if let Some(at) = lines.iter().position(|l| l.contains("panicked at")) {
        let place = lines[at].split("panicked at").nth(1).unwrap_or_default().trim().trim_end_matches(':');
        let message = lines.get(at + 1).filter(|l| !l.starts_with("note:")).copied().unwrap_or("no message");
        return format!("the PDF reader crashed: {message} (at {place})");
    }
    let said = lines.iter().rev().find(|l| !l.starts_with("note:") && !l.starts_with("stack backtrace"));
    match said {
        Some(line) => (*line).to_owned(),
        None => format!("the PDF reader stopped ({status}); a PDF over the memory or time limit ends this way"),
    }
}

/// The server's PDF reader: text through the `extract-pdf` child process ([`extract`]), covers
/// through poppler's `pdftoppm` when it is installed (`crate::pdf_cover`), scans through
/// Tesseract when it is installed with its Vietnamese model (`crate::ocr`).
pub struct ChildPdfReader {
    ocr: Option<crate::ocr::Tesseract>,
}

impl ChildPdfReader {
    /// Looks for Tesseract once, at start; says in the log when scans cannot be read.
    pub fn new() -> ChildPdfReader {
        let ocr = crate::ocr::Tesseract::detect();
        match &ocr {
            Some(found) => tracing::info!(engine = found.engine(), "scanned pages will be read by OCR"),
            None => tracing::warn!(
                "no OCR here: scanned print pages stay unsearchable on this node (install Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils)"
            ),
        }
        ChildPdfReader { ocr }
    }
}

impl toasoan_media::pdf::PdfReader for ChildPdfReader {
    fn ocr_engine(&self) -> Option<String> {
        self.ocr.as_ref().map(|t| t.engine().to_owned())
    }

    fn open_for_ocr(
        &self,
        pdf: Vec<u8>,
    ) -> toasoan_media::pdf::PdfFuture<Option<Box<dyn toasoan_media::pdf::OcrSession>>> {
        let ocr = self.ocr.clone();
        Box::pin(async move {
            let Some(ocr) = ocr else { return Ok(None) };
            let session = ocr.open(pdf).await?;
            Ok(Some(Box::new(session) as Box<dyn toasoan_media::pdf::OcrSession>))
        })
    }

    fn read_pages(&self, pdf: Vec<u8>) -> toasoan_media::pdf::PdfFuture<Vec<PageText>> {
        Box::pin(extract(pdf))
    }

    fn draw_first_page(&self, pdf: Vec<u8>) -> toasoan_media::pdf::PdfFuture<Option<Vec<u8>>> {
        Box::pin(crate::pdf_cover::first_page_png(pdf))
    }
}

#[cfg(test)]
mod tests {
    use super::failure_reason;

    #[test]
    fn a_crash_is_reported_by_its_cause_not_the_backtrace_note() {
        let stderr = "thread 'main' (7) panicked at /src/lopdf/parser.rs:120:9:\nindex out of bounds: the len is 3 \
            but the index is 7\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            failure_reason(stderr, "exit status: 101"),
            "the PDF reader crashed: index out of bounds: the len is 3 but the index is 7 (at /src/lopdf/parser.rs:120:9)"
        );
        assert_eq!(failure_reason("the file is encrypted\n", "exit status: 2"), "the file is encrypted");
        let killed = failure_reason("", "signal: 9 (SIGKILL)");
        assert!(killed.contains("signal: 9") && killed.contains("memory or time limit"), "{killed}");
    }
}
