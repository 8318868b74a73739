#!/usr/bin/env bash
# Several nodes behind nginx on this machine (bench/nodes.py): article-page throughput, search
# p50/p99 and the write-to-hit search lag, for 1, 2 and 3 nodes on one PostgreSQL database and
# one S3 bucket (moto), started from deploy/'s files as e2e/nodes.py starts them.
#
# Usage: bench/nodes.sh [SECONDS]   (each wrk run; default 10)
#   TOASOAN_BENCH_DATABASE_URL: a PostgreSQL database to use (default: toasoan_bench on
#   127.0.0.1:5432 as user postgres, created when missing). A schema is made per run and dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_SECONDS=${1:-10}
need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
if ! command -v moto_server >/dev/null; then
  venv=target/moto-venv
  [ -x "$venv/bin/moto_server" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "moto[server]==5.2.1"; }
  export PATH="$PWD/$venv/bin:$PATH"
fi
url=${TOASOAN_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/toasoan_bench}
if [ -z "${TOASOAN_BENCH_DATABASE_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'toasoan_bench'" | grep -q 1 ||
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE toasoan_bench"
fi
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
TOASOAN_TEST_DATABASE_URL=$url TOASOAN_BIN=target/release/toasoan python3 bench/nodes.py
