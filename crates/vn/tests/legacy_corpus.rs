//! Legacy encodings over real news text: 200 ViNewsQA articles (../shared/corpus; the test says
//! so and skips when it is absent), each written out as TCVN3, VNI and VISCII as the old fonts
//! did, must be recognised and come back exactly.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use vn::legacy::{LegacyEncoding, encode, to_unicode};
use vn::syllable::is_syllable;

fn articles() -> Option<Vec<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/vinewsqa-docs.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: ../shared/corpus is absent");
        return None;
    };
    let texts = text.lines().take(200).map(|line| {
        let doc: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        // Old documents had straight quotes and hyphens: typographic ones came with Unicode.
        let body = doc["text"].as_str().expect("text").replace(['“', '”'], "\"").replace(['‘', '’'], "'");
        vn::nfc(&body.replace(['–', '—'], "-").replace('…', "..."))
    });
    Some(texts.collect())
}

#[test]
fn real_words_are_syllables() {
    let Some(articles) = articles() else { return };
    let words: Vec<&str> = articles
        .iter()
        .flat_map(|a| a.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty() && !w.is_ascii())
        .collect();
    let syllables = words.iter().filter(|w| is_syllable(w)).count();
    let share = syllables as f64 / words.len() as f64;
    assert!(share > 0.995, "{syllables} of {} words with Vietnamese letters pass ({share:.4})", words.len());
}

#[test]
fn every_article_comes_back_from_every_legacy_encoding() {
    let Some(articles) = articles() else { return };
    for encoding in LegacyEncoding::ALL {
        for (n, article) in articles.iter().enumerate() {
            let (back, found) = to_unicode(&encode(article, encoding));
            assert_eq!(found, Some(encoding), "article {n} in {}", encoding.name());
            assert!(back == *article, "article {n} in {} differs", encoding.name());
        }
    }
    for article in &articles {
        assert_eq!(to_unicode(article).1, None, "Unicode stays Unicode");
    }
}
