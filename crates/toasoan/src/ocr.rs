//! Reading scanned pages: poppler's `pdftoppm` draws one page at 300 dpi in grey, and
//! Tesseract 5 reads it with its Vietnamese model (Debian's `tesseract-ocr`, `tesseract-ocr-vie`).
//! Both run as child processes with a wall-clock limit and are killed past it, so a page that
//! hangs either program costs one page, never the server. Tesseract is held to one thread: a
//! node reads one page at a time and leaves the other core to the site.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use toasoan_media::pdf::{OcrPage, OcrSession, PdfFuture};
use tokio::io::AsyncWriteExt;

/// Resolution pages are drawn at: Tesseract reads body text best at 300 dpi.
const DPI: &str = "300";
/// Wall-clock time one program may take for one page.
const PAGE_TIME_LIMIT: Duration = Duration::from_secs(180);
const LANGUAGE: &str = "vie";

/// Tesseract with its Vietnamese model, found on this machine.
#[derive(Debug, Clone)]
pub struct Tesseract {
    engine: String,
    /// Whether what Tesseract reads goes through `vn::ocr_fix` (off only to measure it:
    /// `TOASOAN_OCR_CORRECTION=off`, as bench/ocr.sh does for its "before" figures).
    correct_marks: bool,
}

impl Tesseract {
    /// Tesseract, its `vie` model and `pdftoppm`, if all three are installed.
    pub fn detect() -> Option<Tesseract> {
        let version = std::process::Command::new("tesseract").arg("--version").output().ok()?;
        let first_line = String::from_utf8_lossy(&version.stdout).lines().next().unwrap_or_default().trim().to_owned();
        let languages = std::process::Command::new("tesseract").arg("--list-langs").output().ok()?;
        let has_model = String::from_utf8_lossy(&languages.stdout).lines().any(|l| l.trim() == LANGUAGE);
        let renderer = std::process::Command::new("pdftoppm").arg("-v").output().is_ok();
        let correct_marks = !std::env::var("TOASOAN_OCR_CORRECTION").is_ok_and(|v| v.eq_ignore_ascii_case("off"));
        let corrector = if correct_marks { " + vn::ocr_fix" } else { "" };
        (has_model && renderer && first_line.starts_with("tesseract"))
            .then(|| Tesseract { engine: format!("{first_line} {LANGUAGE}{corrector}"), correct_marks })
    }

    /// "tesseract 5.3.0 vie + vn::ocr_fix": the engine, its model, and the correction that
    /// followed it, as the newsroom shows beside a page's confidence.
    pub fn engine(&self) -> &str {
        &self.engine
    }

