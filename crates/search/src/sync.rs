//! Keeping the index in step with the database through the outbox.

use std::sync::Arc;

use toasoan_store::{Db, OutboxTarget};

use crate::index::{Batch, Change, SearchError, SearchIndex};

/// Outbox items per index commit.
const BATCH: i64 = 2000;
/// Beyond this many pending changes (a bulk import), rebuilding is faster than replaying.
const REBUILD_ABOVE: i64 = 20_000;

/// Applies every outbox change the index lacks; an empty, new index is rebuilt instead. Returns
/// how many changes were applied.
pub async fn catch_up(db: &Db, index: &Arc<SearchIndex>) -> Result<u64, SearchError> {
    let applied_so_far = index.applied()?;
    let pending = db.last_outbox_id().await? - applied_so_far;
    // Changes this index never saw were pruned from the outbox (a node off for longer than the
    // retention): replaying cannot bring it up to date, a rebuild can.
    let missed = applied_so_far > 0 && db.first_outbox_id().await?.is_some_and(|oldest| oldest > applied_so_far + 1);
    if missed {
        tracing::warn!(applied_so_far, "the search index is older than the oldest change kept: rebuilding it");
    }
    if (applied_so_far == 0 && index.is_empty()) || pending > REBUILD_ABOVE || missed {
        return rebuild(db, index, |_| {}).await;
    }
    let mut applied = 0;
    loop {
        let items = db.outbox_after(index.applied()?, BATCH).await?;
        let Some(last) = items.last().map(|i| i.id) else { return Ok(applied) };
        let mut targets: Vec<OutboxTarget> = items.iter().map(|i| i.target).collect();
        targets.sort_unstable();
        targets.dedup();
        let mut changes = Vec::with_capacity(targets.len());
        for target in targets {
            changes.push(match target {
                OutboxTarget::Article(id) => match db.index_entry(id).await? {
                    Some(entry) => Change::Put(Box::new(entry)),
                    None => Change::Remove(id),
                },
                OutboxTarget::PrintIssue(id) => Change::PrintIssue(id, db.print_page_entries(id).await?),
                OutboxTarget::Video(id) => Change::Video(id, db.video_entry(id).await?.map(Box::new)),
            });
        }
        applied += items.len() as u64;
        in_writer(index, move |i| i.apply(changes, last)).await?;
    }
}

/// Builds the index anew from every published article, every print page with text and every
/// published clip. `progress` hears how many documents are done. A writer that dies on the way
/// (an I/O error or a panic in one of its threads) is restarted and the build done once more.
pub async fn rebuild(db: &Db, index: &Arc<SearchIndex>, progress: impl Fn(u64)) -> Result<u64, SearchError> {
    match rebuild_once(db, index, &progress).await {
        Err(error) if error.writer_died() => {
            tracing::warn!(%error, "the search index writer stopped during the rebuild: rebuilding once more");
            rebuild_once(db, index, &progress).await
        }
        other => other,
    }
}

async fn rebuild_once(db: &Db, index: &Arc<SearchIndex>, progress: &impl Fn(u64)) -> Result<u64, SearchError> {
    // Read before the articles: a change made during the rebuild is replayed afterwards.
    let covered = db.last_outbox_id().await?;
    tracing::info!("building the search index from the database");
    in_writer(index, SearchIndex::clear_uncommitted).await?;
    let mut done = 0;
    let mut after = 0;
    loop {
        let entries = db.index_entries_after(after, BATCH).await?;
        if entries.is_empty() {
            break;
        }
        after = entries.last().map_or(after, |e| e.id);
        done += entries.iter().filter(|e| e.published).count() as u64;
        in_writer(index, move |i| i.add_uncommitted(Batch::Articles(entries))).await?;
        progress(done);
    }
    let mut after = (0, 0);
    loop {
        let pages = db.print_page_entries_after(after, BATCH).await?;
        if pages.is_empty() {
            break;
        }
        after = pages.last().map_or(after, |p| (p.issue_id, p.page));
        done += pages.len() as u64;
        in_writer(index, move |i| i.add_uncommitted(Batch::PrintPages(pages))).await?;
        progress(done);
    }
    let mut after = 0;
    loop {
        let videos = db.video_entries_after(after, BATCH).await?;
        if videos.is_empty() {
            break;
        }
        after = videos.last().map_or(after, |v| v.id);
        done += videos.len() as u64;
        in_writer(index, move |i| i.add_uncommitted(Batch::Videos(videos))).await?;
        progress(done);
    }
    in_writer(index, move |i| i.apply(Vec::new(), covered).and_then(|()| i.merge_segments())).await?;
    Ok(done)
}

/// Runs `work` on the index's writer off the async threads (tantivy's writing blocks). When the
/// writer died doing it, a new one is started, so that the next attempt (the server's sync loop
/// retries) can succeed instead of failing until a restart.
async fn in_writer(
    index: &Arc<SearchIndex>,
    work: impl FnOnce(&SearchIndex) -> Result<(), SearchError> + Send + 'static,
) -> Result<(), SearchError> {
    let index = index.clone();
    let run = move || {
        let result = work(&index);
        if let Err(error) = &result
            && error.writer_died()
        {
            tracing::error!(%error, "the search index writer stopped: starting a new one on the last commit");
            index.restart_writer()?;
        }
        result
    };
    tokio::task::spawn_blocking(run).await.map_err(|e| SearchError::Task(e.to_string()))?
}
