//! The command line: global options, the commands, and the shared start-up (settings, database).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use toasoan_store::Db;

use crate::config;
use crate::{import, search_cmd, serve};

#[derive(Debug, Parser)]
#[command(name = "toasoan", version, about = "Toà soạn: a publishing platform for online magazines and newspapers")]
pub struct Cli {
    /// The data folder: settings (toasoan.toml), the SQLite database, media.
    #[arg(long, global = true, env = "TOASOAN_DATA", default_value = "./toasoan-data")]
    pub data: PathBuf,
    /// The database: sqlite://FILE or postgres://… (default: toasoan.db in the data folder).
    #[arg(long, global = true, env = "TOASOAN_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Where media files are kept: file://DIR (default: the data folder's media/) or
    /// s3://BUCKET[/PREFIX] (credentials and endpoint from the AWS_* variables).
    #[arg(long, global = true, env = "TOASOAN_MEDIA_URL")]
    pub media_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site and the API.
    Serve(serve::ServeArgs),
    /// Import articles.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the site's content out, for another toasoan or another platform.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Media files: copy them to another store (a bucket, for several nodes).
    #[command(subcommand)]
    Media(crate::media_cmd::MediaCommand),
    /// Rebuild the search index from the database.
    Reindex,
    /// Write one consistent archive of the running site (database, media, settings), or check one.
    Backup(crate::backup::BackupArgs),
    /// Restore a backup into an empty data folder or database (either engine), then rebuild search.
    Restore(RestoreArgs),
    /// Measure search quality on judged questions (MRR@10, Recall@10).
    EvalSearch(crate::eval::EvalArgs),
    /// Newsroom accounts.
    #[command(subcommand)]
    User(crate::users::UserCommand),
    /// Write a made-up archive of print issues (issues.toml and PDFs) for trials and benchmarks.
    GenerateIssues(crate::print_archive::GenerateArgs),
    /// Correct the marks of OCR'd Vietnamese text (`bác` read `bắc`) with the OCR job's
    /// statistics: reads standard input, writes the corrected text, says on standard error how
    /// many words it changed. Plain text carries no engine confidence, so every word is taken
    /// as read surely (the job also knows which words Tesseract doubted).
    CorrectOcr,
    /// Internal: reads a PDF on standard input, writes its pages' text as JSON (run by the
    /// server and the importer in a child process with limits).
    #[command(hide = true)]
    ExtractPdf {
        /// CPU seconds the reader may use.
        #[arg(long, default_value_t = 120)]
        cpu_seconds: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Pages saved from the old site (category, title, time, body): files or folders of .txt files.
    Page(PageArgs),
    /// One JSON article per line (plain or .gz).
    Jsonl(JsonlArgs),
    /// Back issues of the print edition: DIR/issues.toml with their PDFs and covers.
    Issues(IssuesArgs),
    /// A WordPress site from its export (Tools › Export › All content) and its uploads folder.
    Wordpress(crate::import::wordpress::WordpressArgs),
    /// A Ghost site from its export (Settings › Labs › Export) and its content/images folder.
    Ghost(crate::import::ghost::GhostArgs),
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every published article, one JSON line each, as `import jsonl` reads it (.gz compresses).
    Jsonl(JsonlArgs),
    /// The whole site as a WordPress export (WXR 1.2) for WordPress's importer.
    Wordpress(JsonlArgs),
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct IssuesArgs {
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct PageArgs {
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct JsonlArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

use crate::setup::Setup;

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let config = config::load(&cli.data)?;
    crate::pdf_text::set_time_limit(config.print.extract_seconds)?;
    let url = config::database_url(cli.database_url.as_deref(), &config, &cli.data);
    let media = config::media_location(cli.media_url.as_deref(), &config)?;
    let db = Db::open(&url).await.context("the database is not available")?;
    let context = Setup { data: cli.data, config, db, media };
    let code = match cli.command {
        Command::Serve(args) => serve::run(&context, args).await?,
        Command::Import(ImportCommand::Page(args)) => {
            let code = import::page::run(&context.db, &args.paths).await?;
            search_cmd::feed_after_import(&context.db, &context.data).await?;
            code
        }
        Command::Import(ImportCommand::Jsonl(args)) => {
            let code = import::jsonl::run(&context.db, &args.file).await?;
            search_cmd::feed_after_import(&context.db, &context.data).await?;
            code
        }
        Command::Import(ImportCommand::Issues(args)) => {
            let media = context.open_media()?;
            let code = import::issues::run(&context.db, &media, &args.dir).await?;
            search_cmd::feed_after_import(&context.db, &context.data).await?;
            code
        }
        Command::Import(ImportCommand::Wordpress(args)) => {
            let media = context.open_media()?;
            let code = import::wordpress::run(&context.db, &media, &args).await?;
            search_cmd::feed_after_import(&context.db, &context.data).await?;
            code
        }
        Command::Import(ImportCommand::Ghost(args)) => {
            let code = import::ghost::run(&context.db, &context.open_media()?, &args).await?;
            search_cmd::feed_after_import(&context.db, &context.data).await?;
            code
        }
        Command::Export(ExportCommand::Jsonl(args)) => {
            crate::export::jsonl(&context.db, &args.file).await?;
            ExitCode::SUCCESS
        }
        Command::Export(ExportCommand::Wordpress(args)) => {
            let base = context.config.server.base_url.clone().unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
            let name = context.config.site.name.clone().unwrap_or_else(|| "Toà soạn".to_owned());
            crate::export_wordpress::run(&context.db, &args.file, &name, &base).await?;
            ExitCode::SUCCESS
        }
        Command::Media(command) => crate::media_cmd::run(&context, command).await?,
        Command::Reindex => search_cmd::reindex(&context.db, &context.data).await?,
        Command::Backup(args) => {
            let media = context.open_media()?;
            crate::backup::run(&context.db, &media, &context.data, &args).await?
        }
        Command::Restore(args) => {
            let media = context.open_media()?;
            crate::backup::restore(&context.db, &media, &context.data, &args.file).await?
        }
        Command::EvalSearch(args) => crate::eval::run(&context.db, &context.data, args).await?,
        Command::User(command) => crate::users::run(&context.db, command).await?,
        Command::ExtractPdf { cpu_seconds } => crate::pdf_text::child_main(cpu_seconds),
        Command::GenerateIssues(args) => crate::print_archive::run(&args)?,
        Command::CorrectOcr => crate::ocr::correct_stdin(),
    };
    context.db.close().await;
    Ok(code)
}
