#!/usr/bin/env python3
"""Learns the search's second-pass model from `toasoan eval-search --features FILE`.

Two weight vectors, one for questions and one for keyword queries (which applies is the
model's rule, `is_keyword_query`: at most six words, no question mark, word or phrase). A
vector is fitted by coordinate ascent on MRR@10 over the queries of its kind, all five typings
together, starting from BM25 1, windows 1, the rest 0; the first weight stays 1 (only ratios
matter) and none goes below 0 (every figure is evidence for an article, never against).

Folds split by article: every typing of every query about one article is in the same fold, so
a model is never measured on an article it saw. The script prints the held-out MRR@10 per set
and typing beside the starting weights', then fits on everything and, with --write, writes
crates/search/src/query/model_weights.rs.

By default only the keyword weights are fitted and the question weights are kept as they are in
that file: the title figures measured as no help to questions (ARCHITECTURE.md, "Search"), and a
fit over 12,485 questions takes about half an hour in plain Python. --kinds both fits both.

Usage: bench/train_ranker.py FEATURES.jsonl [--folds 5] [--kinds keywords|both] [--write]
"""
import argparse
import json
import sys
import re
import zlib
from collections import defaultdict
from pathlib import Path

FEATURES = ["bm25", "window", "title_cover", "title_run", "title_phrase", "lead_cover", "lead_run", "body_run"]
START = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
STEPS = [0.05, 0.1, 0.2, 0.4, 0.8, 1.6]
OUT = Path(__file__).resolve().parent.parent / "crates/search/src/query/model_weights.rs"


def load(path):
    queries = []
    with open(path) as f:
        for line in f:
            q = json.loads(line)
            rows = q.pop("candidates")
            q["relevant"] = [r[0] > 0 for r in rows]
            q["x"] = [r[1:] for r in rows]
            queries.append(q)
    return queries


def reciprocal_rank(q, w):
    """1/rank of the judged article under weights `w` (ties ranked pessimistically), 0 past 10."""
    scores = [sum(a * b for a, b in zip(x, w)) for x in q["x"]]
    best = None
    for s, rel in zip(scores, q["relevant"]):
        if rel:
            best = s if best is None else max(best, s)
    if best is None:
        return 0.0
    rank = 1 + sum(1 for s, rel in zip(scores, q["relevant"]) if not rel and s >= best)
    return 1.0 / rank if rank <= 10 else 0.0


def mrr(queries, w):
    return sum(reciprocal_rank(q, w) for q in queries) / max(1, len(queries))


def fit(queries, start=START, rounds=4):
    """Coordinate ascent: each weight but the first moved by the step that helps most, until
    no step helps. Weights stay ≥ 0 (every figure is evidence for, never against)."""
    w = list(start)
    best = mrr(queries, w)
    for _ in range(rounds):
        improved = False
        for i in range(1, len(w)):
            for step in STEPS:
                for sign in (1, -1):
                    trial = list(w)
                    trial[i] = max(0.0, round(trial[i] + sign * step, 3))
                    score = mrr(queries, trial)
                    if score > best + 1e-6:
                        w, best, improved = trial, score, True
        if not improved:
            break
    return w


def fold_of(article, folds):
    return zlib.crc32(article.encode()) % folds


def by_cell(queries, w):
    cells = defaultdict(list)
    for q in queries:
        cells[(q["set"], q["variant"])].append(reciprocal_rank(q, w))
    return {k: sum(v) / len(v) for k, v in cells.items()}


def print_cells(title, cells):
    print(title)
    for (s, v), m in sorted(cells.items()):
        print(f"  {s:<16} {v:<9} {m:.3f}")


def current_weights():
    """The weights model_weights.rs holds now, by kind (False: questions, True: keywords)."""
    text = OUT.read_text()
    found = {}
    for kind, name in ((False, "QUESTION"), (True, "KEYWORDS")):
        match = re.search(name + r": \[f32; FEATURES\] = \[([^\]]*)\]", text)
        found[kind] = [float(x) for x in match.group(1).split(",")] if match else list(START)
    return found


def cross_validate(queries, folds, kinds, kept):
    held_out = []
    for k in range(folds):
        train = [q for q in queries if fold_of(q["article"], folds) != k]
        test = [q for q in queries if fold_of(q["article"], folds) == k]
        models = {kind: fit([q for q in train if q["keyword"] == kind]) if kind in kinds else kept[kind]
                  for kind in (False, True)}
        for q in test:
            held_out.append((q, reciprocal_rank(q, models[q["keyword"]])))
        print(f"fold {k}: questions {models[False]}, keywords {models[True]}", file=sys.stderr)
    cells = defaultdict(list)
    for q, rr in held_out:
        cells[(q["set"], q["variant"])].append(rr)
    return {k: sum(v) / len(v) for k, v in cells.items()}


def write(models):
    def row(w):
        return "[" + ", ".join(f"{x:.2f}" for x in w) + "]"

    OUT.write_text(
        "//! Written by `bench/train_ranker.py` (run through `bench/train-ranker.sh`); do not edit by hand.\n"
        f"//! Figures, in order: {', '.join(FEATURES)}.\n\n"
        "use super::features::FEATURES;\n\n"
        "/// Weights for a question.\n"
        f"pub(super) const QUESTION: [f32; FEATURES] = {row(models[False])};\n"
        "/// Weights for a few words remembered from a headline or a name.\n"
        f"pub(super) const KEYWORDS: [f32; FEATURES] = {row(models[True])};\n"
    )
    print(f"wrote {OUT}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--kinds", choices=["keywords", "both"], default="keywords")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    kinds = {True} if args.kinds == "keywords" else {False, True}
    kept = current_weights()
    queries = load(args.features)
    print_cells("starting weights, BM25 and windows only (MRR@10):", by_cell(queries, START))
    held_out = cross_validate(queries, args.folds, kinds, kept)
    print_cells(f"held out, {args.folds} folds split by article (MRR@10):", held_out)
    models = {kind: fit([q for q in queries if q["keyword"] == kind]) if kind in kinds else kept[kind]
              for kind in (False, True)}
    models = {kind: [round(x, 2) for x in w] for kind, w in models.items()}
    print(f"fitted on all: questions {models[False]}, keywords {models[True]}")
    cells = defaultdict(list)
    for q in queries:
        cells[(q["set"], q["variant"])].append(reciprocal_rank(q, models[q["keyword"]]))
    print_cells("fitted on all, measured on all (MRR@10):", {k: sum(v) / len(v) for k, v in cells.items()})
    if args.write:
        write(models)


if __name__ == "__main__":
    main()
