#!/usr/bin/env bash
# Moving in and staying safe, measured with the release build (needs ../shared):
#   1. the WordPress fixture imported with its pictures, and again (nothing to do);
#   2. a 20,000-post WXR made by repeating the fixture's posts (bench/repeat_wxr.py), without
#      pictures: the speed of reading, converting and writing posts and comments;
#   3. backup, verify and restore of the 85,030-article corpus (SQLite → SQLite, and SQLite →
#      PostgreSQL when TOASOAN_BENCH_DATABASE_URL names a server where databases can be made).
# Usage: bench/moving.sh   (TOASOAN_QUALITY_DATA=DIR keeps and reuses the corpus import)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
corpus=$shared/corpus
fixture=$shared/fixtures/wordpress
cargo build --release -p toasoan >&2
bin=target/release/toasoan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { local start=$1; echo "$(( $(date +%s%N) - start ))" | awk '{printf "%.1f", $1 / 1e9}'; }

echo "== WordPress fixture (40 posts, 83 pictures, 56 comments) =="
for run in first second; do
  start=$(date +%s%N)
  TOASOAN_LOG=warn $bin --data "$work/fixture" import wordpress "$fixture/site-a.wxr.xml" \
    --uploads "$fixture/uploads" --category-base chuyen-muc --tag-base tu-khoa 2>"$work/fixture.log"
  echo "$run run: $(seconds "$start") s in all; $(grep -E '^(posts|pictures) ' "$work/fixture.log" | tr -s ' ' | paste -sd ';')"
done

echo "== 20,000 posts (the fixture's 40 repeated 500 times, no pictures) =="
python3 bench/repeat_wxr.py "$fixture/site-a.wxr.xml" 500 >"$work/big.xml"
echo "file: $(du -m "$work/big.xml" | cut -f1) MB"
start=$(date +%s%N)
TOASOAN_LOG=warn $bin --data "$work/big" import wordpress "$work/big.xml" 2>"$work/big.log"
total=$(seconds "$start")
grep -E '^(posts|comments) |posts/s' "$work/big.log"
awk -v t="$total" 'BEGIN { printf "import with the search index fed: %s s, %.0f posts/s\n", t, 20000 / t }'

echo "== backup and restore of the corpus (85,030 articles) =="
# shellcheck source=bench/corpus-import.sh
. bench/corpus-import.sh
corpus_data_dir
start=$(date +%s%N)
TOASOAN_LOG=warn $bin --data "$data" backup "$work/corpus.tar.gz"
echo "backup: $(seconds "$start") s, $(du -m "$work/corpus.tar.gz" | cut -f1) MB"
start=$(date +%s%N)
TOASOAN_LOG=warn $bin --data "$data" backup --verify "$work/corpus.tar.gz"
echo "verify: $(seconds "$start") s"
start=$(date +%s%N)
TOASOAN_LOG=warn $bin --data "$work/restored" restore "$work/corpus.tar.gz" 2>&1 | grep -v INFO | tail -n 2
echo "restore into SQLite (with the search index rebuilt): $(seconds "$start") s"
if [ -n "${TOASOAN_BENCH_DATABASE_URL:-}" ]; then
  db="toasoan_bench_restore_$$"
  psql "$TOASOAN_BENCH_DATABASE_URL" -qc "CREATE DATABASE $db"
  url="${TOASOAN_BENCH_DATABASE_URL%/*}/$db"
  start=$(date +%s%N)
  TOASOAN_LOG=warn $bin --data "$work/restored-pg" --database-url "$url" restore "$work/corpus.tar.gz" 2>&1 | grep -v INFO | tail -n 2
  echo "restore into PostgreSQL (with the search index rebuilt): $(seconds "$start") s"
  psql "$TOASOAN_BENCH_DATABASE_URL" -qc "DROP DATABASE $db"
fi
