//! Addresses on the site: where a stored file is served, and absolute links for feeds, sitemaps
//! and page metadata.

/// The site address of a stored variant.
pub fn media_url(path: &str) -> String {
    format!("/media/{path}")
}

/// `path` on the site at `base_url`; addresses that are absolute already stay as they are.
pub fn absolute(base_url: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{}{path}", base_url.trim_end_matches('/'))
    }
}
