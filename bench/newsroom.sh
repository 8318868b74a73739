#!/usr/bin/env bash
# Newsroom benchmark: page latency with 100,000 articles in the database, and the time an image
# upload of about 5 MB takes to become its variants.
#
# Loads the VNTC and ViNewsQA corpora (../shared/corpus) plus generated articles up to 100,000,
# logs in as an admin, loads the dashboard, the article list, a title search and an editor page
# with wrk, and uploads a generated 5 MB PNG five times through the API. Figures are printed and
# kept in bench/out/newsroom.txt.
#
# Usage: bench/newsroom.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-8}
corpus=${TOASOAN_CORPUS_DIR:-../shared/corpus}
out=bench/out
data=$out/newsroom-data
port=18090
password='mat-khau-do-hieu-nang'

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -f "$corpus/vntc.jsonl.gz" ] || { echo "error: the corpus is absent (it lives in ../shared/corpus)" >&2; exit 1; }
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out"

if [ ! -f "$data/loaded" ]; then
  rm -rf "$data"
  echo "== loading 100,000 articles (once; delete $data to redo)"
  TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$corpus/vntc.jsonl.gz" 2>&1 | grep -E "^imported" || true
  TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$corpus/vinewsqa-docs.jsonl" 2>&1 | grep -E "^imported" || true
  python3 - "$out/generated.jsonl" <<'PY'
import json, sys
words = "nghị quyết kinh tế xã hội giáo dục y tế nông nghiệp đô thị giao thông văn hóa thể thao".split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(14_970):
        title = " ".join(words[(i * 7 + k) % len(words)] for k in range(8)).capitalize() + f" {i}"
        body = "\n".join(" ".join(words[(i + k * j) % len(words)] for j in range(40)) for k in range(6))
        f.write(json.dumps({"id": f"gen-{i}", "title": title, "category": "Tổng hợp", "text": body,
                            "published_at": "2024-01-01T08:00:00+07:00"}, ensure_ascii=False) + "\n")
PY
  TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$out/generated.jsonl" 2>&1 | grep -E "^imported" || true
  printf '%s\n' "$password" | "$bin" --data "$data" user add bench@toasoan.vn --role admin --name "Đo hiệu năng"
  touch "$data/loaded"
fi

TOASOAN_LOG=warn "$bin" --data "$data" serve --addr "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.5; done

jar=$(mktemp)
curl -s -c "$jar" -o /dev/null -d "email=bench@toasoan.vn&password=$password" "http://127.0.0.1:$port/toa-soan/dang-nhap"
cookie="toasoan_session=$(awk '$6 == "toasoan_session" {print $7}' "$jar")"
csrf=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/session" | python3 -c 'import sys, json; print(json.load(sys.stdin)["csrf_token"])')
count=$(curl -s "http://127.0.0.1:$port/api/v1/articles?limit=1" | python3 -c 'import sys, json; print(json.load(sys.stdin)["total"])')
echo "== $count published articles; wrk -c$connections -d${duration}s, logged in"

{
  for path in /toa-soan/ "/toa-soan/bai-viet" "/toa-soan/bai-viet?trang-thai=published&trang=50" "/toa-soan/bai-viet?q=gi%C3%A1" /toa-soan/bai-viet/4242; do
    result=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$result")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$result")
    printf '%-50s %9s req/s  p50 %8s  p99 %8s  %s\n' "$path" "$rps" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}"
  done

  python3 - "$out/upload.png" <<'PY'
import os, struct, sys, zlib
width = height = 1320  # random pixels do not compress: about 5.2 MB
raw = b"".join(b"\0" + os.urandom(width * 3) for _ in range(height))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
  size=$(stat -c %s "$out/upload.png")
  echo "== upload of a $((size / 1024)) KiB PNG (1320×1320) through POST /api/v1/media, 5 times:"
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
      -F "file=@$out/upload.png" -F "alt=Ảnh đo hiệu năng" "http://127.0.0.1:$port/api/v1/media"
  done
} | tee "$out/newsroom.txt"
rm -f "$jar"
