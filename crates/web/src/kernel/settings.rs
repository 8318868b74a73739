//! The `[comments]` settings, read by the binary and used by the state and the comment pages.

use std::net::IpAddr;

use chrono::Duration;
use toasoan_comments::SpamRules;
use toasoan_store::RateLimits;

/// How long a form token (and its captcha) may be answered.
pub const TOKEN_LIFETIME_SECONDS: i64 = 2 * 60 * 60;

/// The `[comments]` settings.
#[derive(Debug, Clone)]
pub struct CommentSettings {
    /// Whether the form asks for the captcha (on unless a site has another defence).
    pub captcha: bool,
    /// A form sent sooner than this after it was shown is a robot's.
    pub min_fill_seconds: i64,
    pub limits: RateLimits,
    pub rules: SpamRules,
    /// Proxies whose `X-Forwarded-For` is believed; from anyone else it is ignored.
    pub trusted_proxies: Vec<IpAddr>,
    /// Who is told of new comments, when SMTP is set up.
    pub notify: Vec<String>,
    pub smtp: Option<super::notify::SmtpSettings>,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings {
            captcha: true,
            min_fill_seconds: 3,
            limits: RateLimits { per_ip: 10, per_email: 5, window: Duration::hours(1) },
            rules: SpamRules::default(),
            trusted_proxies: Vec::new(),
            notify: Vec::new(),
            smtp: None,
        }
    }
}
