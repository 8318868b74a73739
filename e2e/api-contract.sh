#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis (PyPI) sends generated requests to every
# operation of /api/openapi.json on a live server with the demo content, once anonymously and once
# with the demo admin's session and CSRF token, and fails on any 500, any status code the document
# does not list, and any answer whose body, content type or headers do not match it.
#
# Usage: e2e/api-contract.sh   (after `cargo build` or `cargo test`: uses target/debug/toasoan;
#        TOASOAN_BIN to use another binary; SCHEMATHESIS_EXAMPLES per operation, default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TOASOAN_BIN:-target/debug/toasoan}
[ -x "$bin" ] || { echo "error: $bin is missing: run cargo build first" >&2; exit 1; }

# schemathesis in a virtualenv of its own, kept under target/ between runs.
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi

data=$(mktemp -d)
port=${API_CONTRACT_PORT:-18437}
base="http://127.0.0.1:$port"
TOASOAN_LOG=warn "$bin" serve --data "$data" --demo --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fs "$base/api/openapi.json" -o "$data/openapi.json" && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log" >&2; echo "error: the server stopped" >&2; exit 1; }
  sleep 0.5
done
[ -s "$data/openapi.json" ] || { cat "$data/server.log" >&2; echo "error: no /api/openapi.json" >&2; exit 1; }

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
run() {
  "$venv/bin/schemathesis" run "$base/api/openapi.json" --url "$base" --checks "$checks" \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-100}" --seed "${SCHEMATHESIS_SEED:-20261127}" --no-color "$@"
}

password=$(sed -n 's/.*with the password \([0-9a-f]*\).*/\1/p' "$data/server.log" | head -n 1)
[ -n "$password" ] || { cat "$data/server.log" >&2; echo "error: the demo printed no admin password" >&2; exit 1; }
curl -fs -c "$data/cookies" -H 'content-type: application/json' \
  -d "{\"email\": \"admin@toasoan.local\", \"password\": \"$password\"}" "$base/api/v1/session" >"$data/session.json"
csrf=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$data/session.json")
cookie=$(awk '$6 == "toasoan_session" {print $7}' "$data/cookies")

# The demo has no clips (there is nothing to bundle): add one of each source through the
# newsroom's form, so the clip routes answer with content too. The "file" is only its header:
# the form checks the type by content, and nothing plays it here.
printf '\000\000\000\030ftypisom\000\000\002\000isomiso2mp41' >"$data/clip.mp4"
add_clip() {
  curl -fs -o /dev/null -b "$data/cookies" -F "csrf=$csrf" -F published=on -F duration=4:05 "$@" "$base/toa-soan/video"
}
add_clip -F "title=Phỏng vấn tổng biên tập" -F "embed_url=https://www.youtube.com/watch?v=aqz-KE-bpKQ"
add_clip -F "title=Toàn cảnh hội nghị" -F "description=Tệp video tải lên" -F "file=@$data/clip.mp4;type=video/mp4"
clips=$(curl -fs "$base/api/v1/videos" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
[ "$clips" = 2 ] || { echo "error: the demo clips were not added ($clips)" >&2; exit 1; }

echo "== the API as anyone sees it"
run

echo "== the API with the demo admin's session"
# Logging out would end the session the rest of the run uses; the anonymous run covered it.
run -H "Cookie: toasoan_session=$cookie" -H "X-CSRF-Token: $csrf" --exclude-operation-id delete_session
echo "api contract: both runs passed"
