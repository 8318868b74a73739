//! Keeping the index in step with the database through the outbox.

use std::sync::Arc;

use toasoan_store::{Db, OutboxTarget};

use crate::index::{Change, SearchError, SearchIndex};

/// Outbox items per index commit.
const BATCH: i64 = 2000;
/// Beyond this many pending changes (a bulk import), rebuilding is faster than replaying.
const REBUILD_ABOVE: i64 = 20_000;

/// Applies every outbox change the index lacks; an empty, new index is rebuilt instead. Returns
/// how many changes were applied.
pub async fn catch_up(db: &Db, index: &Arc<SearchIndex>) -> Result<u64, SearchError> {
    let applied_so_far = index.applied()?;
    let pending = db.last_outbox_id().await? - applied_so_far;
    if (applied_so_far == 0 && index.is_empty()) || pending > REBUILD_ABOVE {
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
        let index = index.clone();
        tokio::task::spawn_blocking(move || index.apply(changes, last, false))
            .await
            .map_err(|e| SearchError::Task(e.to_string()))??;
    }
}

/// Builds the index anew from every published article, every print page with text and every
/// published clip.
/// `progress` hears how many documents are done.
pub async fn rebuild(db: &Db, index: &Arc<SearchIndex>, progress: impl Fn(u64)) -> Result<u64, SearchError> {
    // Read before the articles: a change made during the rebuild is replayed afterwards.
    let covered = db.last_outbox_id().await?;
    tracing::info!("building the search index from the database");
    let mut after = 0;
    let mut done = 0;
    let mut first = true;
    loop {
        let entries = db.index_entries_after(after, BATCH).await?;
        let Some(last) = entries.last().map(|e| e.id) else { break };
        after = last;
        done += entries.len() as u64;
        let index = index.clone();
        let clear_first = std::mem::take(&mut first);
        tokio::task::spawn_blocking(move || index.add_uncommitted(&entries, clear_first))
            .await
            .map_err(|e| SearchError::Task(e.to_string()))??;
        progress(done);
    }
    let mut after = (0, 0);
    loop {
        let pages = db.print_page_entries_after(after, BATCH).await?;
        let Some(last) = pages.last().map(|p| (p.issue_id, p.page)) else { break };
        after = last;
        done += pages.len() as u64;
        let index = index.clone();
        let clear_first = std::mem::take(&mut first);
        tokio::task::spawn_blocking(move || {
            if clear_first {
                index.add_uncommitted(&[], true)?;
            }
            index.add_print_pages_uncommitted(&pages)
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
        progress(done);
    }
    let mut after = 0;
    loop {
        let videos = db.video_entries_after(after, BATCH).await?;
        let Some(last) = videos.last().map(|v| v.id) else { break };
        after = last;
        done += videos.len() as u64;
        let index = index.clone();
        let clear_first = std::mem::take(&mut first);
        tokio::task::spawn_blocking(move || {
            if clear_first {
                index.add_uncommitted(&[], true)?;
            }
            index.add_videos_uncommitted(&videos)
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
        progress(done);
    }
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.apply(Vec::new(), covered, first).and_then(|()| index.merge_segments()))
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
    Ok(done)
}
