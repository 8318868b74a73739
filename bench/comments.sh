#!/usr/bin/env bash
# Comment load benchmark: reader comments posted at a steady ~200 per second for DURATION seconds
# through POST /api/v1/articles/{id}/comments with the captcha off (as the issue asks), each from
# its own reader behind a trusted proxy (X-Forwarded-For), while article pages are read. Then
# every accepted comment is counted in the database. Figures are printed and kept in
# bench/out/comments.txt.
#
# Usage: bench/comments.sh [DURATION_SECONDS] [RATE_PER_SECOND]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60}
rate=${2:-200}
out=bench/out
data=$out/comments-data
port=18091
writers=10

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out"
rm -rf "$data"
mkdir -p "$data"
cat > "$data/toasoan.toml" <<'TOML'
[comments]
captcha = false
trusted_proxies = ["127.0.0.1"]
TOML

TOASOAN_LOG=warn "$bin" --data "$data" serve --demo --addr "127.0.0.1:$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.5; done
base="http://127.0.0.1:$port"
read -r article_id article_path < <(curl -s "$base/api/v1/articles?limit=1" | python3 -c 'import sys, json; a = json.load(sys.stdin)["items"][0]; print(a["id"], a["url"])')

# Each writer connection waits so that all of them together post about $rate per second (aimed
# 5% above, since each post's own latency adds to the wait).
delay_ms=$(( writers * 1000 * 100 / (rate * 105) ))
cat > "$out/comments.lua" <<LUA
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  n = 0
  accepted = 0
  other = 0
end
function delay()
  return $delay_ms
end
function request()
  n = n + 1
  local reader = id * 1000000 + n
  local body = string.format('{"name": "Bạn đọc %d", "email": "bench-%d@example.vn", "body": "Ý kiến số %d về bài viết: rất đáng đọc."}', reader, reader, reader)
  local ip = string.format("10.%d.%d.%d", id, math.floor(n / 250) % 250, n % 250 + 1)
  return wrk.format("POST", "/api/v1/articles/$article_id/comments",
    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip}, body)
end
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local total, refused = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("accepted")
    refused = refused + t:get("other")
  end
  io.write(string.format("accepted %d refused %d\n", total, refused))
end
LUA

echo "== baseline: the article page alone, 10 s"
baseline=$(wrk -t1 -c2 -d10s --latency "$base$article_path")
echo "== $duration s of comments at ~$rate/s ($writers connections, ${delay_ms} ms apart) with article pages read meanwhile"
wrk -t2 -c"$writers" -d"${duration}s" --latency -s "$out/comments.lua" "$base" > "$out/comments-writes.txt" &
writes=$!
sleep 1
reads=$(wrk -t1 -c2 -d"$(( duration - 2 ))s" --latency "$base$article_path")
wait $writes
sleep 1
stored=$(python3 - "$data/toasoan.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT COUNT(*) FROM comments WHERE email LIKE 'bench-%'").fetchone()[0])
PY
)
accepted=$(awk '/^accepted/ {print $2}' "$out/comments-writes.txt")
refused=$(awk '/^accepted/ {print $4}' "$out/comments-writes.txt")
wrate=$(awk '/Requests\/sec/ {print $2}' "$out/comments-writes.txt")
wp99=$(awk '$1 == "99%" {print $2}' "$out/comments-writes.txt")
{
  echo "comment posts:  $wrate req/s over ${duration}s, p99 $wp99; accepted $accepted, refused $refused; in the database afterwards: $stored"
  echo "article page alone:      p50 $(awk '$1 == "50%" {print $2}' <<<"$baseline")  p99 $(awk '$1 == "99%" {print $2}' <<<"$baseline")  $(awk '/Requests\/sec/ {print $2}' <<<"$baseline") req/s"
  echo "article page meanwhile:  p50 $(awk '$1 == "50%" {print $2}' <<<"$reads")  p99 $(awk '$1 == "99%" {print $2}' <<<"$reads")  $(awk '/Requests\/sec/ {print $2}' <<<"$reads") req/s"
  if [ "$stored" = "$accepted" ]; then echo "every accepted comment is stored"; else echo "MISMATCH: $accepted accepted, $stored stored"; fi
} | tee "$out/comments.txt"
[ "$stored" = "$accepted" ]
