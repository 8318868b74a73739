//! A clip as pages and the API show it: the player to use (our file, or a provider's behind a
//! facade), its duration as read ("4:05"), its date in Vietnamese.

use serde::Serialize;
use toasoan_core::video::{Embed, format_duration, iso_duration};
use toasoan_store::{Video, VideoSource};

use crate::kernel::urls::media_url;
use crate::kernel::views::category_path;

#[derive(Debug, Clone, Serialize)]
pub struct VideoView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub url: String,
    pub poster: String,
    /// "4:05"; empty when unknown.
    pub duration: String,
    /// "PT4M5S", for schema.org.
    pub duration_iso: Option<String>,
    pub seconds: Option<i64>,
    /// "01/11/2026".
    pub date: String,
    pub published_iso: String,
    pub category_name: Option<String>,
    pub category_url: Option<String>,
    /// False for a draft (only the newsroom lists those).
    pub published: bool,
    pub player: Player,
}

/// How the clip plays.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Player {
    /// Our file, in a `<video>` element (served with Range requests).
    File { url: String, mime: String },
    /// A provider's player, loaded only when the reader clicks; `watch_url` without JavaScript.
    Embed { provider: &'static str, player_url: String, watch_url: String },
    /// A link we can no longer read (the provider changed its addresses): shown as a link.
    Link { url: String },
}

impl From<&Video> for VideoView {
    fn from(video: &Video) -> Self {
        let player = match &video.source {
            VideoSource::File { path, mime, .. } => Player::File { url: media_url(path), mime: mime.clone() },
            VideoSource::Embed { url } => match Embed::parse(url) {
                Ok(embed) => Player::Embed {
                    provider: embed.provider_name(),
                    player_url: embed.player_url(),
                    watch_url: embed.watch_url(),
                },
                Err(_) => Player::Link { url: url.clone() },
            },
        };
        VideoView {
            id: video.id,
            title: video.title.clone(),
            description: video.description.clone(),
            url: video.path(),
            poster: video.poster_url.clone(),
            duration: video.duration_seconds.map(format_duration).unwrap_or_default(),
            duration_iso: video.duration_seconds.map(iso_duration),
            seconds: video.duration_seconds,
            date: vn::time::format_list_date(video.published_at),
            published_iso: vn::time::format_rfc3339(video.published_at),
            category_name: video.category.as_ref().map(|c| c.1.clone()),
            category_url: video.category.as_ref().map(|c| category_path(&c.2)),
            published: video.published,
            player,
        }
    }
}
