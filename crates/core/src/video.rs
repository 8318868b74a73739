//! Video clips without I/O: where a clip comes from (a file we keep, or a provider's player
//! read from the link the newsroom pastes), and durations as people type and read them
//! ("4:05", "1:02:03") and as schema.org wants them ("PT4M5S").

use serde::{Deserialize, Serialize};

/// A provider's player, read from a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embed {
    pub provider: Provider,
    /// The provider's id of the clip.
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    YouTube,
    Vimeo,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbedError {
    #[error("the link is not a YouTube or Vimeo video")]
    Unknown,
}

impl Embed {
    /// The clip a link points to: YouTube (`watch?v=`, `youtu.be/`, `/embed/`, `/shorts/`, the
    /// no-cookie domain) or Vimeo (`vimeo.com/N`, `player.vimeo.com/video/N`).
    pub fn parse(link: &str) -> Result<Embed, EmbedError> {
        let link = link.trim();
        let rest = link.split_once("://").map_or(link, |(_, rest)| rest);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.to_ascii_lowercase();
        let host = host.trim_start_matches("www.").trim_start_matches("m.");
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let path = path.split('#').next().unwrap_or_default();
        let youtube = |id: &str| youtube_id(id).map(|id| Embed { provider: Provider::YouTube, id });
        let found = match host {
            "youtube.com" | "youtube-nocookie.com" | "music.youtube.com" => match path.split_once('/') {
                Some(("embed" | "shorts" | "live" | "v", id)) => youtube(id),
                _ if path == "watch" => query.split('&').find_map(|pair| pair.strip_prefix("v=")).and_then(youtube),
                _ => None,
            },
            "youtu.be" => youtube(path),
            "vimeo.com" | "player.vimeo.com" => {
                let id = path.trim_start_matches("video/").split('/').next().unwrap_or_default();
                (!id.is_empty() && id.len() <= 12 && id.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| Embed { provider: Provider::Vimeo, id: id.to_owned() })
            }
            _ => None,
        };
        found.ok_or(EmbedError::Unknown)
    }

    /// The player, started at once (the reader already clicked to get it).
    pub fn player_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!("https://www.youtube-nocookie.com/embed/{}?autoplay=1", self.id),
            Provider::Vimeo => format!("https://player.vimeo.com/video/{}?autoplay=1&dnt=1", self.id),
        }
    }

    /// The clip's own page at the provider (the link without JavaScript).
    pub fn watch_url(&self) -> String {
        match self.provider {
            Provider::YouTube => format!("https://www.youtube.com/watch?v={}", self.id),
            Provider::Vimeo => format!("https://vimeo.com/{}", self.id),
        }
    }

    pub fn provider_name(&self) -> &'static str {
        match self.provider {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
        }
    }
}

/// A YouTube id: 11 characters of `A-Z a-z 0-9 _ -`.
fn youtube_id(text: &str) -> Option<String> {
    let id = text.split(['/', '?', '&', '#']).next().unwrap_or_default();
    (id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')).then(|| id.to_owned())
}

/// "4:05" or "1:02:03" (or plain seconds) as seconds; `None` for anything else.
pub fn parse_duration(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut seconds: i64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let value: i64 = part.trim().parse().ok().filter(|v| *v >= 0)?;
        if i > 0 && value >= 60 {
            return None;
        }
        seconds = seconds.checked_mul(60)?.checked_add(value)?;
    }
    Some(seconds)
}

/// Seconds as people read them: "4:05", "1:02:03".
pub fn format_duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// Seconds as ISO 8601, as schema.org's `duration` wants: "PT1H2M3S".
pub fn iso_duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = "PT".to_owned();
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn youtube(id: &str) -> Result<Embed, EmbedError> {
        Ok(Embed { provider: Provider::YouTube, id: id.to_owned() })
    }

    #[test]
    fn youtube_links_in_every_form() {
        for link in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
            "http://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            " https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ#t=1 ",
        ] {
            assert_eq!(Embed::parse(link), youtube("dQw4w9WgXcQ"), "{link}");
        }
    }

    #[test]
    fn vimeo_links_and_what_is_refused() {
        let vimeo = Ok(Embed { provider: Provider::Vimeo, id: "76979871".to_owned() });
        assert_eq!(Embed::parse("https://vimeo.com/76979871"), vimeo);
        assert_eq!(Embed::parse("https://player.vimeo.com/video/76979871?h=1"), vimeo);
        for bad in [
            "",
            "https://example.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
            "https://www.youtube.com/channel/UC123",
            "https://vimeo.com/channels/staffpicks",
            "javascript:alert(1)",
        ] {
            assert_eq!(Embed::parse(bad), Err(EmbedError::Unknown), "{bad}");
        }
    }

    #[test]
    fn players_and_pages() {
        let clip = Embed { provider: Provider::YouTube, id: "dQw4w9WgXcQ".to_owned() };
        assert_eq!(clip.player_url(), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
        assert_eq!(clip.watch_url(), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    }

    #[test]
    fn durations_as_typed_read_and_for_schema_org() {
        assert_eq!(parse_duration("4:05"), Some(245));
        assert_eq!(parse_duration("1:02:03"), Some(3723));
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration(" 0:59 "), Some(59));
        for bad in ["", "4:65", "a:b", "1:2:3:4", "-5", "4:-1"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!([245, 3723, 59, 0].map(format_duration), ["4:05", "1:02:03", "0:59", "0:00"]);
        assert_eq!([245, 3723, 3600, 0].map(iso_duration), ["PT4M5S", "PT1H2M3S", "PT1H", "PT0S"]);
        for seconds in [0, 1, 59, 60, 61, 3599, 3600, 3661, 86_399] {
            assert_eq!(parse_duration(&format_duration(seconds)), Some(seconds));
        }
    }
}
