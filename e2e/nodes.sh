#!/usr/bin/env bash
# Three toasoan nodes on PostgreSQL and an S3-compatible bucket, behind nginx: e2e/nodes.py.
# Installs what it needs when missing: nginx (Debian's nginx-light) and moto's S3 server (PyPI,
# in a virtualenv under target/). Needs TOASOAN_TEST_DATABASE_URL (PostgreSQL) and a built
# binary (target/debug/toasoan, or TOASOAN_BIN).
#
# Usage: TOASOAN_TEST_DATABASE_URL=postgres://… e2e/nodes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${TOASOAN_TEST_DATABASE_URL:-}" ] || { echo "error: TOASOAN_TEST_DATABASE_URL is not set" >&2; exit 1; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
if ! command -v moto_server >/dev/null; then
  venv=target/moto-venv
  if [ ! -x "$venv/bin/moto_server" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.1"
  fi
  export PATH="$PWD/$venv/bin:$PATH"
fi
exec python3 e2e/nodes.py
