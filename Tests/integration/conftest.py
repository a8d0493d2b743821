"""Integration test fixtures: each test session starts its own cvmatch stacks (scripts/stack.sh)
in their own directories on free loopback ports, so a `make run` stack can stay up meanwhile.

Environment:
  CVMATCH_TEST_DIR      base directory (default /tmp/cvmatch-it); each session uses its own
                        session-<pid>/ below it (so sessions may run concurrently), linked as
                        latest/, and left in place for inspection (logs/, screenshot-*.png);
                        directories of finished sessions are removed when the next one starts
  CVMATCH_TEST_BIN_DIR  directory with match-fcgi, download-fcgi, cvctl (default .build/release)
  CVMATCH_TEST_KINDS    comma-separated Redis kinds to test (default "plain,search")
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
STACK_SH = ROOT / "scripts" / "stack.sh"
TEST_DIR = Path(os.environ.get("CVMATCH_TEST_DIR", "/tmp/cvmatch-it"))
BIN_DIR = Path(os.environ.get("CVMATCH_TEST_BIN_DIR", ROOT / ".build" / "release"))
KINDS = [k for k in os.environ.get("CVMATCH_TEST_KINDS", "plain,search").split(",") if k]
UTM = {"utm_source": "it-test", "utm_medium": "pytest", "utm_campaign": "integration", "ref": "ci"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fastcgi_request(sock_path, params, body=b"", timeout=15, decode=json.loads):
    """One request straight to a FastCGI socket (no nginx): `params` are the FastCGI parameters,
    `body` the request body; returns (status, body decoded by `decode`, JSON by default)."""
    def record(kind, content):
        return struct.pack(">BBHHBx", 1, kind, 1, len(content), 0) + content

    def length(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)

    pairs = b"".join(length(len(k)) + length(len(v.encode())) + k.encode() + v.encode() for k, v in params.items())
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(timeout)
        s.connect(str(sock_path))
        s.sendall(record(1, struct.pack(">HB5x", 1, 0)) + record(4, pairs) + record(4, b"")
                  + (record(5, body) if body else b"") + record(5, b""))
        data, out = b"", b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    while len(data) >= 8:
        _, kind, _, size, pad = struct.unpack(">BBHHBx", data[:8])
        if kind == 6:
            out += data[8:8 + size]
        data = data[8 + size + pad:]
    head, _, payload = out.partition(b"\r\n\r\n")
    return int(head.split(b"\r\n")[0].split()[1]), decode(payload)


class Stack:
    """One running stack (Redis kind, ports, directory) and helpers to talk to it."""

    def __init__(self, kind: str, directory: Path):
        self.kind = kind
        self.dir = directory
        self.http_port = free_port()
        self.embed_port = free_port()
        self.base = "http://127.0.0.1:%d" % self.http_port
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
        self.env.update(STACK_DIR=str(directory), HTTP_PORT=str(self.http_port),
                        EMBED_PORT=str(self.embed_port), REDIS_KIND=kind, BIN_DIR=str(BIN_DIR))
        self.issued_tokens = []
        self.http = requests.Session()

    # -- control ---------------------------------------------------------------------------
    def sh(self, *args, timeout=180):
        r = subprocess.run([str(STACK_SH), *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise AssertionError("stack.sh %s failed (%d):\n%s\n%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r.stdout

    def start(self):
        return self.sh("start")

    def stop(self):
        return self.sh("stop")

    def pid(self, service: str) -> int:
        return int((self.dir / "pids" / (service + ".pid")).read_text().strip())

    def log(self, name: str) -> str:
        p = self.dir / "logs" / name
        return p.read_text(errors="replace") if p.exists() else ""

    # -- configuration ------------------------------------------------------------------------
    def token_keys(self):
        keys = []
        for line in (self.dir / "etc" / "token-keys").read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                kid, secret = line.split()[:2]
                keys.append((kid, secret))
        return keys

    def admin_auth(self):
        return ("admin", (self.dir / "etc" / "admin-password").read_text().strip())

    # -- HTTP --------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path

    def post_match(self, position, params=None, retry_429=True, **kw):
        """POST /api/match with a JSON body; waits out nginx's rate limit unless told not to."""
        body = kw.pop("data", None)
        headers = kw.pop("headers", {"Content-Type": "application/json"})
        if body is None:
            body = json.dumps({"position": position})
        for _ in range(10):
            r = self.http.post(self.url("/api/match"), params=params, data=body, headers=headers,
                               timeout=kw.pop("timeout", 15), **kw)
            if r.status_code != 429 or not retry_429:
                break
            time.sleep(1.0)
        if r.status_code == 200 and r.headers.get("Content-Type", "").startswith("application/json"):
            tok = r.json().get("token")
            if tok:
                self.issued_tokens.append(tok)
        return r

    def match_token(self, position="backend developer", params=None):
        r = self.post_match(position, params=params)
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["matched"] is True, data
        return data

    def download(self, token=None, url=None, method="GET"):
        """GET or HEAD a download URL; waits out nginx's rate limit (a 429 never reaches the app)."""
        if url is None:
            url = "/api/download?token=" + token
        for _ in range(10):
            r = requests.request(method, self.url(url), timeout=15, allow_redirects=False)
            if r.status_code != 429:
                break
            time.sleep(1.0)
        return r

    # -- tokens made by the test itself --------------------------------------------------------
    def sign(self, claims: dict, kid=None, secret=None, alg="HS256", header=None):
        keys = self.token_keys()
        if kid is None or secret is None:
            k, s = keys[-1]
            kid = k if kid is None else kid
            secret = s if secret is None else secret
        head = header if header is not None else {"alg": alg, "typ": "JWT", "kid": kid}
        signing_input = b64url(json.dumps(head, separators=(",", ":")).encode()) + "." + \
            b64url(json.dumps(claims, separators=(",", ":")).encode())
        digest = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}.get(alg, hashlib.sha256)
        sig = b"" if alg == "none" else hmac.new(secret.encode(), signing_input.encode(), digest).digest()
        return signing_input + "." + b64url(sig)

    @staticmethod
    def claims(pos="backend", lifetime=600, now=None):
        now = int(time.time()) if now is None else now
        return {"pos": pos, "jti": b64url(secrets.token_bytes(16)), "iat": now, "exp": now + lifetime}

    def redis_cli(self, *args) -> str:
        r = subprocess.run(["redis-cli", "-s", str(self.dir / "redis" / "redis.sock"), *args],
                           capture_output=True, text=True, timeout=10)
        return r.stdout


