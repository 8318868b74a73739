//! Settings: `toasoan.toml` in the data folder (written with commented defaults on first
//! start), then `TOASOAN_*` environment variables, then command-line flags, each overriding the
//! one before.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

pub const FILE_NAME: &str = "toasoan.toml";

/// The file written on first start: every setting, commented, at its default.
pub const DEFAULT_FILE: &str = r##"# toasoan settings. Every line below is a default; remove the "#" to change it.
# Environment variables (TOASOAN_ADDR, TOASOAN_BASE_URL, TOASOAN_DATABASE_URL, TOASOAN_SITE_NAME,
# TOASOAN_SITE_DESCRIPTION, TOASOAN_PAGE_SIZE, TOASOAN_MEDIA_URL) override this file; command-line flags override both.

[server]
# Address and port to listen on.
# addr = "127.0.0.1:8080"
# Where Prometheus scrapes /metrics (requests, latency, page cache, search lag, database pool):
# a private address, never the public one. Unset: no metrics.
# metrics_addr = "127.0.0.1:9180"
# The public address of the site, used for absolute links (canonical URLs, feeds).
# base_url = "http://127.0.0.1:8080"
# A client must send a request's headers within this many seconds (also how long an idle
# kept-alive connection stays open), and each piece of a request's body within body_timeout.
# header_timeout_seconds = 15
# body_timeout_seconds = 30
# Connections open at once; more are closed at once. Default: what the open-file limit allows
# (the soft limit is raised to the hard one at start), at most 16384.
# max_connections = 4096

[database]
# Empty: the SQLite file toasoan.db in this folder. For several nodes, PostgreSQL:
# url = "postgres://user:password@host:5432/toasoan"

[media]
# Where pictures, print PDFs, covers and video files are kept: a folder (file://DIR, relative to
# this folder; default file://media) or, for several nodes, a bucket every node shares:
# s3://BUCKET[/PREFIX], with AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY (and AWS_ALLOW_HTTP=true for a server on plain HTTP) in the environment.
# url = "file://media"

[site]
# name = "Toà soạn"
# description = "Tạp chí điện tử"
# Articles per category page.
# page_size = 20
# A folder of templates that override the built-in ones (relative to this folder).
# theme = "theme"

[comments]
# The captcha on the comment form. Switch it off only behind another defence.
# captcha = true
# A form sent sooner than this many seconds after it was shown is refused as a robot's.
# min_fill_seconds = 3
# Comments allowed per IP address and per e-mail address in one hour (counted in the database,
# so several nodes share the limit).
# per_ip_per_hour = 10
# per_email_per_hour = 5
# More links than this in one comment and it is refused.
# max_links = 2
# Words or phrases that send a comment to spam; matched without marks or case ("co bac"
# catches "cờ bạc").
# blocked_words = ["cờ bạc", "casino"]
# Proxies (load balancers) whose X-Forwarded-For header is believed.
# trusted_proxies = ["127.0.0.1"]
# Who is e-mailed about new comments (needs [smtp]); empty: every moderator account.
# notify = ["toasoan@example.vn"]

[smtp]
# Outgoing mail, for comment notifications. Empty: no mail.
# url = "smtp://user:password@mail.example.vn:587?tls=required"
# from = "Toà soạn <no-reply@example.vn>"
# Seconds to gather new comments into one e-mail.
# batch_seconds = 60

