# Sourced by bench/quality.sh and bench/train-ranker.sh: names the dev query files, and imports the 85,030 articles of the
# corpus (VNTC and ViNewsQA's documents) with the release binary into a data folder, whose
# path it sets in `data` (not printed: a subshell would remove a temporary folder on leaving). With TOASOAN_QUALITY_DATA set, that folder is kept and an import already there is
# reused; otherwise a temporary folder is removed on exit.

corpus_data_dir() {
  if [ -n "${TOASOAN_QUALITY_DATA:-}" ]; then
    data=$TOASOAN_QUALITY_DATA
    mkdir -p "$data"
  else
    data=$(mktemp -d)
    # shellcheck disable=SC2064 # the folder is known now
    trap "rm -rf '$data'" EXIT
  fi
  if [ ! -f "$data/.corpus-imported" ]; then
    import_jsonl "$data" "$corpus/vntc.jsonl.gz" >&2
    import_jsonl "$data" "$corpus/vinewsqa-docs.jsonl" >&2
    touch "$data/.corpus-imported"
  fi
}

# The whole log is kept: when an import fails, what it said before the error (a panic's
# message, a warning) is printed with it.
import_jsonl() {
  local data=$1 file=$2
  if ! TOASOAN_LOG=warn target/release/toasoan --data "$data" import jsonl "$file" >"$data/import.log" 2>&1; then
    tail -n 60 "$data/import.log" >&2
    echo "error: importing $file failed" >&2
    exit 1
  fi
  grep -v "slow statement" "$data/import.log" | tail -n 2
}

# The dev sets, each typed five ways: sets `eval_args` to the `--qrels` and query files that
# `toasoan eval-search` takes.
dev_sets=(vinewsqa-dev known-item-dev)
dev_variants=(orig nodiac toneflip nfd telex)
dev_query_args() {
  eval_args=()
  local set v
  for set in "${dev_sets[@]}"; do
    eval_args+=(--qrels "$corpus/$set-qrels.trec")
    for v in "${dev_variants[@]}"; do eval_args+=("$corpus/$set-$v.jsonl"); done
  done
}
