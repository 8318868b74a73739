//! The search index from the command line: opening the node's index, `reindex`, and keeping it
//! fed after imports.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use toasoan_search::{SearchError, SearchIndex, catch_up, rebuild};
use toasoan_store::Db;

use crate::import::progress_bar;

/// The node's index: `DATA/search`.
pub fn open_index(data: &Path) -> Result<Arc<SearchIndex>, SearchError> {
    SearchIndex::open(&data.join("search")).map(Arc::new)
}

/// `toasoan reindex`: builds the index anew from the database.
pub async fn reindex(db: &Db, data: &Path) -> Result<ExitCode> {
    let index = open_index(data).context("cannot open the search index")?;
    let total = db.published_count().await? + db.print_pages_with_text().await?;
    let bar = progress_bar(total as u64, "documents");
    let started = std::time::Instant::now();
    let done = rebuild(db, &index, |n| bar.set_position(n)).await?;
    bar.finish_and_clear();
    let applied = catch_up(db, &index).await?;
    eprintln!(
        "indexed {done} documents (articles and print pages) in {:.1} s ({} changes made meanwhile applied); index size {:.1} MB",
        started.elapsed().as_secs_f64(),
        applied,
        index.size_on_disk() as f64 / 1e6
    );
    Ok(ExitCode::SUCCESS)
}

/// After an import: bring the index up to date, unless a running server holds it (it will then
/// apply the changes itself within a second).
pub async fn feed_after_import(db: &Db, data: &Path) -> Result<()> {
    let index = match open_index(data) {
        Ok(index) => index,
        Err(SearchError::Locked(_)) => {
            eprintln!("search: the running server holds the index and will index the new articles itself");
            return Ok(());
        }
        Err(other) => return Err(other).context("cannot open the search index"),
    };
    let started = std::time::Instant::now();
    let applied = catch_up(db, &index).await.context("indexing the imported articles failed")?;
    eprintln!("search: indexed {applied} changes in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
