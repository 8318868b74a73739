#!/usr/bin/env python3
"""Headline completion, measured: for each article of the dev keyword set, type the first words
of its headline (two whole words and the first two letters of the third, or the first word and
two letters of the second when the headline is short), as written and without marks, and ask a
running server's /api/v1/suggest; count how often the headline is offered, and how often first.

Usage: bench/suggest.py BASE_URL CORPUS_DIR   (e.g. http://127.0.0.1:18090 ../shared/corpus)
"""
import json
import sys
import unicodedata
import urllib.parse
import urllib.request


def strip_marks(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def typed_start(title):
    words = title.split()
    whole = 2 if len(words) >= 3 else 1
    return " ".join(words[:whole] + [words[whole][:2]]) if len(words) > whole else title


def main():
    base, corpus = sys.argv[1], sys.argv[2]
    headlines = [json.loads(line)["title"] for line in open(f"{corpus}/known-item-dev-meta.jsonl", encoding="utf-8")]
    for name, typing in (("as written", lambda t: t), ("without marks", strip_marks)):
        offered = first = 0
        for title in headlines:
            query = typing(typed_start(title))
            url = f"{base}/api/v1/suggest?q={urllib.parse.quote(query)}"
            with urllib.request.urlopen(url) as answer:
                items = [i["title"] for i in json.load(answer)["items"]]
            offered += title in items
            first += bool(items) and items[0] == title
        n = len(headlines)
        print(f"{name:<14} offered {offered / n:.3f}  first {first / n:.3f}  ({n} headlines)")


if __name__ == "__main__":
    main()
