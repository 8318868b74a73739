#!/usr/bin/env python3
"""Writes a large WXR by repeating a real one's posts: `repeat_wxr.py FILE.xml COPIES > big.xml`.

Copy 0 is the file's own items (posts, pages, attachments); every further copy repeats its posts
only, with new post and comment ids, slugs and permalinks, so an import sees COPIES times as
many distinct posts with the same texts, pictures and comments."""
import re
import sys

OFFSET = 100_000


def renumber(item: str, k: int) -> str:
    shift = k * OFFSET
    item = re.sub(r"<wp:post_id>(\d+)</wp:post_id>", lambda m: f"<wp:post_id>{int(m[1]) + shift}</wp:post_id>", item)
    item = re.sub(r"<wp:comment_id>(\d+)</wp:comment_id>", lambda m: f"<wp:comment_id>{int(m[1]) + shift}</wp:comment_id>", item)
    item = re.sub(
        r"<wp:comment_parent>(\d+)</wp:comment_parent>",
        lambda m: f"<wp:comment_parent>{int(m[1]) + shift if int(m[1]) else 0}</wp:comment_parent>",
        item,
    )
    item = re.sub(r"<wp:post_name><!\[CDATA\[([^\]]*)\]\]></wp:post_name>", lambda m: f"<wp:post_name><![CDATA[{m[1]}-{k}]]></wp:post_name>", item)
    item = re.sub(r"<link>([^<]*?)(-\d+)\.html</link>", lambda m: f"<link>{m[1]}-{k}{m[2]}.html</link>", item)
    item = re.sub(r"\?p=(\d+)", lambda m: f"?p={int(m[1]) + shift}", item)
    return item


def main() -> None:
    text = open(sys.argv[1], encoding="utf-8").read()
    copies = int(sys.argv[2])
    head, rest = text.split("<item>", 1)
    body, tail = rest.rsplit("</item>", 1)
    items = ["<item>" + chunk for chunk in ("<item>" + body).split("<item>")[1:]]
    items = [i if i.rstrip().endswith("</item>") else i + "</item>" for i in items]
    out = sys.stdout
    out.write(head)
    for item in items:
        out.write(item)
    posts = [i for i in items if "<wp:post_type><![CDATA[post]]></wp:post_type>" in i]
    for k in range(1, copies):
        for item in posts:
            out.write(renumber(item, k))
    out.write(tail)


if __name__ == "__main__":
    main()
