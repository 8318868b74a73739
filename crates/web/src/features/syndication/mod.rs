//! What other sites and readers' programs read: RSS and Atom feeds (the site's, each category's,
//! the clips'), sitemaps (with news and video entries) and robots.txt.

mod atom;
pub mod feeds;
mod rss;
pub mod sitemaps;

pub use feeds::{Format, category_feed, video_feed};
