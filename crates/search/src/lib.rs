//! Search for toasoan: one tantivy index per node, fed from the database's `search_outbox`.
//!
//! Text is analysed by `vn::analysis` (the same at index and query time) into three forms per
//! field — folded words, folded word pairs, exact words — so a reader finds "Nghị quyết" however
//! it is typed, and exact forms rank higher only when the reader typed marks. The index's commit
//! payload holds the last outbox id it applied: after a crash, the next start replays exactly
//! what is missing, and an empty index rebuilds itself from the database.

mod document;
mod index;
mod query;
mod schema;
mod sync;

pub use index::{SearchError, SearchIndex};
pub use query::{
    FEATURES, Features, Found, Hit, Kind, KindTotals, QueryShape, SearchRequest, SearchResponse, Sort, is_keyword_query,
};
pub use sync::{catch_up, rebuild};
