//! The domain of toasoan: articles made of typed blocks, categories, tags, their statuses, and
//! the pure parsers that turn imported formats into drafts. No I/O happens here, so every rule
//! can be tested without a database or a server.

pub mod article;
pub mod content;
pub mod export;
pub mod import;
pub mod picture;
pub mod rich_text;
pub mod roles;
pub mod video;
pub mod workflow;

pub use article::{ArticleDraft, Block, CategoryRef, Status};
pub use content::{ArticleContent, FieldError};
pub use picture::PictureSizes;
pub use roles::{Actor, ArticleAccess, Role};
pub use workflow::{StepError, check_step, status_label};
