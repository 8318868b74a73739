//! `toasoan eval-search --features FILE`: every judged query's second-pass candidates with
//! their figures, one JSON line a query, for `bench/train_ranker.py`.
//!
//! A line: `{"set", "variant", "qid", "article" (the judged article's source id, so folds can
//! split by article), "words", "asks", "keyword" (which weights the model uses now),
//! "candidates": [[relevant 0/1, figure…], …]}`.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use toasoan_search::{FEATURES, SearchIndex, SearchRequest, is_keyword_query};

use crate::eval::QuerySet;

#[derive(Serialize)]
struct Line<'a> {
    set: &'a str,
    variant: &'a str,
    qid: &'a str,
    article: &'a str,
    words: usize,
    asks: bool,
    keyword: bool,
    candidates: Vec<[f32; FEATURES + 1]>,
}

pub fn write(
    index: &SearchIndex,
    sets: &[QuerySet],
    qrels: &HashMap<String, String>,
    articles: &HashMap<i64, String>,
    path: &Path,
) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = BufWriter::new(file);
    for set in sets {
        for (variant, questions) in &set.variants {
            for q in questions {
                let Some(judged) = qrels.get(&q.qid) else { continue };
                let request = SearchRequest { text: q.query.clone(), limit: 10, ..SearchRequest::default() };
                let (shape, ranked) = index.explain(&request).with_context(|| format!("query {}", q.qid))?;
                let candidates = ranked
                    .iter()
                    .map(|(hit, features)| {
                        let relevant = hit.article().and_then(|id| articles.get(&id)) == Some(judged);
                        let mut row = [0.0; FEATURES + 1];
                        row[0] = if relevant { 1.0 } else { 0.0 };
                        row[1..].copy_from_slice(&features.to_array());
                        row
                    })
                    .collect();
                let line = Line {
                    set: &set.name,
                    variant,
                    qid: &q.qid,
                    article: judged,
                    words: shape.words,
                    asks: shape.asks,
                    keyword: is_keyword_query(shape),
                    candidates,
                };
                serde_json::to_writer(&mut out, &line)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush().with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("candidates' figures written to {}", path.display());
    Ok(())
}
