#!/usr/bin/env bash
# OCR of a scanned print archive made here (bench/ocr.py): for each condition (300 dpi clean;
# 200 dpi worn: turned, blurred, grainy; 150 dpi aged: blotchy old paper, faded ink, specks, a
# rough JPEG), a fresh archive from the corpus's health articles laid out as magazine pages and
# scanned by `generate-issues --scanned`, imported, read by the server's OCR job; prints
# character and word error rates against the typeset text before and after the mark correction
# (`vn::ocr_fix`, whose statistics come from other news: VNTC), OCR speed, and the share of
# 3–5-word phrases (typed with and without marks) whose issue and page are in search's top 10.
#
# Usage: bench/ocr.sh [ISSUES] [PAGES]   (per condition; default 2 issues of 8 pages)
#   Needs ../shared/corpus (the text), tesseract-ocr, tesseract-ocr-vie and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
export OCR_ISSUES=${1:-2} OCR_PAGES=${2:-8}
corpus=../shared/corpus/vinewsqa-docs.jsonl
[ -f "$corpus" ] || { echo "bench/ocr.sh needs $corpus (the shared corpus)" >&2; exit 2; }
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-vie poppler-utils >/dev/null
fi
cargo build --release -p toasoan >/dev/null 2>&1 || cargo build --release -p toasoan
TOASOAN_BIN=${TOASOAN_BIN:-target/release/toasoan} OCR_CORPUS=$corpus python3 bench/ocr.py
