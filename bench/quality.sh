#!/usr/bin/env bash
# Search quality on both dev sets (shared/corpus/README.md protocol): readers' questions
# (ViNewsQA) and keyword queries taken from headlines, each typed five ways. Prints both tables
# and fails when any cell falls below its floor: 0.70 for questions, 0.75 for keyword queries
# (the goals of issues 8 and 15; figures in ARCHITECTURE.md, "Search").
#
# Usage: bench/quality.sh   (needs ../shared/corpus; says so and skips when it is absent)
#        TOASOAN_QUALITY_DATA=DIR keeps the imported articles in DIR and reuses them next time.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${TOASOAN_CORPUS_DIR:-../shared/corpus}
if [ ! -f "$corpus/vntc.jsonl.gz" ]; then
  echo "skipped: search quality needs $corpus (absent)"
  exit 0
fi
# MRR@10 floors per set, in the order: as typed, no marks, other tone style, NFD, Telex.
declare -A floors=(
  [vinewsqa-dev]="0.700 0.700 0.700 0.700 0.700"
  [known-item-dev]="0.750 0.750 0.750 0.750 0.750"
)

cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
source bench/corpus-import.sh
corpus_data_dir
dev_query_args
TOASOAN_LOG=warn target/release/toasoan --data "$data" eval-search "${eval_args[@]}" "$@" | tee "$data/eval.txt"
failed=0
passed=0
for set in "${dev_sets[@]}"; do
  read -r -a mrr <<<"$(awk -v title="toasoan — $set" '$0 == title {found = 1} found && $1 == "MRR@10" {$1 = ""; print; exit}' "$data/eval.txt")"
  read -r -a floor <<<"${floors[$set]}"
  for i in "${!dev_variants[@]}"; do
    if python3 -c "import sys; sys.exit(0 if ${mrr[$i]:-0} >= ${floor[$i]} else 1)"; then
      echo "ok: $set ${dev_variants[$i]} MRR@10 ${mrr[$i]} >= ${floor[$i]}"
      passed=$((passed + 1))
    else
      echo "FAILED: $set ${dev_variants[$i]} MRR@10 ${mrr[$i]:-missing} < ${floor[$i]}"
      failed=$((failed + 1))
    fi
  done
done
echo "search quality: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