[print]
# Seconds the text of one PDF may take to read (in a child process that also has its own memory
# and CPU limits); a PDF that takes longer is reported and kept without searchable text.
# extract_seconds = 120
"##;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub server: ServerSection,
    pub database: DatabaseSection,
    pub media: MediaSection,
    pub site: SiteSection,
    pub comments: CommentsSection,
    pub smtp: SmtpSection,
    pub print: PrintSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrintSection {
    /// Wall-clock limit of one PDF's text extraction, in seconds (fractions allowed).
    pub extract_seconds: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommentsSection {
    pub captcha: Option<bool>,
    pub min_fill_seconds: Option<i64>,
    pub per_ip_per_hour: Option<i64>,
    pub per_email_per_hour: Option<i64>,
    pub max_links: Option<usize>,
    pub blocked_words: Vec<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub notify: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpSection {
    pub url: Option<String>,
    pub from: Option<String>,
    pub batch_seconds: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSection {
    pub addr: Option<String>,
    /// Where Prometheus scrapes `/metrics`; unset: no metrics. Never the public address.
    pub metrics_addr: Option<String>,
    pub base_url: Option<String>,
    pub header_timeout_seconds: Option<u64>,
    pub body_timeout_seconds: Option<u64>,
    pub max_connections: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSection {
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MediaSection {
    pub url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteSection {
    pub name: Option<String>,
    pub description: Option<String>,
    pub page_size: Option<i64>,
    pub theme: Option<PathBuf>,
}

/// Reads the data folder's settings file, creating the folder and the file when absent.
/// What this creates is its owner's only (folder 0700, file 0600): the settings may hold the
/// database's password and SMTP credentials.
pub fn load(data_dir: &Path) -> Result<FileConfig> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let path = data_dir.join(FILE_NAME);
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut file| file.write_all(DEFAULT_FILE.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut config: FileConfig = toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
    apply_env(&mut config, |name| std::env::var(name).ok())?;
    Ok(config)
}

/// Environment variables over the file. `get` is the environment (a map in tests).
pub fn apply_env(config: &mut FileConfig, get: impl Fn(&str) -> Option<String>) -> Result<()> {
    let set = |target: &mut Option<String>, name: &str| {
        if let Some(value) = get(name).filter(|v| !v.is_empty()) {
            *target = Some(value);
        }
    };
    set(&mut config.server.addr, "TOASOAN_ADDR");
    set(&mut config.server.base_url, "TOASOAN_BASE_URL");
    set(&mut config.server.metrics_addr, "TOASOAN_METRICS_ADDR");
    set(&mut config.database.url, "TOASOAN_DATABASE_URL");
    set(&mut config.media.url, "TOASOAN_MEDIA_URL");
    set(&mut config.site.name, "TOASOAN_SITE_NAME");
    set(&mut config.site.description, "TOASOAN_SITE_DESCRIPTION");
    if let Some(size) = get("TOASOAN_PAGE_SIZE") {
        let parsed = size.parse().with_context(|| format!("TOASOAN_PAGE_SIZE must be a whole number, got {size:?}"))?;
        config.site.page_size = Some(parsed);
    }
    Ok(())
}

/// The database to use: the flag, else the settings, else the SQLite file in the data folder.
pub fn database_url(flag: Option<&str>, config: &FileConfig, data_dir: &Path) -> String {
    flag.filter(|u| !u.is_empty())
        .map(str::to_owned)
        .or_else(|| config.database.url.clone().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("toasoan.db").display()))
}

/// The media store: the flag, else the settings, else the data folder's `media/`.
pub fn media_location(flag: Option<&str>, config: &FileConfig) -> Result<toasoan_media::MediaLocation> {
    let url = flag.or(config.media.url.as_deref()).filter(|u| !u.is_empty()).unwrap_or("file://media");
    Ok(toasoan_media::MediaLocation::parse(url)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_default_file_is_valid_and_written_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        load(dir.path()).expect("defaults load");
        let written = std::fs::read_to_string(dir.path().join(FILE_NAME)).expect("file written");
        assert!(written.contains("[server]") && written.contains("# addr = "), "{written}");
        std::fs::write(dir.path().join(FILE_NAME), "[site]\nname = \"Báo Mới\"\n").expect("write");
        let config = load(dir.path()).expect("edited file loads");
        assert_eq!(config.site.name.as_deref(), Some("Báo Mới"));
    }

    #[test]
    fn the_data_folder_and_settings_are_the_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("toasoan-data");
        load(&data).expect("defaults load");
        let mode = |path: &Path| std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(FILE_NAME)), 0o600);
    }

    #[test]
    fn comment_settings_are_read() {
        let text = "[comments]\ncaptcha = false\nblocked_words = [\"cờ bạc\"]\ntrusted_proxies = [\"10.0.0.1\"]\n";
        let config: FileConfig = toml::from_str(text).expect("parse");
        assert_eq!(config.comments.captcha, Some(false));
        assert_eq!(config.comments.blocked_words, ["cờ bạc"]);
        assert_eq!(config.comments.trusted_proxies, ["10.0.0.1".parse::<std::net::IpAddr>().expect("ip")]);
        assert!(toml::from_str::<FileConfig>("[comments]\ntrusted_proxies = [\"not an ip\"]").is_err());
    }

    #[test]
    fn a_bad_file_names_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE_NAME), "[site]\nnmae = 1\n").expect("write");
        let error = format!("{:#}", load(dir.path()).expect_err("refused"));
        assert!(error.contains("toasoan.toml is not valid") && error.contains("nmae"), "{error}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let env: HashMap<&str, &str> = [("TOASOAN_SITE_NAME", "Từ môi trường"), ("TOASOAN_PAGE_SIZE", "7")].into();
        let mut config: FileConfig = toml::from_str("[site]\nname = \"Từ tệp\"\npage_size = 3").expect("parse");
        apply_env(&mut config, |k| env.get(k).map(|v| v.to_string())).expect("apply");
        assert_eq!(config.site.name.as_deref(), Some("Từ môi trường"));
        assert_eq!(config.site.page_size, Some(7));
        let bad: HashMap<&str, &str> = [("TOASOAN_PAGE_SIZE", "bảy")].into();
        assert!(apply_env(&mut config, |k| bad.get(k).map(|v| v.to_string())).is_err());
    }

    #[test]
    fn the_database_defaults_to_sqlite_in_the_data_folder() {
        let config = FileConfig::default();
        assert_eq!(database_url(None, &config, Path::new("/d")), "sqlite:///d/toasoan.db");
        assert_eq!(database_url(Some("postgres://x"), &config, Path::new("/d")), "postgres://x");
        assert_eq!(
            database_url(Some(""), &config, Path::new("/d")),
            "sqlite:///d/toasoan.db",
            "an empty variable is unset"
        );
    }

    #[test]
    fn media_defaults_to_the_data_folder_and_a_bucket_can_replace_it() {
        use toasoan_media::MediaLocation;
        let mut config = FileConfig::default();
        assert_eq!(media_location(None, &config).ok(), Some(MediaLocation::Folder("media".into())));
        config.media.url = Some("s3://toasoan/site".into());
        let bucket = MediaLocation::Bucket { bucket: "toasoan".into(), prefix: "site".into() };
        assert_eq!(media_location(None, &config).ok(), Some(bucket));
        assert_eq!(media_location(Some("file:///m"), &config).ok(), Some(MediaLocation::Folder("/m".into())));
        let error = media_location(Some("ftp://x"), &config).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("s3://BUCKET"), "{error}");
    }
}