    /// Keeps the PDF in a temporary file for the session's pages to be drawn from.
    pub async fn open(&self, pdf: Vec<u8>) -> Result<TesseractSession, String> {
        let (engine, correct_marks) = (self.engine.clone(), self.correct_marks);
        tokio::task::spawn_blocking(move || {
            let mut file =
                tempfile::Builder::new().prefix("toasoan-ocr-").suffix(".pdf").tempfile().map_err(|e| e.to_string())?;
            std::io::Write::write_all(&mut file, &pdf).map_err(|e| format!("cannot keep the PDF for OCR: {e}"))?;
            Ok(TesseractSession { file, engine, correct_marks })
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// One PDF on disk, read page by page; the file goes when the session does.
pub struct TesseractSession {
    file: tempfile::NamedTempFile,
    engine: String,
    correct_marks: bool,
}

impl OcrSession for TesseractSession {
    fn read_page(&self, page: u32) -> PdfFuture<OcrPage> {
        let path = self.file.path().to_owned();
        let (engine, correct_marks) = (self.engine.clone(), self.correct_marks);
        Box::pin(async move {
            let png = draw(&path, page).await?;
            let for_readers = png.clone();
            let picture = tokio::task::spawn_blocking(move || picture_for_readers(&for_readers));
            let tsv = recognise(png).await?;
            let PageReading { mut text, confidence, word_confidences } = read_tsv(&String::from_utf8_lossy(&tsv));
            if correct_marks {
                text = tokio::task::spawn_blocking(move || vn::ocr_fix::correct(&text, &word_confidences).text)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let picture = match picture.await.map_err(|e| e.to_string())? {
                Ok(jpeg) => Some(jpeg),
                Err(error) => {
                    tracing::warn!(page, %error, "no picture of the page for readers");
                    None
                }
            };
            Ok(OcrPage { text, confidence, engine, picture })
        })
    }
}

/// Width of the page picture readers see (the text below it is what they copy and search).
const READER_WIDTH: u32 = 1000;

/// The drawn page, smaller and as a JPEG, for the reader's page view.
fn picture_for_readers(png: &[u8]) -> Result<Vec<u8>, String> {
    let page =
        image::load_from_memory_with_format(png, image::ImageFormat::Png).map_err(|e| e.to_string())?.into_luma8();
    let height = (u64::from(page.height()) * u64::from(READER_WIDTH) / u64::from(page.width().max(1))).max(1);
    let small = image::imageops::resize(
        &page,
        READER_WIDTH,
        u32::try_from(height).unwrap_or(u32::MAX),
        image::imageops::FilterType::Triangle,
    );
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&small)
        .map_err(|e| e.to_string())?;
    Ok(jpeg)
}

async fn draw(pdf: &Path, page: u32) -> Result<Vec<u8>, String> {
    let number = page.to_string();
    let args = ["-f", &number, "-l", &number, "-r", DPI, "-gray", "-png", "-singlefile"];
    let mut command = tokio::process::Command::new("pdftoppm");
    command.args(args).arg(pdf);
    let png = run(command, None).await.map_err(|e| format!("drawing page {page}: {e}"))?;
    if !png.starts_with(b"\x89PNG") {
        return Err(format!("drawing page {page}: pdftoppm gave no picture"));
    }
    Ok(png)
}

/// Tesseract reads the page after Sauvola's local thresholding (`thresholding_method=2`), not
/// its default single Otsu threshold for the whole page: on old paper whose tone wanders in
/// blotches, one threshold turned whole pages into nothing or noise (generated aged scans at
/// 200 dpi: character error rate 4.25 % with Otsu, 0.53 % with Sauvola; clean 300 dpi pages
/// 0.25 % and 0.26 %, worn 200 dpi pages 0.40 % and 0.38 %).
async fn recognise(png: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut command = tokio::process::Command::new("tesseract");
    command
        .args(["stdin", "stdout", "-l", LANGUAGE, "--dpi", DPI, "--psm", "3", "-c", "thresholding_method=2", "tsv"])
        .env("OMP_THREAD_LIMIT", "1");
    run(command, Some(png)).await.map_err(|e| format!("tesseract: {e}"))
}

/// Runs a program with `input` on its standard input; its standard output, or why not.
async fn run(mut command: tokio::process::Command, input: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start it: {e}"))?;
    let feed = match (input, child.stdin.take()) {
        (Some(bytes), Some(mut stdin)) => Some(tokio::spawn(async move {
            let _ = stdin.write_all(&bytes).await; // a program that stops early says why in its status
        })),
        _ => None,
    };
    let output = tokio::time::timeout(PAGE_TIME_LIMIT, child.wait_with_output())
        .await
        .map_err(|_| format!("took longer than {} s", PAGE_TIME_LIMIT.as_secs()))?
        .map_err(|e| e.to_string())?;
    if let Some(feed) = feed {
        let _ = feed.await;
    }
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr).trim().lines().last().unwrap_or_default().to_owned();
        return Err(format!("{} ({said})", output.status));
    }
    Ok(output.stdout)
}

/// `toasoan correct-ocr`: standard input corrected to standard output.
pub fn correct_stdin() -> std::process::ExitCode {
    use std::io::{Read, Write};
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read standard input as UTF-8 text: {error}");
        return std::process::ExitCode::FAILURE;
    }
    if vn::ocr_fix::shipped_model().is_none() {
        eprintln!("error: the statistics built into this binary cannot be read");
        return std::process::ExitCode::FAILURE;
    }
    let corrected = vn::ocr_fix::correct(&vn::nfc(&input), &[]);
    if let Err(error) = std::io::stdout().write_all(corrected.text.as_bytes()) {
        eprintln!("error: cannot write the corrected text: {error}");
        return std::process::ExitCode::FAILURE;
    }
    eprintln!("{} words corrected", corrected.changed);
    std::process::ExitCode::SUCCESS
}

/// What Tesseract read of a page: its text (words in reading order, a line break after each
/// line, a blank line between paragraphs), the mean confidence of its words (0 when none), and
/// each word's confidence in order, one per run of letters as `vn::ocr_fix` counts words.
#[derive(Debug, PartialEq)]
pub struct PageReading {
    pub text: String,
    pub confidence: f32,
    pub word_confidences: Vec<f32>,
}

/// The page as Tesseract's TSV output gives it.
pub fn read_tsv(tsv: &str) -> PageReading {
    let mut text = String::new();
    let mut word_confidences = Vec::new();
    let mut place: Option<(&str, &str, &str)> = None;
    let (mut sum, mut words) = (0.0_f64, 0_u32);
    for row in tsv.lines().skip(1) {
        let fields: Vec<&str> = row.split('\t').collect();
        let [level, _, block, paragraph, line, _, _, _, _, _, confidence, word] = fields[..] else { continue };
        let word = vn::nfc(word.trim());
        if level != "5" || word.is_empty() {
            continue;
        }
        let here = (block, paragraph, line);
        match place {
            Some(before) if before == here => text.push(' '),
            Some((b, p, _)) if (b, p) == (block, paragraph) => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        place = Some(here);
        text.push_str(&word);
        let value = confidence.parse::<f32>().ok().filter(|v| *v >= 0.0);
        if let Some(value) = value {
            sum += f64::from(value);
            words += 1;
        }
        word_confidences.extend(std::iter::repeat_n(value.unwrap_or(0.0), vn::ocr_fix::word_count(&word)));
    }
    let confidence = if words == 0 { 0.0 } else { (sum / f64::from(words)) as f32 };
    PageReading { text, confidence, word_confidences }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lines_and_paragraphs_come_back_in_order_with_their_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
            5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tGiá\n\
            5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t91.5\tlúa\n\
            5\t1\t1\t1\t2\t1\t10\t40\t50\t20\t88\ttăng\n\
            5\t1\t2\t1\t1\t1\t10\t90\t50\t20\t76\tTP.HCM\n\
            5\t1\t2\t1\t1\t2\t70\t90\t50\t20\t-1\t \n";
        let reading = read_tsv(tsv);
        assert_eq!(reading.text, "Giá lúa\ntăng\n\nTP.HCM");
        assert!((reading.confidence - 88.0).abs() < 0.01, "{}", reading.confidence);
        assert_eq!(reading.word_confidences, [96.5, 91.5, 88.0, 76.0, 76.0]);
        let empty = PageReading { text: String::new(), confidence: 0.0, word_confidences: vec![] };
        assert_eq!(read_tsv("level\n"), empty);
    }
}
