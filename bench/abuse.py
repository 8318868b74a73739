"""Replays the attacks of issue 14 (items 1-7) against a running release server on loopback, each
bounded in count and time, and prints for each the server's peak resident memory and the p99 of a
reader loading an article page at the same time. Started by bench/abuse.sh, which makes the server.

Usage: abuse.py HOST PORT SERVER_PID ADMIN_PASSWORD OUT_DIR
"""
import http.client
import json
import multiprocessing
import os
import resource
import socket
import struct
import sys
import threading
import time
import zlib

HOST, PORT, PID, PASSWORD, OUT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
ADMIN = "admin@toasoan.local"


def rss_mb():
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request(method, path, body=None, headers=None, timeout=60):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data
    except (OSError, http.client.HTTPException) as error:
        return 0, {}, str(error).encode()
    finally:
        connection.close()


def reader(article, stop, results):
    """The reader, in a process of its own (the attackers' threads share one interpreter lock,
    which would count their waits as the server's)."""
    latencies, errors = [], 0
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        try:
            connection.request("GET", article)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.01)
    connection.close()
    results.put((latencies, errors))


class Watch:
    """Samples the server's memory and a reader's article-page latency while an attack runs."""

    def __init__(self, article):
        self.article, self.stop, self.peak, self.latencies, self.errors = article, threading.Event(), 0.0, [], 0

    def __enter__(self):
        self.sampler = threading.Thread(target=self.sample)
        self.sampler.start()
        self.reader_stop, self.results = multiprocessing.Event(), multiprocessing.Queue()
        self.reader = multiprocessing.Process(target=reader, args=(self.article, self.reader_stop, self.results))
        self.reader.start()
        return self

    def sample(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)

    def __exit__(self, *_):
        self.stop.set()
        self.reader_stop.set()
        self.latencies, self.errors = self.results.get()
        self.reader.join()
        self.sampler.join()

    def p99_ms(self):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000 if ordered else float("nan")


def in_threads(count, work):
    results, lock = [], threading.Lock()

    def run(i):
        result = work(i)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def tally(statuses):
    counts = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def login_json(email, password, ip):
    body = json.dumps({"email": email, "password": password})
    headers = {"Content-Type": "application/json", "X-Forwarded-For": ip}
    return request("POST", "/api/v1/session", body, headers)


# 1. Password hashing: 3 bursts of 200 logins with unknown e-mails, each from its own address.
def hashing():
    statuses = []
    for burst in range(3):
        statuses += in_threads(200, lambda i: login_json(f"nobody-{burst}-{i}@x.vn", "mật khẩu đoán", f"10.1.{burst}.{i + 1}")[0])
    return tally(statuses)


# 2. The lockout under concurrency: 100 logins for one account at once, 99 wrong, the right one last.
def lockout():
    def attempt(i):
        password = PASSWORD if i == 99 else f"sai-{i}-mat-khau"
        return login_json(ADMIN, password, "10.2.0.1")[0]

    statuses = in_threads(100, attempt)
    checked = sum(1 for s in statuses if s in (200, 401))
    return f"{tally(statuses)}; passwords checked: {checked}"


# 3. Unbounded input: 20 logins with a 2 MB e-mail.
def oversized():
    email = "a" * 2_000_000 + "@x.vn"
    statuses = in_threads(20, lambda i: login_json(email, "x", f"10.3.0.{i + 1}")[0])
    return tally(statuses)


# 4. Cache keys: 6,000 lookups with a 60,000-character year, then 3,000 distinct valid ones.
def cache_keys():
    long_year = "9" * 60_000

    def flood(worker):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        statuses = []
        for n in range(750):
            try:
                connection.request("GET", f"/tap-chi-in?nam={worker}{n}{long_year}")
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            except (OSError, http.client.HTTPException):
                statuses.append(0)
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        for n in range(375):
            connection.request("GET", f"/tap-chi-in?q=tu-khoa-{worker}-{n}")
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
        return statuses

    statuses = [s for batch in in_threads(8, flood) for s in batch]
    return tally(statuses)


# 5. Slow clients: 1,050 connections sending one header line every 10 s, for 40 s.
def slow_clients():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    sockets = []
    for _ in range(1050):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sockets.append(s)
        except OSError:
            pass
    opened, started, closed = len(sockets), time.time(), set()
    while time.time() - started < 40:
        time.sleep(10)
        for index, s in enumerate(sockets):
            if index in closed:
                continue
            try:
                s.sendall(b"X-Slow: 1\r\n")
                s.setblocking(False)
                if s.recv(1) == b"":
                    closed.add(index)
            except BlockingIOError:
                pass
            except OSError:
                closed.add(index)
            finally:
                s.setblocking(True)
    for s in sockets:
        s.close()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return f"{opened} opened, {len(closed)} closed by the server within 40 s"


def session():
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    body = json.dumps({"email": ADMIN, "password": PASSWORD})
    connection.request("POST", "/api/v1/session", body, {"Content-Type": "application/json", "X-Forwarded-For": "10.9.9.9"})
    response = connection.getresponse()
    status, body = response.status, response.read()
    cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    headers = {"cookie": next((c for c in cookies if c.startswith("toasoan_session=")), "")}
    connection.close()
    if status != 200:
        raise SystemExit(f"cannot log in as the admin: {status} {body[:200]!r}")
    return headers["cookie"], json.loads(body)["csrf_token"]


