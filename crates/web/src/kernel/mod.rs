//! What every feature shares. A feature's handler takes the [`SharedState`](crate::SharedState),
//! answers with [`ApiError`] (the API) or [`PageError`] (pages), reads its parameters with the
//! extractors here, and renders through [`render`] (reader pages, cached) or [`newsroom_page`]
//! (newsroom pages, never cached). Nothing here imports a feature.

pub mod api_error;
pub mod assets;
pub mod audit;
pub mod cache;
pub mod cache_slot;
pub mod client_ip;
pub mod csrf;
pub mod edge;
pub mod error_pages;
pub mod extract;
pub mod health;
pub mod http;
pub mod jobs;
pub mod members;
pub mod meta;
pub mod metrics;
pub mod multipart_form;
pub mod newsroom_page;
pub mod not_found;
pub mod notify;
pub mod page_error;
pub mod pagination;
pub mod random;
pub mod range;
pub mod render;
pub mod request_id;
pub mod session;
pub mod settings;
pub mod state;
pub mod templates;
pub mod urls;
pub mod views;

pub use api_error::{ApiError, ErrorBody, FieldProblem, SessionRefusals, api_not_found};
pub use extract::{ApiBytes, ApiJson, ApiMultipart, ApiQuery, IdPath, PageParams, RevisionPath};
pub use members::{ApiUser, Form, Member, MemberForm};
pub use not_found::{not_found, not_found_page};
pub use page_error::PageError;
pub use pagination::{PageSegment, Pagination, page_segment};
pub use render::{
    Layout, Rendered, layout, render, serve_cached, serve_cached_as, serve_cached_filled, serve_uncached, to_value,
};
