#!/usr/bin/env bash
# Search benchmark: import and index all 85,030 articles (VNTC + ViNewsQA), then query latency at
# one client and throughput at eight clients through the HTTP API (/api/v1/search), with the dev
# questions and the dev keyword queries (every way of typing) as queries, and the index size. Needs ../shared/corpus; installs wrk when missing.
#
# Usage: bench/search.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
corpus=${TOASOAN_CORPUS_DIR:-../shared/corpus}
out=bench/out
data=$out/search-data
port=18090

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$corpus/vntc.jsonl.gz" ] || { echo "error: $corpus/vntc.jsonl.gz is absent" >&2; exit 1; }
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out"

rm -rf "$data"
echo "== import and index of 85,030 articles into a new data folder"
start=$(date +%s.%N)
TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$corpus/vntc.jsonl.gz" 2>&1 | grep -E "^(imported|search:)"
TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$corpus/vinewsqa-docs.jsonl" 2>&1 | grep -E "^(imported|search:)"
end=$(date +%s.%N)
python3 -c "print(f'import + index, wall clock: {$end - $start:.1f} s (target <= 120 s)')"
echo "index size: $(du -sm "$data/search" | cut -f1) MB; database: $(du -sm "$data/toasoan.db" | cut -f1) MB"

# The dev queries, every way of typing, as URL-encoded queries for wrk: questions, keyword
# queries, and both.
python3 - "$corpus" "$out" <<'PY'
import json, sys, urllib.parse
corpus, out = sys.argv[1], sys.argv[2]
def read(kind):
    queries = []
    for variant in ["orig", "nodiac", "toneflip", "nfd", "telex"]:
        for line in open(f"{corpus}/{kind}-{variant}.jsonl", encoding="utf-8"):
            queries.append(urllib.parse.quote(json.loads(line)["query"]))
    return queries
def write(name, queries):
    with open(f"{out}/{name}.lua", "w") as target:
        target.write("queries = {\n" + ",\n".join(f'"{q}"' for q in queries) + "\n}\n")
        target.write("counter = 0\nrequest = function()\n  counter = counter + 1\n")
        target.write("  return wrk.format(nil, '/api/v1/search?limit=10&q=' .. queries[(counter % #queries) + 1])\nend\n")
questions, keywords = read("vinewsqa-dev"), read("known-item-dev")
write("questions", questions)
write("keywords", keywords)
write("queries", questions + keywords)
PY

cleanup() { kill "${server_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT
TOASOAN_LOG=warn "$bin" --data "$data" serve --addr "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/api/v1/search?q=a" >/dev/null 2>&1 && break; sleep 0.2; done

run() { # label threads connections queries
  local result
  result=$(wrk -t"$2" -c"$3" -d"${duration}s" --latency -s "$out/$4.lua" "http://127.0.0.1:$port")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$result")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$result")" "$(awk '$1 == "99%" {print $2}' <<<"$result")"
}
echo "== wrk over /api/v1/search with the dev queries (12,485 questions, 2,500 keyword queries), ${duration}s each"
run "questions, 1 client" 1 1 questions
run "keyword queries, 1 client" 1 1 keywords
run "both, 8 clients" 2 8 queries
