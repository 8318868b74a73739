//! Static files built into the binary: the stylesheet. Their URLs carry a content hash, so they
//! can be cached for a year and still change the moment a new version ships.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// Every built-in file: name, content type, bytes.
const FILES: &[(&str, &str, &str)] = &[
    ("site.css", "text/css; charset=utf-8", include_str!("../../assets/site.css")),
    ("suggest.js", "text/javascript; charset=utf-8", include_str!("../../assets/suggest.js")),
    ("newsroom.css", "text/css; charset=utf-8", include_str!("../../assets/newsroom.css")),
    ("editor.js", "text/javascript; charset=utf-8", include_str!("../../assets/editor.js")),
    ("editor-body.js", "text/javascript; charset=utf-8", include_str!("../../assets/editor-body.js")),
    // The editor library, bundled from npm by `editor-bundle/build.sh` (licences beside it).
    ("prosemirror.js", "text/javascript; charset=utf-8", include_str!("../../assets/prosemirror.js")),
    ("prosemirror.LICENSE.txt", "text/plain; charset=utf-8", include_str!("../../assets/prosemirror.LICENSE.txt")),
    ("comments.js", "text/javascript; charset=utf-8", include_str!("../../assets/comments.js")),
    ("page.js", "text/javascript; charset=utf-8", include_str!("../../assets/page.js")),
    ("favicon.svg", "image/svg+xml", include_str!("../../assets/favicon.svg")),
];

/// The file's versioned name: `site.css` → `site.3f2a….css`.
fn versioned(name: &str, content: &str) -> String {
    let mut hasher = DefaultHasher::new();
    content.hash(&mut hasher);
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    format!("{stem}.{:012x}.{extension}", hasher.finish() & 0xffff_ffff_ffff)
}

static VERSIONED: LazyLock<Vec<String>> = LazyLock::new(|| FILES.iter().map(|(n, _, c)| versioned(n, c)).collect());

/// The address of a built-in file under its versioned name.
pub fn url(name: &str) -> String {
    let index = FILES.iter().position(|(n, _, _)| *n == name);
    format!("/static/{}", index.and_then(|i| VERSIONED.get(i)).map_or(name, String::as_str))
}

/// `/favicon.ico`, which browsers and crawlers ask for whatever the page links: the same icon
/// (every modern browser reads an SVG icon whatever its address), kept for a day.
pub async fn favicon() -> Response {
    let icon = include_str!("../../assets/favicon.svg");
    ([(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "public, max-age=86400")], icon).into_response()
}

pub async fn asset(Path(file): Path<String>) -> Response {
    for (i, (name, content_type, content)) in FILES.iter().enumerate() {
        let cache = if VERSIONED.get(i) == Some(&file) {
            "public, max-age=31536000, immutable"
        } else if file == *name {
            "public, max-age=300"
        } else {
            continue;
        };
        return ([(CONTENT_TYPE, *content_type), (CACHE_CONTROL, cache)], *content).into_response();
    }
    (StatusCode::NOT_FOUND, [(CACHE_CONTROL, "no-store")], "không có tệp này").into_response()
}
