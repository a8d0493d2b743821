#!/usr/bin/env python3
"""Benchmark the whole request path with wrk, as ratios against nginx serving a static file in the
same run (absolute numbers depend on the machine; the ratios carry over).

Starts its own stack (scripts/stack.sh) in a temporary directory on free loopback ports, with
nginx rendered from deploy/nginx.conf minus the `limit_req` lines (a benchmark from one address
would otherwise measure the rate limiter), runs each scenario, prints a table and stops the stack.

Usage: scripts/bench.py [--seconds 10] [--connections 16] [--threads 2] [--kind search|plain]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "senior backend engineer"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(kid, secret, claims):
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(secret.encode(), (head + "." + body).encode(), hashlib.sha256).digest()
    return head + "." + body + "." + b64url(sig)


def parse_wrk(text):
    """Requests/s, p50 and p99 latency (ms), and non-2xx/3xx responses from `wrk --latency`."""
    def ms(value):
        found = re.match(r"([\d.]+)(us|ms|s|m)$", value)
        if not found:
            sys.exit("cannot read a wrk latency %r in:\n%s" % (value, text))
        number, unit = found.groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return rps, p50, p99, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def wrk(args, url, script=None, env=None):
    cmd = ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections), "-d", "%ds" % args.seconds]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, env=env, timeout=args.seconds + 60)
    if out.returncode != 0:
        sys.exit("wrk failed: " + out.stderr)
    return parse_wrk(out.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--kind", default="search", choices=["search", "plain"])
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cvmatch-bench-"))
    work.chmod(0o755)
    template = work / "nginx-bench.conf"
    template.write_text("".join(l for l in (ROOT / "deploy" / "nginx.conf").read_text().splitlines(True)
                                if not l.strip().startswith("limit_req ")))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    env.update(STACK_DIR=str(work / "stack"), HTTP_PORT=str(port), EMBED_PORT=str(free_port()),
               REDIS_KIND=args.kind, NGINX_TEMPLATE=str(template))
    stack = [str(ROOT / "scripts" / "stack.sh")]
    subprocess.run(stack + ["start"], env=env, check=True, capture_output=True, timeout=300)
    base = "http://127.0.0.1:%d" % port
    try:
        # Warm the embedding cache so the match scenario measures the cached path.
        request = urllib.request.Request(base + "/api/match", data=json.dumps({"position": QUERY}).encode(),
                                         headers={"Content-Type": "application/json"})
        answer = json.load(urllib.request.urlopen(request, timeout=30))
        assert answer["matched"], answer

        match_lua = work / "match.lua"
        match_lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                             'wrk.body = %s\n' % json.dumps(json.dumps({"position": QUERY})))

        # One fresh token per download request: wrk threads take their share of a token file.
        kid, secret = [l.split() for l in (work / "stack" / "etc" / "token-keys").read_text().splitlines()
                       if l.strip() and not l.startswith("#")][-1][:2]
        now = int(time.time())
        count = 400_000
        tokens = work / "tokens.txt"
        with tokens.open("w") as f:
            for _ in range(count):
                f.write(sign(kid, secret, {"pos": "backend", "jti": b64url(secrets.token_bytes(16)),
                                           "iat": now, "exp": now + 3600}) + "\n")
        download_lua = work / "download.lua"
        download_lua.write_text("""
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  tokens = {}
  local n = 0
  for line in io.lines("%s") do
    n = n + 1
    if n %% %d == id - 1 then tokens[#tokens + 1] = line end
  end
  next_token = 1
end
function request()
  local token = tokens[next_token]
  next_token = next_token + 1
  return wrk.format("GET", "/api/download?token=" + token)
end
""".replace('"/api/download?token=" + token', '"/api/download?token=" .. token') % (tokens, args.threads))

        rows = [
            ("nginx static index.html (baseline)", wrk(args, base + "/")),
            ("POST /api/match, cached query", wrk(args, base + "/api/match", match_lua)),
            ("GET /api/download, fresh token each", wrk(args, base + "/api/download", download_lua)),
        ]
        baseline = rows[0][1][0]
        print("wrk -t%d -c%d -d%ds, Redis %s, %d cores" % (args.threads, args.connections, args.seconds,
                                                            args.kind, os.cpu_count()))
        print("%-42s %10s %8s %9s %9s %8s" % ("scenario", "req/s", "ratio", "p50 ms", "p99 ms", "non-2xx"))
        for name, (rps, p50, p99, bad, errors) in rows:
            print("%-42s %10.0f %8.3f %9.2f %9.2f %8d %s" % (name, rps, rps / baseline, p50, p99, bad, errors))
    finally:
        subprocess.run(stack + ["stop"], env=env, capture_output=True, timeout=120)


if __name__ == "__main__":
    main()