def png(width, height, depth, row):
    """A PNG whose every row is `row()` (RGB at `depth` bits), compressed as it is made."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor, parts = zlib.compressobj(9), []
    for y in range(height):
        parts.append(compressor.compress(b"\0" + row(y)))
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def multipart(fields, files):
    boundary = "----toasoan-abuse"
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, file_name, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# 6. Image decoding: six 16-bit 7,745 × 7,745 PNGs at once, then six 24-megapixel photos at once.
def images(cookie, csrf):
    bomb_path = os.path.join(OUT, "abuse-16bit.png")
    if not os.path.exists(bomb_path):
        with open(bomb_path, "wb") as f:
            f.write(png(7745, 7745, 16, lambda y: bytes(7745 * 6)))
    bomb = open(bomb_path, "rb").read()
    photo_path = os.path.join(OUT, "abuse-photo.png")
    if not os.path.exists(photo_path):
        with open(photo_path, "wb") as f:
            f.write(png(6000, 4000, 8, lambda y: bytes((x * 7 + y) % 256 for x in range(3 * 6000))))
    photo = open(photo_path, "rb").read()
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf}

    def upload(data, name):
        body, kind = multipart([("alt", "Ảnh thử")], [("file", name, data)])
        return request("POST", "/api/v1/media", body, {**headers, "Content-Type": kind}, timeout=300)[0]

    bombs = in_threads(6, lambda i: upload(bomb, f"bom-{i}.png"))
    photos = in_threads(6, lambda i: upload(photo, f"anh-{i}.png"))
    return f"16-bit bombs ({len(bomb) // 1024} KB): {tally(bombs)}; 24 MP photos ({len(photo) // 1048576} MB): {tally(photos)}"


# 7. Uploads: a 450 MB clip streamed in, then a refused one (bad duration): no file left behind.
def uploads(cookie, csrf, media_dir):
    size = 450 * 1024 * 1024
    head = b"\0\0\0\x20ftypisom\0\0\x02\0"
    boundary = "----toasoan-abuse-video"

    def send(duration):
        fields = [("csrf", csrf), ("title", "Clip thử tải lên"), ("duration", duration), ("published", "on")]
        before = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields
        ) + f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n'.encode()
        after = f"\r\n--{boundary}--\r\n".encode()
        connection = http.client.HTTPConnection(HOST, PORT, timeout=600)
        connection.putrequest("POST", "/toa-soan/video")
        connection.putheader("Cookie", cookie)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(before) + size + len(after)))
        connection.endheaders()
        connection.send(before + head)
        block, sent = bytes(1024 * 1024), len(head)
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            connection.send(piece)
            sent += len(piece)
        connection.send(after)
        status = connection.getresponse().status
        connection.close()
        return status

    def send_or_report(duration):
        try:
            return send(duration)
        except OSError as error:
            return f"connection closed by the server ({error})"

    def files():
        folder = os.path.join(media_dir, "video")
        return sum(len(names) for _, _, names in os.walk(folder)) if os.path.isdir(folder) else 0

    stored = send_or_report("4:05")
    after_stored = files()
    refused = send_or_report("4:75")
    return f"450 MB clip: {stored}; refused clip: {refused}; clip files kept: {after_stored} → {files()}"


def main():
    articles = json.loads(request("GET", "/api/v1/articles?limit=1")[2])
    article = articles["items"][0]["url"]
    cookie, csrf = session()
    media_dir = os.path.join(OUT, "abuse-data", "media")
    attacks = [
        ("1 password hashing (600 logins, unknown e-mails)", hashing),
        ("2 lockout race (100 at once, right one last)", lockout),
        ("3 oversized e-mail (20 × 2 MB)", oversized),
        ("4 cache keys (6,000 × 60,000-char year, 3,000 new lookups)", cache_keys),
        ("5 slow clients (1,050 sockets, a line every 10 s)", slow_clients),
        ("6 image decoding (6 bombs, 6 photos at once)", lambda: images(cookie, csrf)),
        ("7 uploads (450 MB clip, a refused one)", lambda: uploads(cookie, csrf, media_dir)),
    ]
    print(f"server at rest: {rss_mb():.0f} MB")
    failed = False
    for name, attack in attacks:
        before = rss_mb()
        with Watch(article) as watch:
            started = time.time()
            outcome = attack()
            seconds = time.time() - started
            time.sleep(max(0.0, 3.0 - seconds))
        ok = watch.peak < 400 and watch.p99_ms() < 50
        failed |= not ok
        print(
            f"{'ok' if ok else 'OVER'}  {name}: peak {watch.peak:.0f} MB (from {before:.0f}), reader p99 {watch.p99_ms():.1f} ms "
            f"({len(watch.latencies)} reads, {watch.errors} failed), {seconds:.1f} s — {outcome}",
            flush=True,
        )
    print(f"server after: {rss_mb():.0f} MB")
    sys.exit(1 if failed else 0)


main()
