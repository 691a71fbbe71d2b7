"""newsdesk and the GitHub stand-in as processes on loopback, with a signed
in maintainer: what the hostile battery and the bench's GitHub count share.
Every wait has a deadline."""
import base64
import http.client
import json
import os
import shutil
import signal
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


def request(port, method, path, body=None, headers=None, timeout=20, source=None):
    """(status, the JSON answer or None, headers); source: the client's
    own address (127.0.0.0/8 is all loopback)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
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


def stop_process(p):
    """SIGTERM, then SIGKILL after 15 s: its exit status (0 when not started)."""
    if p is None:
        return 0
    if p.poll() is None:
        p.terminate()
    try:
        p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    return p.returncode


def wait_until(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    raise RuntimeError("timed out waiting for " + what)


OAUTH_ID, OAUTH_SECRET = "Iv1.load", "load-oauth-secret"
ORG = "rust-osdev"


def toml(v):
    """A Python value as TOML (strings as JSON writes them: TOML takes its
    escapes, \\uXXXX included)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, str)):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml(x) for x in v) + "]"
    raise TypeError(v)


def cookie_of(headers, name):
    """The value a Set-Cookie line gives cookie name, or None."""
    for k, v in headers:
        if k.lower() == "set-cookie" and v.startswith(name + "="):
            return v.split(";")[0][len(name) + 1:]
    return None


def header_of(headers, name):
    return next((v for k, v in headers if k.lower() == name.lower()), None)


class Service:
    """config: {section: {key: value}} over the defaults below; github_user:
    (login, id) plays GitHub's sign-in as a member of ORG (the stand-in's
    --oauth); standin_args: more of the stand-in's options (--delay-ms);
    maintainer: add the password maintainer and sign in (self.admin)."""

    def __init__(self, config=None, github_user=None, standin_args=(), maintainer=True):
        self.dir = tempfile.mkdtemp(prefix="nd-battery-")
        self.nd_port, self.gh_port = free_port(), free_port()
        self.cfg = os.path.join(self.dir, "config.toml")
        self.db = os.path.join(self.dir, "newsdesk.db")
        self.config = {
            "server": {"listen": "127.0.0.1:%d" % self.nd_port,
                       "public_url": "http://127.0.0.1:%d" % self.nd_port,
                       "access_log": False},
            "storage": {"database": self.db},
            "github": {"api_url": "http://127.0.0.1:%d" % self.gh_port,
                       "web_url": "http://127.0.0.1:%d" % self.gh_port,
                       "repo": "rust-osdev/homepage", "branch": "next",
                       "write_interval_ms": 0, "refresh_seconds": 0},
            "comments": {"trusted_proxies": ["127.0.0.1"]},
        }
        self.github_user, self.standin_args, self.maintainer = github_user, standin_args, maintainer
        if github_user:
            self.config["github"].update(oauth_client_id=OAUTH_ID, maintainers_org=ORG)
        for section, keys in (config or {}).items():
            self.config.setdefault(section, {}).update(keys)
        self.env = dict(os.environ, GITHUB_TOKEN=TOKEN, GITHUB_WEBHOOK_SECRET=SECRET,
                        GITHUB_OAUTH_SECRET=OAUTH_SECRET)
        self.gh = self.nd = None
        self.admin = {}

    def start(self):
        with open(self.cfg, "w") as f:
            for section, keys in self.config.items():
                f.write("[%s]\n" % section)
                f.writelines("%s = %s\n" % (k, toml(v)) for k, v in keys.items())
        self.start_standin()
        self.cli("migrate")
        if self.maintainer:
            self.cli("user", "add", USER, input=PASSWORD + "\n")
        self.start_newsdesk()
        if self.maintainer:
            status, body, headers = request(self.nd_port, "POST", "/api/v1/admin/login",
                                            {"username": USER, "password": PASSWORD})
            assert status == 200, body
            self.admin = {"Cookie": "nd_session=" + cookie_of(headers, "nd_session"),
                          "X-CSRF-Token": body["csrf_token"]}

    def cli(self, *args, input=None, check=True):
        """newsdesk COMMAND ARGS --config (its output: stdout and stderr)."""
        p = subprocess.run([NEWSDESK, *args, "--config", self.cfg], env=self.env,
                           input=(input or "").encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60)
        if check and p.returncode != 0:
            raise RuntimeError("newsdesk %s: %s" % (" ".join(args), p.stdout.decode()))
        return p.stdout.decode(errors="replace")

    def start_standin(self, github_user=None):
        """(Again, on the same port: github_user as another account id.)"""
        user = github_user or self.github_user
        args = [STANDIN, "--port", str(self.gh_port), "--token", TOKEN, "--seed", SEED,
                "--draft", DRAFT, "--webhook", "http://127.0.0.1:%d/webhooks/github" % self.nd_port,
                "--secret", SECRET, *self.standin_args]
        if user:
            args += ["--oauth", "%s:%s" % (OAUTH_ID, OAUTH_SECRET), "--user", "%s:%d" % user,
                     "--org", ORG]
        log = open(os.path.join(self.dir, "standin.log"), "a")
        self.gh = subprocess.Popen(args, stdout=log, stderr=log)

        def up():
            try:
                return request(self.gh_port, "GET", "/", timeout=2)[0] < 500
            except OSError:
                return False
        wait_until("the GitHub stand-in", up, 30)

    def start_newsdesk(self, preexec_fn=None):
        log = open(os.path.join(self.dir, "log"), "a")
        self.nd = subprocess.Popen([NEWSDESK, "serve", "--config", self.cfg], env=self.env,
                                   stdout=log, stderr=log, preexec_fn=preexec_fn)

        def up():
            try:
                return request(self.nd_port, "GET", "/healthz", timeout=2)[0] == 200
            except OSError:
                return False if self.nd.poll() is None else "exited"
        if wait_until("newsdesk", up, 30) == "exited":
            raise RuntimeError("newsdesk exited: " + self.log()[-2000:])

    def stop_newsdesk(self):
        """newsdesk's exit status (0: it stopped cleanly, and under the
        sanitizers found no memory error or leak)."""
        return stop_process(self.nd)

    def hang(self, on):
        """The stand-in leaves every API call unanswered (on), or lets them go."""
        self.gh.send_signal(signal.SIGUSR1 if on else signal.SIGUSR2)

    def log(self):
        with open(os.path.join(self.dir, "log"), errors="replace") as f:
            return f.read()

    def github_signin(self, purpose="admin", headers=None):
        """The whole trip: newsdesk's login, GitHub's authorize (the stand-in's
        browser user approves), the callback.  (status, headers) of the
        callback's answer."""
        h = dict(headers or {})
        status, _, hd = request(self.nd_port, "GET", "/auth/github/login?for=" + purpose,
                                headers=h)
        assert status == 302, status
        binding, at = cookie_of(hd, "nd_oauth"), header_of(hd, "Location")
        prefix = "http://127.0.0.1:%d" % self.gh_port
        assert at.startswith(prefix), at
        status, _, hd = request(self.gh_port, "GET", at[len(prefix):],
                                headers={"User-Agent": "browser"})
        back = header_of(hd, "Location")
        assert status == 302 and "/auth/github/callback?" in back, (status, back)
        h["Cookie"] = "nd_oauth=" + binding
        status, _, hd = request(self.nd_port, "GET", back[back.index("/auth/github/"):],
                                headers=h)
        return status, hd

    def stop(self):
        """newsdesk's exit status, as stop_newsdesk; the stand-in goes too."""
        rc = stop_process(self.nd)
        stop_process(self.gh)
        if rc != 0:
            sys.stdout.write(self.log()[-4000:])
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
