//! `toasoan eval-search`: search quality on judged queries, as `shared/corpus/README.md`
//! describes — for each query the top 10 hits, 1/rank of the judged article, averaged (MRR@10),
//! and the share of queries whose article is in the top 10 (Recall@10). Files are grouped into
//! sets by name (`vinewsqa-dev-orig.jsonl` is the `vinewsqa-dev` set, typed `orig`), one table
//! per set: questions and keyword queries are measured side by side, never averaged together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Deserialize;
use toasoan_search::{SearchRequest, catch_up};
use toasoan_store::Db;
use toasoan_store::baselines::Baseline;

use crate::search_cmd::open_index;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The judgements: lines `qid 0 doc_id 1` (TREC qrels); once per set of queries.
    #[arg(long, required = true)]
    pub qrels: Vec<PathBuf>,
    /// Query files, lines `{"qid", "query"}`; one column each (e.g. the five ways of typing).
    #[arg(required = true)]
    pub questions: Vec<PathBuf>,
    /// Also measure SQLite FTS5 (unicode61 remove_diacritics 2) over the same articles.
    #[arg(long)]
    pub compare_fts5: bool,
    /// Also measure PostgreSQL full-text search with unaccent, in a scratch table of this database.
    #[arg(long, value_name = "POSTGRES_URL")]
    pub compare_postgres: Option<String>,
    /// Use every K-th question only (the comparison engines take ~0.1 s a question).
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub every: usize,
    /// Also write every query's second-pass candidates with their figures (JSON lines), which
    /// `bench/train_ranker.py` learns the ranking model from.
    #[arg(long, value_name = "FILE")]
    pub features: Option<PathBuf>,
}

#[derive(Deserialize)]
pub struct Question {
    pub qid: String,
    pub query: String,
}

/// MRR@10 and Recall@10 of one question file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub mrr: f64,
    pub recall: f64,
    pub questions: usize,
}

