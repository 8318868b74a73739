//! Video clips on the web: the videos page and each clip's page (`pages`), the "Video clips" box
//! (`layout` reads the newest), the API (`api`). A provider's player hides behind a facade — our
//! poster and a play button — so no third-party request is made before the reader clicks.

pub mod api;
pub mod pages;
mod view;

pub use view::{Player, VideoView};
