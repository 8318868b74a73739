#!/usr/bin/env python3
"""Three toasoan nodes on one PostgreSQL database and one S3 bucket, behind nginx, started from
the files in deploy/ (the systemd unit's command line and environment, nginx's site file), as
docs/deploy.md tells an operator to run them. Checks, against the real processes:

- an image uploaded through one node is served by the others (media in the bucket);
- an article published on one node is on every node's pages within 2 s and in every node's
  search within 5 s;
- an article scheduled 20 s ahead goes live once (one publishing entry in the audit log) while
  all three run;
- a node killed with `kill -9` in the middle of writes loses no acknowledged write, and nginx
  keeps serving and taking writes from the others (the killed node's /readyz is gone);
- a job (an issue PDF's text) leased by the killed node is finished by another.

Needs: TOASOAN_TEST_DATABASE_URL (PostgreSQL), nginx, moto_server (PyPI's moto[server], the
S3-compatible server started here on loopback), and the binary (TOASOAN_BIN, default
target/debug/toasoan). `.ci/run` installs them and runs this; without them it says what is
missing and stops with an error, so a CI that meant to run it cannot pass by skipping it.

Timing figures are printed; bench/nodes.sh measures throughput and search lag on purpose.
"""

import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nodes_lib import Cluster, fail, http, log, multipart, png, text_pdf  # noqa: E402

PAGE_WITHIN = 2.0
SEARCH_WITHIN = 5.0


def wait_until(what, within, check, every=0.05):
    """Polls `check` until it returns a true value; fails after `within` seconds. Returns
    (value, seconds waited)."""
    started = time.monotonic()
    while True:
        value = check()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > within:
            fail(f"{what}: not within {within} s")
        time.sleep(every)


def schedule_article(cluster, session, category):
    node = cluster.nodes[2]
    title = f"Bài hẹn giờ {uuid.uuid4().hex[:8]}"
    created = session.create_article(node.url, title, category)
    at = time.time() + 20
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))
    session.transition(node.url, created["id"], "scheduled", at=when)
    log(f"scheduled article {created['id']} for {when} through node 3")
    return created, at


def check_scheduled(cluster, created, at):
    url = created["url"]
    for node in cluster.nodes:
        _, waited = wait_until(
            f"the scheduled article on {node.name}", max(5, at - time.time()) + 25,
            lambda node=node: http("GET", node.url + url, ok=(200, 404))[0] == 200, every=0.25)
    late = time.time() - at
    entries = cluster.sql(
        "SELECT COUNT(*) FROM audit_log WHERE target = 'article %d' AND detail LIKE 'scheduled%%published'"
        % created["id"])
    if entries.strip() != "1":
        fail(f"the scheduled article was published {entries.strip()} times (audit log), not once")
    log(f"scheduled article live on all three nodes {late:.1f} s after its time; one publishing entry")


def check_media(cluster, session):
    picture = png(800, 500)
    uploaded = session.upload(cluster.nodes[0].url, "anh-thu.png", picture, "Ảnh thử ba nút")
    url = uploaded["url"]
    first = http("GET", cluster.nodes[0].url + url)[1]
    for node in cluster.nodes[1:]:
        status, body, _ = http("GET", node.url + url)
        if status != 200 or body != first:
            fail(f"the picture uploaded through node 1 is {status} on {node.name}")
    status, _, headers = http("GET", cluster.nodes[1].url + url, headers={"Range": "bytes=0-99"})
    if status != 206 or headers.get("content-range", "").split("/")[0] != "bytes 0-99":
        fail(f"a range of the picture on node 2: {status} {headers.get('content-range')}")
    log(f"picture uploaded through node 1 served by nodes 2 and 3 ({len(first)} bytes, ranges too)")


def check_publishing(cluster, session, category):
    word = "bangiao" + uuid.uuid4().hex[:6]
    title = f"Kiểm thử ba nút {word}"
    created = session.create_article(cluster.nodes[1].url, title, category, body=f"Nội dung có từ {word}.")
    session.transition(cluster.nodes[1].url, created["id"], "published")
    acknowledged = time.monotonic()
    url = created["url"]
    page_times, search_times = [], []
    for node in cluster.nodes:
        wait_until(f"the article's page on {node.name}", PAGE_WITHIN,
                   lambda node=node: http("GET", node.url + url, ok=(200, 404))[0] == 200)
        wait_until(f"the article on {node.name}'s home page", PAGE_WITHIN,
                   lambda node=node: title.encode() in http("GET", node.url + "/")[1])
        page_times.append(time.monotonic() - acknowledged)
    for node in cluster.nodes:
        def found(node=node):
            answer = json.loads(http("GET", node.url + "/api/v1/search?q=" + word)[1])
            return any(hit.get("id") == created["id"] for hit in answer.get("hits", []))
        wait_until(f"the article in {node.name}'s search", SEARCH_WITHIN, found)
        search_times.append(time.monotonic() - acknowledged)
    log("published through node 2: on every node's pages within %.2f s, in every node's search within %.2f s"
        % (max(page_times), max(search_times)))


