#!/usr/bin/env python3
"""Several toasoan nodes behind nginx, as deploy/ sets them up (e2e/nodes_lib.py starts them): for
1, 2 and 3 nodes on one PostgreSQL database and one S3 bucket (moto), measures through nginx

- article-page throughput (wrk, requests/s) and its p50/p99 latency;
- search p50/p99 (wrk over a list of Vietnamese queries, with and without marks);
- the write-to-hit search lag: articles published through nginx at 10 a second while every
  node's search is polled for each one; the time from the publish's acknowledgement to the hit
  on each node, p50/p99 (over every node).

Usage: bench/nodes.sh [SECONDS] (see there). Prints a table at the end.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "e2e"))
from nodes_lib import Cluster, http, log  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
WRITES_PER_SECOND = 10
QUERIES = ["quốc hội", "kinh te", "giáo dục đại học", "bien dong", "chuyển đổi số", "y te", "văn hoá",
           "nong thon moi", "thể thao", "doanh nghiep nha nuoc"]


def wrk(url, script=None):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: to_ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, latency["50"], latency["99"], int(errors.group(1)) if errors else 0


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def search_script(directory):
    path = os.path.join(directory, "search.lua")
    quoted = ", ".join('"%s"' % q.replace(" ", "+") for q in QUERIES)
    with open(path, "w") as f:
        f.write("local queries = {%s}\nlocal n = 0\nrequest = function()\n  n = n + 1\n"
                "  return wrk.format(\"GET\", \"/tim-kiem?q=\" .. queries[(n %% #queries) + 1])\nend\n" % quoted)
    return path


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def search_lag(cluster, session, category, seconds):
    """Publishes WRITES_PER_SECOND articles a second through nginx for `seconds`; a poller per
    node asks its search for every article not yet found there, every 50 ms."""
    pending = {node.name: {} for node in cluster.nodes}
    lags, lock, done = [], threading.Lock(), threading.Event()

    def poll(node):
        while not done.is_set() or pending[node.name]:
            with lock:
                waiting = list(pending[node.name].items())
            for word, acknowledged in waiting:
                answer = json.loads(http("GET", f"{node.url}/api/v1/search?q={word}")[1])
                if answer.get("total", 0) > 0:
                    with lock:
                        lags.append(time.monotonic() - acknowledged)
                        del pending[node.name][word]
            time.sleep(0.05)
            if done.is_set() and time.monotonic() > deadline + 30:
                return

    deadline = time.monotonic() + seconds
    pollers = [threading.Thread(target=poll, args=(node,), daemon=True) for node in cluster.nodes]
    for poller in pollers:
        poller.start()
    written = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        word = "do" + uuid.uuid4().hex[:10]
        created = session.create_article(cluster.balancer, f"Bài đo độ trễ {word}", category, f"Từ khoá {word}.")
        session.transition(cluster.balancer, created["id"], "published")
        acknowledged = time.monotonic()
        with lock:
            for node in cluster.nodes:
                pending[node.name][word] = acknowledged
        written += 1
        next_at = started + written / WRITES_PER_SECOND
        time.sleep(max(0.0, next_at - time.monotonic()))
    done.set()
    for poller in pollers:
        poller.join()
    rate = written / (time.monotonic() - started)
    return rate, percentile(lags, 50) * 1000, percentile(lags, 99) * 1000, len(lags)


def main():
    binary = os.environ.get("TOASOAN_BIN", "target/release/toasoan")
    rows = []
    for count in (1, 2, 3):
        with Cluster(nodes=count, binary=binary, node_env={"TOASOAN_LOG": "warn"}) as cluster:
            session = cluster.log_in()
            category = cluster.first_category()
            article = json.loads(http("GET", cluster.balancer + "/api/v1/articles?limit=1")[1])["items"][0]["url"]
            page = wrk(cluster.balancer + article)
            search = wrk(cluster.balancer + "/", search_script(cluster.dir))
            lag = search_lag(cluster, session, category, max(SECONDS, 20))
            rows.append((count, page, search, lag))
            log(f"{count} node(s): page {page[0]:.0f}/s, search p50 {search[1]:.1f} ms, lag p50 {lag[1]:.0f} ms")
    print()
    print(f"Through nginx, {CONNECTIONS} connections, {SECONDS} s per wrk run; lag under "
          f"{WRITES_PER_SECOND} publishes/s:")
    print("| nodes | article page req/s | page p50 / p99 ms | search req/s | search p50 / p99 ms "
          "| publishes/s | write→hit lag p50 / p99 ms (samples) | non-2xx |")
    print("|---|---|---|---|---|---|---|---|")
    for count, page, search, lag in rows:
        print(f"| {count} | {page[0]:,.0f} | {page[1]:.2f} / {page[2]:.2f} | {search[0]:,.0f} | "
              f"{search[1]:.1f} / {search[2]:.1f} | {lag[0]:.1f} | {lag[1]:.0f} / {lag[2]:.0f} ({lag[3]}) | "
              f"{page[3] + search[3]} |")


if __name__ == "__main__":
    main()
