//! Articles: the reader's pages (home, category, tag and author lists, the article itself, old
//! addresses that moved), the API's article reads and writes, and the newsroom's dashboard,
//! editor and workflow (draft → review → scheduled/published, revisions, previews). Every
//! change goes through [`actions`], the same code for the pages and the API.

pub mod actions;
pub mod api_read;
pub mod api_write;
pub mod author;
pub mod category;
mod comment_form;
pub mod dashboard;
mod editing_together;
pub mod editor;
pub mod home;
mod json;
mod listing;
pub mod markdown;
pub mod old_urls;
pub mod page;
mod picture_choices;
pub mod scheduler;
pub mod tag;
pub mod workflow;

pub use actions::publish_due;
pub use comment_form::{CommentFormView, CommentView, comments_context, slot_html};
pub use json::{ArticleJson, ArticleListJson, AuthorJson, NewsroomArticleJson, TagJson};
pub use page::article_html;
pub use scheduler::spawn_scheduler;