pub async fn run(db: &Db, data: &Path, args: EvalArgs) -> Result<ExitCode> {
    let index = open_index(data).context("cannot open the search index")?;
    catch_up(db, &index).await.context("cannot bring the search index up to date")?;
    let mut qrels = HashMap::new();
    for file in &args.qrels {
        qrels.extend(read_qrels(file)?);
    }
    let articles: HashMap<i64, String> = db.source_ids().await?;
    eprintln!("{} articles indexed, {} judged queries", index.len(), qrels.len());
    let sets = read_sets(&args.questions, args.every)?;
    let rank_of = |hits: &[i64], qid: &str| {
        let judged = qrels.get(qid);
        hits.iter().position(|id| articles.get(id).is_some_and(|s| Some(s) == judged)).map(|p| p + 1)
    };
    let mut tables: Vec<(String, Vec<(String, Scores)>)> = Vec::new();
    for set in &sets {
        let mut ours = Vec::new();
        for (variant, questions) in &set.variants {
            let ranks = questions.iter().map(|q| rank_of(&search_ids(&index, &q.query), &q.qid));
            ours.push((variant.clone(), scores(ranks)));
        }
        tables.push((format!("toasoan — {}", set.name), ours));
    }
    for baseline in baselines(db, &args).await? {
        for set in &sets {
            let mut row = Vec::new();
            for (variant, questions) in &set.variants {
                let mut ranks = Vec::with_capacity(questions.len());
                for q in questions {
                    let hits = baseline.search(&q.query, 10).await.unwrap_or_default();
                    ranks.push(rank_of(&hits, &q.qid));
                }
                row.push((variant.clone(), scores(ranks.into_iter())));
            }
            tables.push((format!("{} — {}", baseline.name(), set.name), row));
        }
    }
    for (system, columns) in &tables {
        println!("{system}");
        print_table(columns);
        println!();
    }
    if let Some(path) = &args.features {
        crate::eval_features::write(&index, &sets, &qrels, &articles, path)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The ids of the top 10 articles for `text`.
fn search_ids(index: &toasoan_search::SearchIndex, text: &str) -> Vec<i64> {
    let request = SearchRequest { text: text.to_owned(), limit: 10, ..SearchRequest::default() };
    index.search(&request).map(|r| r.hits.iter().filter_map(|h| h.article()).collect()).unwrap_or_default()
}

/// One kind of query, typed several ways.
pub struct QuerySet {
    pub name: String,
    /// (way of typing, queries), in the order the files were given.
    pub variants: Vec<(String, Vec<Question>)>,
}

/// The files grouped into sets by name, keeping the order they were given in.
fn read_sets(files: &[PathBuf], every: usize) -> Result<Vec<QuerySet>> {
    let mut sets: Vec<QuerySet> = Vec::new();
    for file in files {
        let (name, variant) = set_and_variant(file);
        let questions = read_questions(file, every)?;
        match sets.iter_mut().find(|s| s.name == name) {
            Some(set) => set.variants.push((variant, questions)),
            None => sets.push(QuerySet { name, variants: vec![(variant, questions)] }),
        }
    }
    Ok(sets)
}

/// The comparison engines asked for, loaded with every published article.
async fn baselines(db: &Db, args: &EvalArgs) -> Result<Vec<Baseline>> {
    let mut engines = Vec::new();
    if args.compare_fts5 {
        engines.push(Baseline::fts5().await?);
    }
    if let Some(url) = &args.compare_postgres {
        engines.push(Baseline::postgres(url).await?);
    }
    if engines.is_empty() {
        return Ok(engines);
    }
    let started = std::time::Instant::now();
    let mut after = 0;
    loop {
        let mut entries = db.index_entries_after(after, 5000).await?;
        let Some(last) = entries.last().map(|e| e.id) else { break };
        after = last;
        entries.retain(|e| e.published);
        for engine in &engines {
            engine.load(&entries).await?;
        }
    }
    for engine in &engines {
        engine.finish_loading().await?;
    }
    eprintln!("comparison engines loaded in {:.1} s", started.elapsed().as_secs_f64());
    Ok(engines)
}

/// Scores from the rank (1-based) of the judged article for each question, `None` if not in the top 10.
pub fn scores(ranks: impl Iterator<Item = Option<usize>>) -> Scores {
    let (mut reciprocal, mut found, mut count) = (0.0, 0usize, 0usize);
    for rank in ranks {
        count += 1;
        if let Some(rank) = rank.filter(|r| *r <= 10) {
            reciprocal += 1.0 / rank as f64;
            found += 1;
        }
    }
    let n = count.max(1) as f64;
    Scores { mrr: reciprocal / n, recall: found as f64 / n, questions: count }
}

fn read_qrels(path: &Path) -> Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut qrels = HashMap::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [qid, _, doc, relevance] = parts[..] else {
            bail!("{}: line {}: expected `qid 0 doc_id relevance`", path.display(), i + 1);
        };
        if relevance != "0" {
            qrels.insert(qid.to_owned(), doc.to_owned());
        }
    }
    Ok(qrels)
}

fn read_questions(path: &Path, every: usize) -> Result<Vec<Question>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .filter(|(i, _)| i % every.max(1) == 0)
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}: line {}: not a question", path.display(), i + 1))
        })
        .collect()
}

/// `vinewsqa-dev-telex.jsonl` → (`vinewsqa-dev`, `telex`); a name without `-` is a set of its own.
fn set_and_variant(path: &Path) -> (String, String) {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match stem.rsplit_once('-') {
        Some((set, variant)) => (set.to_owned(), variant.to_owned()),
        None => (stem.clone(), stem),
    }
}

fn print_table(columns: &[(String, Scores)]) {
    let header: Vec<String> = columns.iter().map(|(name, _)| format!("{name:>9}")).collect();
    println!("{:<12}{}", "", header.join(""));
    let row = |label: &str, value: fn(&Scores) -> f64| {
        let cells: Vec<String> = columns.iter().map(|(_, s)| format!("{:>9.3}", value(s))).collect();
        println!("{label:<12}{}", cells.join(""));
    };
    row("MRR@10", |s| s.mrr);
    row("Recall@10", |s| s.recall);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrr_and_recall_follow_the_protocol() {
        let s = scores([Some(1), Some(2), None, Some(11)].into_iter());
        assert!((s.mrr - 1.5 / 4.0).abs() < 1e-9);
        assert!((s.recall - 0.5).abs() < 1e-9);
        let named = set_and_variant(Path::new("x/vinewsqa-dev-telex.jsonl"));
        assert_eq!(named, ("vinewsqa-dev".to_owned(), "telex".to_owned()));
        assert_eq!(set_and_variant(Path::new("queries.jsonl")), ("queries".to_owned(), "queries".to_owned()));
    }
}