def _need_binaries():
    missing = [b for b in ("match-fcgi", "download-fcgi", "cvctl") if not (BIN_DIR / b).exists()]
    if missing:
        pytest.fail("missing binaries in %s: %s (run: make build)" % (BIN_DIR, ", ".join(missing)))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path("/proc/%d/status" % pid).read_text().split("State:")[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True


@pytest.fixture(scope="session")
def test_dir():
    TEST_DIR.mkdir(parents=True, exist_ok=True)
    TEST_DIR.chmod(0o755)
    # clean up after finished (or killed) sessions; never touch a live one
    for old in TEST_DIR.glob("session-*"):
        try:
            pid = int(old.name.split("-", 1)[1])
        except ValueError:
            continue
        if pid == os.getpid() or _pid_alive(pid):
            continue
        for kind_dir in old.iterdir():
            if (kind_dir / "pids").is_dir():
                subprocess.run([str(STACK_SH), "stop"], env={**os.environ, "STACK_DIR": str(kind_dir)},
                               capture_output=True, timeout=60)
        shutil.rmtree(old, ignore_errors=True)
    session = TEST_DIR / ("session-%d" % os.getpid())
    if session.exists():
        shutil.rmtree(session)
    session.mkdir()
    session.chmod(0o755)
    latest = TEST_DIR / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(session.name)
    except OSError:
        pass
    return session


@pytest.fixture(scope="session", params=KINDS)
def stack(request, test_dir):
    """A running stack per Redis kind (plain Debian redis-server, or Redis 8 + RediSearch).

    Session scope: pytest runs all tests of one kind, then stops that stack and starts the next.
    """
    _need_binaries()
    st = Stack(request.param, test_dir / request.param)
    t0 = time.time()
    st.start()
    print("\nstack %s up in %.1f s on %s" % (st.kind, time.time() - t0, st.base))
    yield st
    st.stop()
