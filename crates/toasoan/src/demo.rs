//! The demo magazine: articles written for toasoan, loaded by `serve --demo` into an empty
//! database so a new user sees a living site at once.

use anyhow::{Context, Result, bail};
use chrono::{Duration, Utc};
use toasoan_core::import::jsonl::parse_line;
use toasoan_store::Db;

use crate::import::BatchWriter;

const ARTICLES: &str = include_str!("../demo/articles.jsonl");

/// Hours between two demo articles, newest first, so the site always looks current.
const SPACING_HOURS: i64 = 5;

/// Loads the demo articles when the database has none; otherwise leaves it untouched.
pub async fn load_if_empty(db: &Db) -> Result<()> {
    if db.article_count().await? > 0 {
        tracing::info!("the database already has articles: demo content not loaded");
        return Ok(());
    }
    let loaded = load(db).await?;
    tracing::info!("loaded {loaded} demo articles");
    Ok(())
}

async fn load(db: &Db) -> Result<u64> {
    let now = Utc::now();
    let mut writer = BatchWriter::new(db);
    for (index, line) in ARTICLES.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let mut draft = parse_line(index + 1, line, now).context("the built-in demo content is broken")?;
        draft.published_at =
            now - Duration::hours(SPACING_HOURS * index as i64) - Duration::minutes(17 * index as i64 % 60);
        writer.write(&draft).await?;
    }
    let summary = writer.finish().await?;
    if summary.imported() == 0 {
        bail!("the built-in demo content is empty");
    }
    Ok(summary.imported())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_is_a_living_magazine() {
        let now = Utc::now();
        let drafts: Vec<_> = ARTICLES
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| parse_line(i + 1, l, now).expect("demo line parses"))
            .collect();
        assert!(drafts.len() >= 30, "{} articles", drafts.len());
        let categories: HashSet<&str> = drafts.iter().map(|d| d.category.name.as_str()).collect();
        assert!(categories.len() >= 5, "{categories:?}");
        assert!(drafts.iter().all(|d| d.byline.is_some() && !d.lead.is_empty()));
        let with_captions =
            drafts.iter().filter(|d| d.blocks.iter().any(|b| matches!(b, toasoan_core::Block::Figure { .. })));
        assert!(with_captions.count() >= 10);
        let ids: HashSet<_> = drafts.iter().map(|d| d.source_id.clone()).collect();
        assert_eq!(ids.len(), drafts.len(), "every demo article has its own id");
    }
}
