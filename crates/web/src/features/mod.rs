//! One folder per feature. Each holds its reader pages, its API handlers and its newsroom pages;
//! its `mod.rs` says what other features may use (the rest is its own). Features depend on one
//! another in one direction only:
//!
//! ```text
//! library, taxonomy, syndication, accounts   (the kernel only)
//! articles  → library, syndication, taxonomy
//! comments  → articles
//! print     → library
//! video     → library, syndication, taxonomy
//! search    → taxonomy
//! ```

pub mod accounts;
pub mod articles;
pub mod comments;
pub mod library;
pub mod print;
pub mod search;
pub mod syndication;
pub mod taxonomy;
pub mod video;
