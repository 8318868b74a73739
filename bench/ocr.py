"""The OCR benchmark (run by bench/ocr.sh): error rates, speed and page-level search on a
generated scanned archive, per scanning condition. Standard library only."""
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
import urllib.request

BIN = os.environ["TOASOAN_BIN"]
CORPUS = os.environ["OCR_CORPUS"]
ISSUES = int(os.environ.get("OCR_ISSUES", "2"))
PAGES = int(os.environ.get("OCR_PAGES", "8"))
PHRASES = 200
CONDITIONS = [("300 dpi, clean", 300, "clean", 1991), ("200 dpi, worn", 200, "worn", 1992),
              ("150 dpi, aged paper", 150, "aged", 1993)]


def nfc(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def printed(source):
    """What a page's source text prints: a heading's "# " marker is drawn as a larger font."""
    return nfc("\n".join(line.removeprefix("# ") for line in source.splitlines()))


def fold(text):
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return plain.replace("đ", "d").replace("Đ", "D")


def distance(a, b):
    """Levenshtein distance between two sequences (characters or words)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*args):
    subprocess.run([BIN, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def search(base, query):
    url = f"{base}/api/v1/search?" + urllib.parse.urlencode({"q": query, "kind": "print", "limit": 10})
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.load(answer)["hits"]


def measure(label, dpi, wear, year, work):
    """One condition: one archive of scans, read twice by a server's OCR job, first keeping what
    Tesseract read (`TOASOAN_OCR_CORRECTION=off`: the "before" error rates), then as the product
    does, marks corrected (the "after" rates, speed, confidence and search)."""
    archive = os.path.join(work, f"scans-{dpi}")
    args = ["generate-issues", archive, "--years", "1", "--per-year", str(ISSUES), "--pages", str(PAGES),
            "--first-year", str(year), "--scanned", "--scan-dpi", str(dpi), "--text", CORPUS]
    run(*args, "--scan-wear", wear)
    before = read_archive(label, archive, os.path.join(work, f"raw-{dpi}"), year, correction=False)
    after = read_archive(label, archive, os.path.join(work, f"data-{dpi}"), year, correction=True)
    return {"label": label, "pages": ISSUES * PAGES, "cer": [before["cer"], after["cer"]],
            "wer": [before["wer"], after["wer"]], **{k: after[k] for k in ("confidence", "per_minute", "marked", "plain")}}


def read_archive(label, archive, data, year, correction):
    run("--data", data, "import", "issues", archive)
    port = free_port()
    env = {**os.environ, **({} if correction else {"TOASOAN_OCR_CORRECTION": "off"})}
    server = subprocess.Popen([BIN, "--data", data, "serve", "--addr", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        db = sqlite3.connect(os.path.join(data, "toasoan.db"))
        started, total = time.time(), ISSUES * PAGES
        while True:
            done = db.execute("SELECT COUNT(*) FROM print_pages WHERE source = 'ocr'").fetchone()[0]
            if done >= total:
                break
            if time.time() - started > 60 * total:
                sys.exit(f"{label}: OCR read {done} of {total} pages before the time ran out")
            time.sleep(0.5)
        minutes = (time.time() - started) / 60
        rows = db.execute("SELECT i.number, p.page, p.text, p.confidence FROM print_pages p "
                          "JOIN print_issues i ON i.id = p.issue_id ORDER BY i.number, p.page").fetchall()
        chars = words = char_errors = word_errors = 0
        confidence = []
        truth_pages = {}
        for number, page, text, conf in rows:
            with open(os.path.join(archive, f"{year}-{number:02}.pages.json"), encoding="utf-8") as f:
                truth = printed(json.load(f)[page - 1] or "")
            truth_pages[(number, page)] = truth
            read = nfc(text)
            chars += len(truth)
            words += len(truth.split())
            char_errors += distance(truth, read)
            word_errors += distance(truth.split(), read.split())
            confidence.append(conf or 0)
        found_marked, found_plain = page_search(f"http://127.0.0.1:{port}", year, truth_pages) if correction else (0, 0)
        return {
            "cer": char_errors / max(chars, 1), "wer": word_errors / max(words, 1),
            "confidence": sum(confidence) / max(len(confidence), 1), "per_minute": total / max(minutes, 1e-9),
            "marked": found_marked, "plain": found_plain,
        }
    finally:
        server.terminate()
        server.wait()


def page_search(base, year, truth_pages):
    """Share of phrases (3–5 words of a text page) whose issue and page are in the top 10."""
    rng = random.Random(year)
    candidates = [(key, text.split()) for key, text in truth_pages.items() if key[1] > 2 and len(text.split()) > 20]
    hits_marked = hits_plain = 0
    for _ in range(PHRASES):
        (number, page), words = rng.choice(candidates)
        size = rng.randint(3, 5)
        start = rng.randrange(0, len(words) - size)
        phrase = " ".join(w.strip(".,:;!?\"'()…–-") for w in words[start:start + size])
        for query, marked in ((phrase, True), (fold(phrase), False)):
            found = any(h.get("issue", {}).get("number") == number and h.get("issue", {}).get("year") == year
                        and h.get("page") == page for h in search(base, query))
            if found and marked:
                hits_marked += 1
            elif found:
                hits_plain += 1
    return hits_marked / PHRASES, hits_plain / PHRASES


def main():
    with tempfile.TemporaryDirectory(prefix="toasoan-ocr-bench-") as work:
        results = [measure(*condition, work) for condition in CONDITIONS]
    print(f"\nOCR bench: {ISSUES} issues × {PAGES} pages per condition, Tesseract with its vie model, "
          f"{PHRASES} phrases of 3–5 words per condition")
    print("| condition | pages | CER before → after correction | WER before → after | mean confidence | pages/min "
          "| page in top 10, with marks | without marks |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['label']} | {r['pages']} | {r['cer'][0]:.2%} → {r['cer'][1]:.2%} | "
              f"{r['wer'][0]:.2%} → {r['wer'][1]:.2%} | {r['confidence']:.1f} | "
              f"{r['per_minute']:.1f} | {r['marked']:.1%} | {r['plain']:.1%} |")


if __name__ == "__main__":
    main()
