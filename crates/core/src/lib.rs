//! The domain of toasoan: articles made of typed blocks, categories, tags, their statuses, and
//! the pure parsers that turn imported formats into drafts. No I/O happens here, so every rule
//! can be tested without a database or a server.

pub mod article;
pub mod import;

pub use article::{ArticleDraft, Block, CategoryRef, Status};