def upload_issue(cluster, session):
    """A print issue whose PDF takes a while to read, uploaded through node 1: its text job is
    claimed by a node (node 1, whose runner is rung at once) and read for some seconds."""
    pdf = text_pdf(pages=1200)
    number = int(time.time()) % 90 + 10
    fields = {"csrf": session.csrf, "number": str(number), "year": "2025", "title": "Số thử ba nút",
              "published_on": "2025-06-15", "toc": ""}
    body, content_type = multipart(fields, [("pdf", "so-thu.pdf", "application/pdf", pdf)])
    status, answer, _ = http("POST", cluster.nodes[0].url + "/toa-soan/tap-chi-in", body=body,
                             headers={"content-type": content_type, "cookie": session.cookie}, ok=(303,))
    issue_id = int(cluster.sql(f"SELECT id FROM print_issues WHERE year = 2025 AND number = {number}").strip())
    log(f"print issue {issue_id} uploaded through node 1 ({len(pdf) // 1024} KB PDF, 1,200 pages)")
    return issue_id


def running_job(cluster, issue_id):
    row = cluster.sql("SELECT id, lease_owner FROM jobs WHERE kind = 'print_text' AND state = 'running' "
                      f"AND payload LIKE '%\"issue_id\":{issue_id},%'").strip()
    return row or None


class Writer(threading.Thread):
    """Creates drafts through nginx, ten a second, remembering every one acknowledged (201)."""

    def __init__(self, cluster, session, category):
        super().__init__(daemon=True)
        self.cluster, self.session, self.category = cluster, session, category
        self.acknowledged, self.refused, self.stop = [], 0, threading.Event()

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                created = self.session.create_article(self.cluster.balancer, f"Bài viết khi có nút chết {n}",
                                                      self.category)
                self.acknowledged.append((created["id"], time.monotonic()))
            except Exception:  # a 502 for the request in flight at the kill: not acknowledged
                self.refused += 1
            time.sleep(0.1)


def check_kill(cluster, session, category, issue_id):
    writer = Writer(cluster, session, category)
    writer.start()
    row, _ = wait_until("the PDF's text job under a lease", 20, lambda: running_job(cluster, issue_id), every=0.02)
    job_id, owner = row.split("|")
    victim = next(node for node in cluster.nodes if f":{node.process.pid}:" in owner)
    time.sleep(1.0)
    killed_at = time.monotonic()
    os.kill(victim.process.pid, signal.SIGKILL)
    victim.process.wait()
    log(f"killed {victim.name} (kill -9) while it held job {job_id} and writes were coming in")
    reads = [http("GET", cluster.balancer + "/", ok=(200, 502))[0] for _ in range(30)]
    time.sleep(3)
    writer.stop.set()
    writer.join()
    after = [id for id, at in writer.acknowledged if at > killed_at]
    if reads.count(200) != len(reads):
        fail(f"nginx answered {reads.count(200)}/{len(reads)} reads after the kill")
    if len(after) < 10:
        fail(f"only {len(after)} writes were acknowledged through nginx after the kill")
    acknowledged = [id for id, _ in writer.acknowledged]
    stored = cluster.sql("SELECT COUNT(*) FROM articles WHERE id IN (%s)" % ",".join(map(str, acknowledged))).strip()
    if int(stored) != len(acknowledged):
        fail(f"{len(acknowledged) - int(stored)} acknowledged writes lost after the kill")
    try:
        urllib.request.urlopen(victim.url + "/readyz", timeout=2)
        fail("the killed node still answers /readyz")
    except (urllib.error.URLError, ConnectionError):
        pass
    for node in cluster.nodes:
        if node is not victim and http("GET", node.url + "/readyz")[0] != 200:
            fail(f"{node.name} is not ready after the kill")
    log(f"{len(writer.acknowledged)} writes acknowledged ({len(after)} after the kill, {writer.refused} refused in "
        "flight), none lost; nginx served 30/30 reads after the kill")
    done, waited = wait_until(
        "the dead node's job finished by another", 75,
        lambda: cluster.sql(f"SELECT state || '|' || attempts FROM jobs WHERE id = {job_id}").strip() == "done|2",
        every=0.5)
    pages = int(cluster.sql(f"SELECT COUNT(*) FROM print_pages WHERE issue_id = {issue_id}").strip())
    if pages != 1200:
        fail(f"the issue has {pages} pages of text after the takeover, not 1200")
    log(f"job {job_id} taken over after its lease and finished by another node {waited:.0f} s after the kill "
        f"({pages} pages of text)")


def main():
    with Cluster(nodes=3) as cluster:
        session = cluster.log_in()
        category = cluster.first_category()
        scheduled, at = schedule_article(cluster, session, category)
        check_media(cluster, session)
        check_publishing(cluster, session, category)
        check_scheduled(cluster, scheduled, at)
        issue_id = upload_issue(cluster, session)
        check_kill(cluster, session, category, issue_id)
    log("three nodes: every check passed")


if __name__ == "__main__":
    main()
