"""newsdesk and the GitHub stand-in as processes on loopback, with a signed
in maintainer: what the hostile battery and the bench's GitHub count share.
Every wait has a deadline."""
import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NEWSDESK = os.environ.get("NEWSDESK_BIN", os.path.join(ROOT, "build", "newsdesk"))
STANDIN = os.path.join(ROOT, "build", "gh-standin")
SEED = os.path.join(ROOT, "tests", "fixtures", "draft-modern.md")
DRAFT = "content/this-month/2024-04/index.md"
TOKEN, SECRET = "battery-token", "battery-secret"
USER, PASSWORD = "battery", "battery-password-123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=20):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return r.status, parsed, r.getheaders()


def wait_until(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    raise RuntimeError("timed out waiting for " + what)


class Service:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="nd-battery-")
        self.nd_port, self.gh_port = free_port(), free_port()
        self.procs = []

    def start(self):
        cfg = os.path.join(self.dir, "config.toml")
        with open(cfg, "w") as f:
            f.write(f"""[server]
listen = "127.0.0.1:{self.nd_port}"
public_url = "http://127.0.0.1:{self.nd_port}"
access_log = false
[storage]
database = "{self.dir}/newsdesk.db"
[github]
api_url = "http://127.0.0.1:{self.gh_port}"
web_url = "http://127.0.0.1:{self.gh_port}"
repo = "rust-osdev/homepage"
branch = "next"
write_interval_ms = 0
refresh_seconds = 0
[comments]
trusted_proxies = ["127.0.0.1"]
""")
        env = dict(os.environ, GITHUB_TOKEN=TOKEN, GITHUB_WEBHOOK_SECRET=SECRET)
        log = open(os.path.join(self.dir, "log"), "w")
        self.procs.append(subprocess.Popen(
            [STANDIN, "--port", str(self.gh_port), "--token", TOKEN, "--seed", SEED,
             "--draft", DRAFT, "--webhook", f"http://127.0.0.1:{self.nd_port}/webhooks/github",
             "--secret", SECRET], stdout=log, stderr=log))
        subprocess.run([NEWSDESK, "migrate", "--config", cfg], check=True, env=env,
                       stdout=subprocess.DEVNULL, timeout=60)
        subprocess.run([NEWSDESK, "user", "add", USER, "--config", cfg], check=True, env=env,
                       input=(PASSWORD + "\n").encode(), stdout=subprocess.DEVNULL, timeout=60)
        self.procs.append(subprocess.Popen([NEWSDESK, "serve", "--config", cfg], env=env,
                                           stdout=log, stderr=log))

        def up():
            try:
                return request(self.nd_port, "GET", "/healthz", timeout=2)[0] == 200 and \
                    request(self.gh_port, "GET", "/", timeout=2)[0] < 500
            except OSError:
                return False
        wait_until("the services", up, 30)
        status, body, headers = request(self.nd_port, "POST", "/api/v1/admin/login",
                                        {"username": USER, "password": PASSWORD})
        assert status == 200, body
        cookie = [v for k, v in headers if k.lower() == "set-cookie"][0].split(";")[0]
        self.admin = {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]}

    def stop(self):
        """newsdesk's exit status (0: it stopped cleanly, and under the
        sanitizers found no memory error or leak)."""
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        rc = self.procs[1].returncode if len(self.procs) > 1 else 0
        if rc != 0:
            sys.stdout.write(open(os.path.join(self.dir, "log")).read()[-4000:])
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc

    def branch_draft(self, sub_id):
        def opened():
            s, body, _ = request(self.nd_port, "GET", "/api/v1/admin/submissions",
                                 headers=self.admin)
            for sub in body["submissions"]:
                if sub["id"] == sub_id and sub.get("pr_url"):
                    return sub
                if sub["id"] == sub_id and sub.get("last_error"):
                    return sub
            return None
        sub = wait_until("the pull request of submission %d" % sub_id, opened, 30)
        if not sub.get("pr_url"):
            return None, sub["last_error"]
        s, body, _ = request(self.gh_port, "GET",
                             "/repos/rust-osdev/homepage/contents/%s?ref=%s" % (DRAFT, sub["branch"]),
                             headers={"Authorization": "token " + TOKEN,
                                      "User-Agent": "newsdesk-battery"})
        assert s == 200, body
        return base64.b64decode(body["content"]).decode(), None
