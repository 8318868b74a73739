//! The Ghost fixture (`../shared/fixtures/ghost`, a real Ghost 5.130 export) read post by post
//! and compared with what the file says of each. Without `../shared` this test says so and passes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::PathBuf;

use serde_json::Value;
use toasoan_core::import::ghost;
use toasoan_core::{Block, Status};

#[test]
fn every_ghost_post_reads_as_ghost_showed_it() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/ghost");
    let Ok(json) = std::fs::read_to_string(dir.join("site.ghost.json")) else {
        eprintln!("skipped: ../shared/fixtures/ghost is not here");
        return;
    };
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("site.expected.json")).unwrap()).unwrap();
    let export = ghost::read(&json).expect("reads");
    assert_eq!(export.posts.len(), 21);
    assert_eq!(export.users.len(), 2);
    assert_eq!(export.tags.len(), 11);
    let mut problems = Vec::new();
    for want in expected["posts"].as_array().unwrap() {
        let post = export.posts.iter().find(|p| p.id == want["id"].as_str().unwrap()).expect("the post");
        let got = export.convert(post).expect("converts");
        let mut check = |what: &str, got: String, wanted: String| {
            if got != wanted {
                problems.push(format!("{} {what}: got {got:?}, Ghost {wanted:?}", want["slug"]));
            }
        };
        check("title", got.draft.title.clone(), vn::nfc(want["title"].as_str().unwrap()));
        let paragraphs = got.draft.blocks.iter().filter(|b| matches!(b, Block::Paragraph { .. })).count();
        // Ghost's count leaves out HTML cards; we keep their words, as paragraphs.
        let from_cards = html_cards(post.html.as_deref().unwrap_or_default())
            .iter()
            .flat_map(|card| toasoan_core::import::html::blocks_from_html(card))
            .filter(|b| matches!(b, Block::Paragraph { .. }))
            .count();
        let wanted_paragraphs = want["paragraphs"].as_u64().unwrap() as usize + from_cards;
        check("paragraphs", paragraphs.to_string(), wanted_paragraphs.to_string());
        let captions: Vec<String> = got
            .draft
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Figure { caption, .. } | Block::Video { title: caption, .. } if !caption.is_empty() => {
                    Some(caption.clone())
                }
                _ => None,
            })
            .collect();
        let wanted: Vec<String> =
            want["captions"].as_array().unwrap().iter().map(|c| vn::nfc(c.as_str().unwrap())).collect();
        check("captions", format!("{captions:?}"), format!("{wanted:?}"));
        let public: Vec<String> = want["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| vn::nfc(t.as_str().unwrap()))
            .filter(|t| !t.starts_with('#'))
            .collect();
        check("tags", format!("{:?}", got.draft.tags), format!("{public:?}"));
        let authors: Vec<String> = want["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| export.users.iter().find(|u| u.slug == a["slug"].as_str().unwrap()).unwrap().id.clone())
            .collect();
        check("authors", format!("{:?}", got.author_ids), format!("{authors:?}"));
        if let Some(local) = want["published_local"].as_str() {
            let offset = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
            check("time", got.draft.published_at.with_timezone(&offset).to_rfc3339(), local.to_owned());
        }
        check("picture", format!("{:?}", got.feature_image), format!("{:?}", want["feature_image"]["path"].as_str()));
        let status = match (want["status"].as_str().unwrap(), want["visibility"].as_str().unwrap_or("public")) {
            ("published", "public") => Status::Published,
            ("scheduled", _) => Status::Scheduled,
            _ => Status::Draft,
        };
        check("status", format!("{:?}", got.draft.status), format!("{status:?}"));
    }
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
}

/// The content of each HTML card (`<!--kg-card-begin: html-->…<!--kg-card-end: html-->`).
fn html_cards(html: &str) -> Vec<String> {
    let mut cards = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--kg-card-begin: html-->") {
        let after = &rest[start + "<!--kg-card-begin: html-->".len()..];
        let end = after.find("<!--kg-card-end: html-->").unwrap_or(after.len());
        cards.push(after[..end].to_owned());
        rest = &after[end..];
    }
    cards
}
