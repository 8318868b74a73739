"""Builds ocr-model.bin, the syllable statistics `vn::ocr_fix` corrects OCR output with, from
VNTC (../shared/corpus/vntc.jsonl.gz: 84,132 news articles, 2006–07). Standard library only.

    python3 crates/vn/data/make_ocr_model.py ../shared/corpus/vntc.jsonl.gz crates/vn/data/ocr-model.bin

What it keeps is counts, not text: every lower-case word of Vietnamese letters (at most 7) seen
at least 3 times, and every pair of such words seen side by side (no punctuation between) at
least 3 times; duplicate articles are counted once. Format (integers as LEB128 varints):
b"VNOCR1", the number of words, each word (length in bytes, UTF-8, count) most frequent first,
the number of pairs, each pair as the gap from the previous key (first word's index × number
of words + second word's index, ascending) and its count.
"""
import collections
import gzip
import json
import re
import sys
import unicodedata

MIN_COUNT = 3
LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
WORD = re.compile(f"^[{LETTERS}]{{1,7}}$")
TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]|\d+")


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def count(path):
    words, pairs, seen = collections.Counter(), collections.Counter(), set()
    with gzip.open(path, "rt", encoding="utf-8") as articles:
        for line in articles:
            text = unicodedata.normalize("NFC", json.loads(line)["text"]).lower()
            if hash(text) in seen:
                continue
            seen.add(hash(text))
            tokens = TOKEN.findall(text)
            words.update(t for t in tokens if WORD.match(t))
            pairs.update((a, b) for a, b in zip(tokens, tokens[1:]) if WORD.match(a) and WORD.match(b))
    return words, pairs


def main(source, target):
    words, pairs = count(source)
    kept = [(w, c) for w, c in words.most_common() if c >= MIN_COUNT]
    index = {w: i for i, (w, _) in enumerate(kept)}
    size = len(kept)
    keyed = sorted((index[a] * size + index[b], c) for (a, b), c in pairs.items()
                   if c >= MIN_COUNT and a in index and b in index)
    out = bytearray(b"VNOCR1") + varint(size)
    for word, c in kept:
        encoded = word.encode("utf-8")
        out += varint(len(encoded)) + encoded + varint(c)
    out += varint(len(keyed))
    previous = 0
    for key, c in keyed:
        out += varint(key - previous) + varint(c)
        previous = key
    with open(target, "wb") as f:
        f.write(out)
    print(f"{size} words, {len(keyed)} pairs, {len(out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
