//! `toasoan generate-issues DIR`: a made-up archive of print issues — `DIR/issues.toml` and one
//! PDF per issue with exactly the pages asked for, in Unicode Vietnamese — for trials of
//! `import issues` and for the print benchmark (25 years × 12 issues × 100 pages). The text comes
//! from articles in JSON lines (such as the shared corpus), or from the demo's articles.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Args;
use flate2::read::MultiGzDecoder;
use toasoan_core::ArticleDraft;
use toasoan_core::import::jsonl::parse_line;
use toml::{Table, Value};

use toasoan_media::pdf::layout::{Piece, lay_out, piece_page_count};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write issues.toml and the PDFs into (created if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[arg(long, default_value_t = 2001)]
    pub first_year: i64,
    #[arg(long, default_value_t = 25)]
    pub years: i64,
    #[arg(long, default_value_t = 12)]
    pub per_year: i64,
    /// Pages of each issue.
    #[arg(long, default_value_t = 100)]
    pub pages: usize,
    /// Articles, one JSON object a line (plain or .gz), whose text fills the pages; the demo's
    /// articles when absent. Read in order and from the start again when used up.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// Make the issues as scans: every page a picture at --scan-dpi, no text layer (needs
    /// poppler's pdftoppm). For trials of OCR.
    #[arg(long)]
    pub scanned: bool,
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(72..=600))]
    pub scan_dpi: u32,
    /// With --scanned: how worn the scans are — clean; worn (turned a little, blurred, grainy);
    /// aged (1990s paper: yellowed and blotchy, faded ink, specks, turned more, blurred more,
    /// kept as a rough JPEG).
    #[arg(long, value_enum, default_value_t = crate::print_scan::Wear::Clean)]
    pub scan_wear: crate::print_scan::Wear,
}

pub fn run(args: &GenerateArgs) -> Result<ExitCode> {
    if args.pages < 3 {
        bail!("an issue needs at least 3 pages (cover, contents, text); got {}", args.pages);
    }
    std::fs::create_dir_all(&args.dir).with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut source = Articles::open(args.text.as_deref())?;
    let total = args.years * args.per_year;
    let bar = crate::import::progress_bar(total as u64, "issues");
    let mut issues = Vec::with_capacity(usize::try_from(total).unwrap_or_default());
    for year in args.first_year..args.first_year + args.years {
        for number in 1..=args.per_year {
            issues.push(Value::Table(write_issue(args, year, number, &mut source)?));
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let mut manifest = Table::new();
    manifest.insert("issue".to_owned(), Value::Array(issues));
    let path = args.dir.join("issues.toml");
    std::fs::write(&path, toml::to_string(&manifest)?).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {total} issues of {} pages to {}", args.pages, args.dir.display());
    Ok(ExitCode::SUCCESS)
}

/// One issue's PDF, and its `[[issue]]` entry.
fn write_issue(args: &GenerateArgs, year: i64, number: i64, source: &mut Articles) -> Result<Table> {
    let (dir, pages) = (args.dir.as_path(), args.pages);
    let mut drafts = Vec::new();
    let mut filled = 2; // cover and contents
    while filled < pages {
        let draft = source.next_article()?;
        filled += piece_page_count(&piece(&draft, &paragraphs(&draft)));
        drafts.push(draft);
    }
    let texts: Vec<Vec<String>> = drafts.iter().map(paragraphs).collect();
    let pieces: Vec<Piece> = drafts.iter().zip(&texts).map(|(d, t)| piece(d, t)).collect();
    let laid = lay_out(&format!("# Số {number} - {year}\nTạp chí Toà soạn"), &pieces);
    let page_texts: Vec<Option<&str>> = laid.pages.iter().take(pages).map(|p| Some(p.as_str())).collect();
    let mut pdf = toasoan_media::pdf::unicode_pdf(&page_texts)?;
    if args.scanned {
        pdf = crate::print_scan::scan(&pdf, page_texts.len(), args.scan_dpi, args.scan_wear)?;
        // What each page says, for measuring what OCR reads of it (bench/ocr.sh).
        let truth = dir.join(format!("{year}-{number:02}.pages.json"));
        std::fs::write(&truth, serde_json::to_vec(&page_texts)?)
            .with_context(|| format!("cannot write {}", truth.display()))?;
    }
    let name = format!("{year}-{number:02}.pdf");
    std::fs::write(dir.join(&name), pdf).with_context(|| format!("cannot write {name}"))?;
    let toc: Vec<Value> = pieces
        .iter()
        .zip(&laid.starts)
        .filter(|(_, start)| usize::try_from(**start).is_ok_and(|s| s <= pages))
        .map(|(piece, start)| {
            let mut entry = Table::new();
            entry.insert("title".to_owned(), Value::String(piece.title.to_owned()));
            entry.insert("page".to_owned(), Value::Integer(*start));
            Value::Table(entry)
        })
        .collect();
    let mut issue = Table::new();
    issue.insert("number".to_owned(), Value::Integer(number));
    issue.insert("year".to_owned(), Value::Integer(year));
    let month = (number - 1) % 12 + 1;
    issue.insert("published".to_owned(), Value::String(format!("{year}-{month:02}-15")));
    issue.insert("pdf".to_owned(), Value::String(name));
    issue.insert("toc".to_owned(), Value::Array(toc));
    Ok(issue)
}

fn paragraphs(draft: &ArticleDraft) -> Vec<String> {
    std::iter::once(draft.lead.clone()).chain(draft.blocks.iter().map(|b| b.text().into_owned())).collect()
}

fn piece<'a>(draft: &'a ArticleDraft, paragraphs: &'a [String]) -> Piece<'a> {
    Piece {
        title: &draft.title,
        author: draft.byline.as_deref().unwrap_or_default(),
        paragraphs: paragraphs.iter().map(String::as_str).filter(|p| !p.is_empty()).collect(),
    }
}

/// Articles read in order, from the start again when used up; lines that are not articles are
/// passed over.
struct Articles {
    file: Option<PathBuf>,
    lines: Box<dyn Iterator<Item = std::io::Result<String>>>,
    read_any: bool,
}

impl Articles {
    fn open(file: Option<&Path>) -> Result<Articles> {
        Ok(Articles { file: file.map(Path::to_path_buf), lines: lines(file)?, read_any: false })
    }

    fn next_article(&mut self) -> Result<ArticleDraft> {
        loop {
            let Some(line) = self.lines.next() else {
                if !self.read_any {
                    bail!("the text source holds no article");
                }
                self.lines = lines(self.file.as_deref())?;
                continue;
            };
            if let Ok(draft) = parse_line(1, &line.context("cannot read the text source")?, Utc::now()) {
                self.read_any = true;
                return Ok(draft);
            }
        }
    }
}

fn lines(file: Option<&Path>) -> Result<Box<dyn Iterator<Item = std::io::Result<String>>>> {
    let Some(file) = file else {
        let demo: Vec<std::io::Result<String>> = crate::demo::ARTICLES.lines().map(|l| Ok(l.to_owned())).collect();
        return Ok(Box::new(demo.into_iter()));
    };
    let opened = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    Ok(if file.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(MultiGzDecoder::new(opened)).lines())
    } else {
        Box::new(BufReader::new(opened).lines())
    })
}
