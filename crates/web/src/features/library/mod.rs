//! The media library: uploading pictures (variants made, metadata stripped), serving every stored
//! file with Range requests, and the newsroom's library page. [`service`] stores a picture
//! without any HTTP type, for the binary's imports as for the pages.

pub mod api;
pub mod newsroom;
pub mod service;

pub use api::read_upload;
pub use service::{Staged, UploadError, default_url, library_id, srcset, store_image, upload_image};
