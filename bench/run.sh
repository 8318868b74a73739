#!/usr/bin/env bash
# Benchmark of the public site against nginx serving the same article as a static file.
#
# Imports ../shared/corpus/vntc.jsonl.gz (timing the import), starts `toasoan serve` and nginx on
# loopback, loads both with the same wrk settings in the same run, and prints requests/s, p50/p99
# latency and the ratio to nginx, plus the server's memory. Compare figures only within one run:
# these machines are shared and wrk shares the two cores with the servers.
#
# Usage: bench/run.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
corpus=${TOASOAN_CORPUS:-../shared/corpus/vntc.jsonl.gz}
out=bench/out
data=$out/data
port=18080
nginx_port=18081

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
[ -f "$corpus" ] || { echo "error: the corpus $corpus is absent (it lives in ../shared/corpus)" >&2; exit 1; }

cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out/www"

if [ ! -f "$data/imported" ]; then
  rm -rf "$data"
  echo "== import of $(basename "$corpus") into SQLite"
  TOASOAN_LOG=warn "$bin" --data "$data" import jsonl "$corpus" 2>&1 | grep -E "^(imported|search:)" | tee "$out/import.txt"
  touch "$data/imported"
else
  echo "== import (from an earlier run, delete $data to redo it)"
  cat "$out/import.txt"
fi

cleanup() { kill "${server_pid:-}" "${nginx_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT
TOASOAN_LOG=warn "$bin" --data "$data" serve --addr "127.0.0.1:$port" &
server_pid=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done

article=$(curl -fs "http://127.0.0.1:$port/api/v1/articles?limit=1&category=chinh-tri-xa-hoi" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["url"])')
category=/chinh-tri-xa-hoi/trang-3
curl -fs "http://127.0.0.1:$port$article" -o "$out/www/article.html"

cat > "$out/nginx.conf" <<NGINX
worker_processes auto;
error_log stderr error;
pid $PWD/$out/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $PWD/$out/www;
    default_type "text/html; charset=utf-8";
  }
}
NGINX
nginx -c "$PWD/$out/nginx.conf" -g 'daemon off; user root;' &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$nginx_port/article.html" >/dev/null 2>&1 && break; sleep 0.1; done

load() { # name url
  local result rps p50 p99
  wrk -t2 -c"$connections" -d2s "$2" >/dev/null 2>&1 # warm-up
  result=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$2")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$result")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$result")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
  printf '%-34s %12s %10s %10s\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$out/rps-$3"
}

echo "== wrk -t2 -c$connections -d${duration}s, article of $(wc -c <"$out/www/article.html") bytes"
printf '%-34s %12s %10s %10s\n' page req/s p50 p99
load "nginx, static article.html" "http://127.0.0.1:$nginx_port/article.html" nginx
load "toasoan, the same article" "http://127.0.0.1:$port$article" article
load "toasoan, category page 3" "http://127.0.0.1:$port$category" category
load "toasoan, home page" "http://127.0.0.1:$port/" home
ratio=$(python3 -c "print(f'{float(open(\"$out/rps-article\").read()) / float(open(\"$out/rps-nginx\").read()):.2f}')")
rss=$(ps -o rss= -p "$server_pid" | awk '{printf "%.0f", $1 / 1024}')
echo "== article page vs nginx static: ${ratio}x the throughput (target >= 0.5)"
echo "== server resident memory after the load: ${rss} MB (target < 150)"
