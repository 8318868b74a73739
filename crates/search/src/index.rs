//! The index on disk (or in memory for tests), its single writer, and its reader.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};
use toasoan_store::{IndexEntry, PrintPageEntry, VideoEntry};

use crate::document::{document, print_page_document, video_document};
use crate::schema::{Fields, schema};

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 200_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(
        "the search index at {0} is in use by another toasoan process (one index per node: give each process its own data folder)"
    )]
    Locked(String),
    #[error("search index: {0}")]
    Index(#[from] TantivyError),
    #[error("cannot prepare the search index folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] toasoan_store::StoreError),
    #[error("the search task stopped: {0}")]
    Task(String),
}

impl SearchError {
    /// True when the writer's worker threads stopped (an I/O error or a panic while indexing):
    /// every later write fails until the writer is restarted ([`SearchIndex::restart_writer`]).
    pub fn writer_died(&self) -> bool {
        matches!(self, SearchError::Index(TantivyError::ErrorInThread(_)))
    }
}

/// One node's search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    pub(crate) fields: Fields,
    dir: Option<PathBuf>,
}

/// Documents of one kind for a rebuild.
pub enum Batch {
    Articles(Vec<IndexEntry>),
    PrintPages(Vec<PrintPageEntry>),
    Videos(Vec<VideoEntry>),
}

/// What one change does to the index.
pub enum Change {
    Put(Box<IndexEntry>),
    Remove(i64),
    /// Every page of the issue replaced by these (none when the issue is gone).
    PrintIssue(i64, Vec<PrintPageEntry>),
    /// A clip as it now is (`None`: deleted).
    Video(i64, Option<Box<VideoEntry>>),
}

/// The index folder, created readable by its owner only, like the rest of the data folder.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent. An unreadable index is moved aside and
    /// created anew (the database holds everything to rebuild it); an index held by another
    /// process is an error.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let folder_error = |source| SearchError::Folder { path: dir.display().to_string(), source };
        create_private_dir(dir).map_err(folder_error)?;
        let (schema, fields) = schema();
        let index = match open_matching(dir, &schema) {
            Ok(index) => index,
            Err(error) => {
                tracing::warn!(%error, "the search index at {} is unreadable: rebuilding it from the database", dir.display());
                std::fs::remove_dir_all(dir).map_err(folder_error)?;
                create_private_dir(dir).map_err(folder_error)?;
                Index::create_in_dir(dir, schema)?
            }
        };
        SearchIndex::with_index(index, fields, Some(dir))
    }

    /// An index in memory, for tests and evaluations.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema();
        SearchIndex::with_index(Index::create_in_ram(schema), fields, None)
    }

    fn with_index(index: Index, fields: Fields, dir: Option<&Path>) -> Result<SearchIndex, SearchError> {
        let writer = index.writer(WRITER_MEMORY).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                SearchError::Locked(dir.map(|d| d.display().to_string()).unwrap_or_default())
            }
            other => SearchError::Index(other),
        })?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), fields, dir: dir.map(Path::to_path_buf) })
    }

    /// The last outbox id whose change the index holds (0 for a new index).
    pub fn applied(&self) -> Result<i64, SearchError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// How many documents (articles and print pages) the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies `changes` and commits them together with `applied`, the outbox id they reach:
    /// the changes and the mark are durable together or not at all.
    pub fn apply(&self, changes: Vec<Change>, applied: i64) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
        for change in changes {
            match change {
                Change::Put(entry) => {
                    writer.delete_term(Term::from_field_u64(self.fields.id, entry.id as u64));
                    if entry.published {
                        writer.add_document(document(&self.fields, &entry))?;
                    }
                }
                Change::Remove(id) => {
                    writer.delete_term(Term::from_field_u64(self.fields.id, id as u64));
                }
                Change::Video(id, entry) => {
                    writer.delete_term(Term::from_field_u64(self.fields.video, id as u64));
                    if let Some(entry) = entry.filter(|e| e.published) {
                        writer.add_document(video_document(&self.fields, &entry))?;
                    }
                }
                Change::PrintIssue(issue, pages) => {
                    writer.delete_term(Term::from_field_u64(self.fields.issue, issue as u64));
                    for page in &pages {
                        writer.add_document(print_page_document(&self.fields, page))?;
                    }
                }
            }
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&applied.to_string());
        commit.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Empties the index without committing: a rebuild starts here, streams its batches through
    /// [`add_uncommitted`], then calls [`apply`] with no change to commit it all with its mark.
    pub fn clear_uncommitted(&self) -> Result<(), SearchError> {
        let writer = self.writer.lock().map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Adds a batch of a rebuild without committing; unpublished articles and clips are left out.
    pub fn add_uncommitted(&self, batch: Batch) -> Result<(), SearchError> {
        let writer = self.writer.lock().map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
        let fields = &self.fields;
        let documents: Vec<TantivyDocument> = match batch {
            Batch::Articles(entries) => entries.iter().filter(|e| e.published).map(|e| document(fields, e)).collect(),
            Batch::PrintPages(pages) => pages.iter().map(|p| print_page_document(fields, p)).collect(),
            Batch::Videos(videos) => videos.iter().filter(|v| v.published).map(|v| video_document(fields, v)).collect(),
        };
        for document in documents {
            writer.add_document(document)?;
        }
        Ok(())
    }

    /// Replaces a writer whose threads died with a new one on the last commit; what was added
    /// since that commit is dropped (the outbox mark did not move, so it is redone).
    pub fn restart_writer(&self) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
        writer.rollback()?;
        Ok(())
    }

    /// Merges every segment into one: a rebuilt index otherwise keeps a segment per writer flush,
    /// and every query term is looked up in each of them. Best effort: when the writer's own
    /// background merges took some of the segments first, the index is left as they made it.
    pub fn merge_segments(&self) -> Result<(), SearchError> {
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            let mut writer =
                self.writer.lock().map_err(|_| SearchError::Task("the index writer was poisoned".into()))?;
            if let Err(error) = writer.merge(&ids).wait() {
                tracing::debug!(%error, "segments were merged by the writer meanwhile");
            }
            drop(writer);
            self.reader.reload()?;
        }
        Ok(())
    }

    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Bytes the index takes on disk (0 in memory).
    pub fn size_on_disk(&self) -> u64 {
        let Some(dir) = &self.dir else { return 0 };
        let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
        entries.filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
    }
}

/// Opens an existing index whose schema is ours; an absent index is created.
fn open_matching(dir: &Path, schema: &tantivy::schema::Schema) -> Result<Index, TantivyError> {
    if !dir.join("meta.json").exists() {
        return Index::create_in_dir(dir, schema.clone());
    }
    let index = Index::open_in_dir(dir)?;
    if index.schema() != *schema {
        return Err(TantivyError::SchemaError("the index was built by another version of toasoan".into()));
    }
    Ok(index)
}
