//! Site search: the results page (`/tim-kiem`), the API's search and title suggestions, the
//! parameters both read, the snippets around the reader's words, and print pages among the hits.
//! The index and the ranking are the `toasoan-search` crate's.

pub mod api;
pub mod page;
mod params;
mod print_hits;
mod snippet;
