"""Starting toasoan nodes the way deploy/ describes, for e2e/nodes.py and bench/nodes.py: an S3
server (moto) on loopback with a fresh bucket, a fresh PostgreSQL schema, N nodes launched with
the systemd unit's command line and the environment file's variables, and nginx with the site
file from deploy/nginx — each with only its addresses changed."""

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(ROOT, "deploy")
STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", flush=True)


def fail(message):
    raise SystemExit(f"error: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, ok=(200, 201, 206)):
    """(status, body bytes, lower-cased headers); a status outside `ok` is an error."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, data, found = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, data, found = error.code, error.read(), error.headers
    if status not in ok:
        raise RuntimeError(f"{method} {url}: {status} {data[:300]!r}")
    headers = {k.lower(): v for k, v in found.items()}
    headers["set-cookie"] = "; ".join(found.get_all("Set-Cookie") or [])
    return status, data, headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def multipart(fields, files):
    boundary = "----toasoan" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content_type, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def png(width, height):
    """A gradient picture, made here (no file to ship)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes((x * 255 // width, y * 255 // height, (x + y) % 256))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(
        b"IEND", b"")


def text_pdf(pages):
    """A PDF of `pages` pages of plain text (Helvetica), written by hand: enough for the reader to
    work on for a while."""
    objects = [None, None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for n in range(pages):
        lines = " ".join(f"({('Trang %d dong %d noi dung tap chi in ' % (n + 1, i)) * 2}) Tj T*" for i in range(40))
        stream = f"BT /F1 9 Tf 11 TL 40 800 Td {lines} ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Session:
    """A newsroom session (cookie and CSRF token), valid on every node: sessions live in the
    database."""

    def __init__(self, cookie, csrf):
        self.cookie, self.csrf = cookie, csrf

    def headers(self, content_type="application/json"):
        return {"cookie": self.cookie, "x-csrf-token": self.csrf, "content-type": content_type}

    def create_article(self, base, title, category, body="Nội dung bài viết."):
        payload = {"title": title, "category": category, "lead": "Sa pô.",
                   "blocks": [{"type": "paragraph", "text": body}]}
        _, answer, _ = http("POST", base + "/api/v1/articles", json.dumps(payload).encode(), self.headers(), ok=(201,))
        return json.loads(answer)

    def transition(self, base, article_id, to, at=None):
        payload = {"to": to} | ({"at": at} if at else {})
        http("POST", f"{base}/api/v1/articles/{article_id}/transitions", json.dumps(payload).encode(), self.headers())

    def upload(self, base, name, data, alt):
        body, content_type = multipart({"alt": alt}, [("file", name, "image/png", data)])
        _, answer, _ = http("POST", base + "/api/v1/media", body, self.headers(content_type), ok=(200, 201))
        return json.loads(answer)


class Node:
    def __init__(self, name, port, data):
        self.name, self.port, self.data = name, port, data
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self.log_path = os.path.join(data, "node.log")


def unit_command(binary, port):
    """The unit's ExecStart with the installed path replaced by `binary` and %i by the port."""
    with open(os.path.join(DEPLOY, "toasoan@.service")) as unit:
        line = next(l for l in unit if l.startswith("ExecStart="))
    words = line[len("ExecStart="):].split()
    return [binary] + [w.replace("%i", str(port)) for w in words[1:]]


def env_file():
    values = {}
    with open(os.path.join(DEPLOY, "toasoan.env")) as env:
        for line in env:
            line = line.strip()
            if line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key] = value
    return values


class Cluster:
    """moto + a PostgreSQL schema + N nodes + nginx, torn down on exit."""

    def __init__(self, nodes, binary=None, demo=True, node_env=None):
        self.count, self.demo = nodes, demo
        self.binary = binary or os.environ.get("TOASOAN_BIN", os.path.join(ROOT, "target/debug/toasoan"))
        self.node_env = node_env or {}
        self.database = os.environ.get("TOASOAN_TEST_DATABASE_URL", "")
        self.dir = tempfile.mkdtemp(prefix="toasoan-nodes-")
        self.schema = "nodes_" + uuid.uuid4().hex[:10]
        self.processes = []
        self.nodes = []

    def __enter__(self):
        try:
            self.check_tools()
            self.start_bucket()
            self.create_schema()
            self.start_nodes()
            self.start_nginx()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if exc and exc[0] is not None:
            for node in self.nodes:
                if os.path.exists(node.log_path):
                    with open(node.log_path, errors="replace") as f:
                        tail = f.read()[-3000:]
                    print(f"--- {node.name} log (end) ---\n{tail}", file=sys.stderr)
        if self.database:
            subprocess.run(["psql", self.database, "-q", "-c", f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"],
                           capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def check_tools(self):
        missing = [tool for tool in ("nginx", "moto_server", "psql") if not shutil.which(tool)]
        if not self.database:
            missing.append("TOASOAN_TEST_DATABASE_URL")
        if not os.path.exists(self.binary):
            missing.append(self.binary + " (cargo build -p toasoan)")
        if missing:
            fail("cannot start several nodes without: " + ", ".join(missing))

    def spawn(self, args, log_path, env=None):
        output = open(log_path, "ab")
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def start_bucket(self):
        port = free_port()
        self.s3 = f"http://127.0.0.1:{port}"
        self.spawn(["moto_server", "-H", "127.0.0.1", "-p", str(port)], os.path.join(self.dir, "moto.log"))
        self.bucket = "toasoan-" + uuid.uuid4().hex[:8]
        for _ in range(100):
            try:
                http("PUT", f"{self.s3}/{self.bucket}")
                return
            except (urllib.error.URLError, ConnectionError, RuntimeError):
                time.sleep(0.1)
        fail("the S3 server (moto_server) did not start")

    def create_schema(self):
        self.psql(f"CREATE SCHEMA {self.schema}")
        joiner = "&" if "?" in self.database else "?"
        self.node_database = f"{self.database}{joiner}options=-c%20search_path%3D{self.schema}"

    def psql(self, sql):
        done = subprocess.run(["psql", self.database, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                               "-c", f"SET search_path TO {self.schema}", "-c", sql],
                              capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"psql: {done.stderr.strip()}")
        return done.stdout

    sql = psql

    def environment(self, node):
        env = dict(os.environ)
        env.update(env_file())
        env.update({
            "TOASOAN_DATA": node.data,
            "TOASOAN_DATABASE_URL": self.node_database,
            "TOASOAN_MEDIA_URL": f"s3://{self.bucket}/site",
            "TOASOAN_BASE_URL": f"http://127.0.0.1:{getattr(self, 'balancer_port', 0)}",
            "AWS_ENDPOINT_URL": self.s3,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "TOASOAN_LOG": os.environ.get("TOASOAN_LOG", "info"),
        })
        env.update(self.node_env)
        return env

    def start_nodes(self):
        self.balancer_port = free_port()
        for n in range(1, self.count + 1):
            data = os.path.join(self.dir, f"node-{n}")
            os.makedirs(data)
            node = Node(f"node {n}", free_port(), data)
            self.nodes.append(node)
        first = self.nodes[0]
        self.launch(first, demo=self.demo)
        self.wait_ready(first, 180)
        if self.demo:
            with open(first.log_path, errors="replace") as f:
                found = re.search(r"with the password ([0-9a-f]+)", f.read())
            if not found:
                fail("the demo printed no admin password")
            self.admin_password = found.group(1)
        for node in self.nodes[1:]:
            self.launch(node)
        for node in self.nodes[1:]:
            self.wait_ready(node, 60)
        log(f"{self.count} nodes ready on PostgreSQL schema {self.schema} and bucket s3://{self.bucket}/site")

    def launch(self, node, demo=False):
        args = unit_command(self.binary, node.port) + (["--demo"] if demo else [])
        node.process = self.spawn(args, node.log_path, self.environment(node))

    def restart(self, node):
        self.launch(node)
        self.wait_ready(node, 60)

    def wait_ready(self, node, within):
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if node.process.poll() is not None:
                fail(f"{node.name} stopped at start (see {node.log_path})")
            try:
                if http("GET", node.url + "/readyz", ok=(200, 503))[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        fail(f"{node.name} was not ready within {within} s")

    def start_nginx(self):
        with open(os.path.join(DEPLOY, "nginx", "toasoan.conf")) as f:
            site = f.read()
        upstreams = re.findall(r"server 127\.0\.0\.1:(\d+)", site)
        lines = [l for l in site.splitlines() if not re.match(r"\s*server 127\.0\.0\.1:\d+", l)]
        site = "\n".join(lines)
        servers = "".join(f"    server 127.0.0.1:{node.port} max_fails=1 fail_timeout=5s;\n" for node in self.nodes)
        site = site.replace("upstream toasoan {\n", "upstream toasoan {\n" + servers, 1)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.balancer_port};")
        if len(upstreams) < 1 or f"listen 127.0.0.1:{self.balancer_port};" not in site:
            fail("deploy/nginx/toasoan.conf no longer has the upstream servers and listen line this test rewrites")
        prefix = os.path.join(self.dir, "nginx")
        os.makedirs(os.path.join(prefix, "logs"))
        with open(os.path.join(prefix, "toasoan.conf"), "w") as f:
            f.write(site)
        user = "user root root;\n" if os.geteuid() == 0 else ""
        main = (f"{user}worker_processes 2;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n"
                "events { worker_connections 1024; }\n"
                f"http {{\n  access_log off;\n  client_body_temp_path {prefix}/body;\n"
                f"  proxy_temp_path {prefix}/proxy;\n  include {prefix}/toasoan.conf;\n}}\n")
        with open(os.path.join(prefix, "nginx.conf"), "w") as f:
            f.write(main)
        self.spawn(["nginx", "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"), "-g", "daemon off;"],
                   os.path.join(prefix, "logs", "stdout.log"))
        self.balancer = f"http://127.0.0.1:{self.balancer_port}"
        for _ in range(100):
            try:
                if http("GET", self.balancer + "/healthz")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, RuntimeError):
                time.sleep(0.1)
        fail("nginx did not start with deploy/nginx/toasoan.conf")

    def log_in(self):
        body = json.dumps({"email": "admin@toasoan.local", "password": self.admin_password}).encode()
        _, answer, headers = http("POST", self.balancer + "/api/v1/session", body,
                                  {"content-type": "application/json"})
        cookie = re.search(r"toasoan_session=[^;]+", headers.get("set-cookie", ""))
        if not cookie:
            fail("logging in gave no session cookie")
        return Session(cookie.group(0), json.loads(answer)["csrf_token"])

    def first_category(self):
        categories = json.loads(http("GET", self.balancer + "/api/v1/categories")[1])
        items = categories if isinstance(categories, list) else categories.get("items", [])
        return items[0]["slug"]
