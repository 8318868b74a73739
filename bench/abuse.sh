#!/usr/bin/env bash
# Abuse benchmark (issue 14, items 1-7): starts the release server with the demo magazine on
# loopback and replays each attack through bench/abuse.py, bounded in count and time, printing
# per attack the server's peak resident memory and a reader's article-page p99 measured at the
# same time (goal: peak < 400 MB and p99 < 50 ms in every attack). Loopback only; about three
# minutes; figures kept in bench/out/abuse.txt.
#
# Usage: bench/abuse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
data=$out/abuse-data
port=18093
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
bin=target/release/toasoan
mkdir -p "$out"
rm -rf "$data"
mkdir -p "$data"
cat > "$data/toasoan.toml" <<'TOML'
[comments]
trusted_proxies = ["127.0.0.1"]
TOML
TOASOAN_LOG=info "$bin" --data "$data" serve --demo --addr "127.0.0.1:$port" >"$out/abuse-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.5; done
password=$(sed -n 's/.*with the password \([0-9a-f]*\).*/\1/p' "$out/abuse-server.log" | head -n 1)
[ -n "$password" ] || { cat "$out/abuse-server.log" >&2; echo "error: no admin password in the log" >&2; exit 1; }
python3 bench/abuse.py 127.0.0.1 "$port" "$server" "$password" "$out" | tee "$out/abuse.txt"
