//! `toasoan export jsonl FILE`: every published article, one JSON line each, in the format
//! `import jsonl` reads (so leaving, or moving to another toasoan, loses nothing it can carry):
//! the source id (or ours), title, lead, byline, typed blocks, category and its parent, tags,
//! featured, the publication time in Vietnam time, and the page's address (which becomes the old
//! address on the other side, so links keep working). `.gz` compresses. The file appears whole
//! or not at all: it is written beside and renamed at the end.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;
use toasoan_core::Block;
use toasoan_store::{Article, ArticleQuery, Category, Db, ListFilter};

use crate::import::progress_bar;

/// Articles read per query.
const BATCH: i64 = 500;

/// One line, as `toasoan_core::import::jsonl` reads it.
#[derive(Serialize)]
struct Line<'a> {
    id: String,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    lead: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    byline: Option<&'a str>,
    blocks: &'a [Block],
    category: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_category: Option<&'a str>,
    tags: Vec<&'a str>,
    featured: bool,
    published_at: String,
    url: String,
}

pub async fn jsonl(db: &Db, file: &Path) -> Result<()> {
    let started = Instant::now();
    let partial = file.with_extension("partial");
    let target = File::create(&partial)
        .with_context(|| format!("cannot write {} (written first as {})", file.display(), partial.display()))?;
    let written = match write_whole(db, file, target).await {
        Ok(written) => written,
        Err(error) => {
            let _ = std::fs::remove_file(&partial); // never half an export under any name
            return Err(error.context(format!("the export to {} failed; nothing was written there", file.display())));
        }
    };
    std::fs::rename(&partial, file).with_context(|| format!("cannot move the export to {}", file.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    println!("exported {written} articles to {} in {seconds:.1} s", file.display());
    Ok(())
}

/// Writes every line into `target`, compressed when `file` ends in `.gz`, and makes sure it is on
/// disk: the gzip trailer and the last buffer are written with their errors seen (dropping an
/// encoder or a buffer would swallow them), then the file is synced.
async fn write_whole(db: &Db, file: &Path, target: File) -> Result<u64> {
    let written = if file.extension().is_some_and(|e| e == "gz") {
        let mut out = GzEncoder::new(BufWriter::new(target), Compression::default());
        let written = write_lines(db, &mut out).await?;
        out.finish()?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        written
    } else {
        let mut out = BufWriter::new(target);
        let written = write_lines(db, &mut out).await?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        written
    };
    Ok(written)
}

async fn write_lines(db: &Db, out: &mut impl Write) -> Result<u64> {
    let categories: HashMap<i64, Category> = db.categories().await?.into_iter().map(|c| (c.id, c)).collect();
    let everything = ArticleQuery { filter: ListFilter::All, limit: 1, offset: 0 };
    let (total, _) = db.published_articles(&everything).await?;
    let bar = progress_bar(u64::try_from(total).unwrap_or(0), "articles");
    let (mut after, mut written) = (0, 0u64);
    loop {
        let ids = db.published_ids_after(after, BATCH).await?;
        let Some(&last) = ids.last() else { break };
        for id in ids {
            let Some(article) = db.article(id).await? else { continue }; // deleted meanwhile
            serde_json::to_writer(&mut *out, &line(&article, &categories))?;
            out.write_all(b"\n")?;
            written += 1;
            bar.inc(1);
        }
        after = last;
    }
    bar.finish_and_clear();
    Ok(written)
}

fn line<'a>(article: &'a Article, categories: &'a HashMap<i64, Category>) -> Line<'a> {
    let parent = article.category.parent_id.and_then(|id| categories.get(&id)).map(|c| c.name.as_str());
    Line {
        id: article.source_id.clone().unwrap_or_else(|| format!("toasoan-{}", article.id)),
        title: &article.title,
        lead: &article.lead,
        byline: article.byline.as_deref(),
        blocks: &article.blocks,
        category: &article.category.name,
        parent_category: parent,
        tags: article.tags.iter().map(|t| t.name.as_str()).collect(),
        featured: article.featured,
        published_at: vn::time::format_rfc3339(article.published_at),
        url: article.path(),
    }
}
