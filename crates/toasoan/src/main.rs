//! `toasoan`: the whole platform in one binary — the server and the command-line tools.

mod backup;
mod cli;
mod config;
mod demo;
mod eval;
mod eval_features;
mod export;
mod export_wordpress;
mod import;
mod listener;
mod media_cmd;
mod media_webp;
mod ocr;
mod pdf_cover;
mod pdf_text;
mod print_archive;
mod print_scan;
mod search_cmd;
mod serve;
mod setup;
mod users;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: glibc's keeps the 19 MiB blocks of password hashes
/// and the buffers of decoded images in per-thread arenas after they are freed (measured by
/// bench/abuse.sh: 66 MB at rest, 484 MB after 600 logins with at most four hashed at once, and
/// never given back); mimalloc returns such large blocks to the system when they are freed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    if let cli::Command::ExtractPdf { cpu_seconds } = cli.command {
        return pdf_text::child_main(cpu_seconds); // before anything else: no database, no runtime
    }
    if let cli::Command::GenerateIssues(args) = &cli.command {
        return match print_archive::run(args) {
            Ok(code) => code,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        };
    }
    if let cli::Command::CorrectOcr = &cli.command {
        return ocr::correct_stdin();
    }
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs on standard error: readable lines, or JSON lines (`TOASOAN_LOG_FORMAT=json`) for a log
/// collector, each with the request id of the request it was written for.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TOASOAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("TOASOAN_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().with_current_span(true).with_span_list(false).init();
    } else {
        builder.init();
    }
}
