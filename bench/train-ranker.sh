#!/usr/bin/env bash
# Retrains the search's ranking model in one command: imports the corpus with the release
# binary, writes every dev query's second-pass candidates with their figures
# (`toasoan eval-search --features`), fits the weights with cross-validation split by article
# (bench/train_ranker.py), and writes them into crates/search/src/query/model_weights.rs.
# Rebuild and run bench/quality.sh afterwards to measure the new weights end to end.
#
# Usage: bench/train-ranker.sh [--kinds both]   (needs ../shared/corpus)
#        TOASOAN_QUALITY_DATA=DIR keeps the imported articles in DIR and reuses them next time.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${TOASOAN_CORPUS_DIR:-../shared/corpus}
if [ ! -f "$corpus/vntc.jsonl.gz" ]; then
  echo "error: training needs the corpus in $corpus" >&2
  exit 1
fi
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
source bench/corpus-import.sh
corpus_data_dir
dev_query_args
TOASOAN_LOG=warn target/release/toasoan --data "$data" eval-search "${eval_args[@]}" --features "$data/features.jsonl"
python3 bench/train_ranker.py "$data/features.jsonl" --write "$@"
