#!/usr/bin/env bash
# Print-edition benchmark: text extraction of a 100-page PDF (ours, in the limited child process,
# beside poppler's pdftotext on the same file in the same run), then search over 25 years × 12
# issues × 100 pages = 30,000 generated pages through the HTTP API (/api/v1/search?kind=print):
# latency at one client, throughput at eight. The pages carry the text of ../shared/corpus's
# VNTC articles when present (the demo's articles otherwise); the queries are the dev questions
# (or a fixed list without the corpus). Installs wrk and poppler-utils when missing.
#
# Usage: bench/print.sh [SECONDS]   (YEARS, PER_YEAR, PAGES in the environment shrink the archive)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
years=${YEARS:-25}
per_year=${PER_YEAR:-12}
pages=${PAGES:-100}
corpus=${TOASOAN_CORPUS_DIR:-../shared/corpus}
out=bench/out
archive=$out/print-archive
data=$out/print-data
port=18095

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need pdftotext poppler-utils
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out"
text_args=()
[ -f "$corpus/vntc.jsonl.gz" ] && text_args=(--text "$corpus/vntc.jsonl.gz")

params="$years $per_year $pages ${text_args[*]}"
if [ "$(cat "$archive/.params" 2>/dev/null)" != "$params" ]; then
  echo "== generating $years years × $per_year issues × $pages pages"
  rm -rf "$archive"
  start=$(date +%s.%N)
  "$bin" generate-issues "$archive" --years "$years" --per-year "$per_year" --pages "$pages" "${text_args[@]}"
  end=$(date +%s.%N)
  python3 -c "print(f'generated in {$end - $start:.1f} s')"
  echo "$params" >"$archive/.params"
fi
echo "archive: $(du -sm "$archive" | cut -f1) MB"
rm -rf "$data"

pdfs=("$archive"/*.pdf)
sample=${pdfs[0]}
echo "== text extraction of one $pages-page PDF ($(du -k "$sample" | cut -f1) KB), 10 runs each, median"
python3 - "$bin" "$sample" <<'PY'
import statistics, subprocess, sys, time
binary, pdf = sys.argv[1], sys.argv[2]
def median_ms(command, stdin_path=None):
    runs = []
    for _ in range(10):
        started = time.perf_counter()
        with open(stdin_path or "/dev/null", "rb") as stdin:
            subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, check=True)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)
ours = median_ms([binary, "extract-pdf"], pdf)
poppler = median_ms(["pdftotext", "-enc", "UTF-8", pdf, "/dev/null"])
print(f"toasoan extract-pdf (child, limits, legacy check): {ours:8.1f} ms")
print(f"pdftotext (poppler):                                {poppler:8.1f} ms   ratio {ours / poppler:.2f}")
PY

echo "== import issues (store PDFs, extract every page, index)"
start=$(date +%s.%N)
TOASOAN_LOG=warn "$bin" --data "$data" import issues "$archive" 2>&1 | tail -3
end=$(date +%s.%N)
python3 -c "print(f'import + extraction + index: {$end - $start:.1f} s')"
echo "index size: $(du -sm "$data/search" | cut -f1) MB; database: $(du -sm "$data/toasoan.db" | cut -f1) MB"

python3 - "$corpus" "$out/print-queries.lua" <<'PY'
import json, os, sys, urllib.parse
corpus, target = sys.argv[1], sys.argv[2]
queries = []
for variant in ["orig", "nodiac"]:
    path = f"{corpus}/vinewsqa-dev-{variant}.jsonl"
    if os.path.exists(path):
        queries += [json.loads(line)["query"] for line in open(path, encoding="utf-8")]
if not queries:
    queries = ["giá vàng", "lam phat", "Quốc hội", "thuy dien hoa binh", "giáo dục đại học", "xuất khẩu gạo"]
with open(target, "w") as out:
    out.write("queries = {\n" + ",\n".join('"%s"' % urllib.parse.quote(q) for q in queries) + "\n}\n")
    out.write("counter = 0\nrequest = function()\n  counter = counter + 1\n")
    out.write("  return wrk.format(nil, '/api/v1/search?kind=print&limit=10&q=' .. queries[(counter % #queries) + 1])\nend\n")
PY

cleanup() { kill "${server_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT
TOASOAN_LOG=warn "$bin" --data "$data" serve --addr "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/api/v1/search?q=a" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/api/v1/search?kind=print&q=gia+vang&limit=1" |
  python3 -c "import json,sys; d=json.load(sys.stdin); print(f\"print pages matching 'gia vang': {d['total']}\")"

run() { # label threads connections
  local result
  result=$(wrk -t"$2" -c"$3" -d"${duration}s" --latency -s "$out/print-queries.lua" "http://127.0.0.1:$port")
  printf '%-12s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$result")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$result")" "$(awk '$1 == "99%" {print $2}' <<<"$result")"
}
echo "== wrk over /api/v1/search?kind=print, ${duration}s each (target p99 < 25 ms)"
run "1 client" 1 1
run "8 clients" 2 8
