//! Video clips on the web: the videos page and each clip's page, the API, and the newsroom's
//! clips. A provider's player hides behind a facade — our poster and a play button — so no
//! third-party request is made before the reader clicks (see `kernel::views::VideoView`).

pub mod api;
mod form;
pub mod newsroom;
pub mod pages;

pub use form::MAX_VIDEO_BYTES;
