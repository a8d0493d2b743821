#!/usr/bin/env python3
"""Benchmark the whole request path with wrk and check it against issue 12's goals (P1–P5).

Starts its own stack (scripts/stack.sh) in a temporary directory on loopback ports, with nginx
rendered from deploy/nginx.conf minus the `limit_req` lines (a benchmark from one address would
otherwise measure the rate limiter) plus two baseline locations that exist only in the bench's
config (`return 200`, and the 200 KB PDF the download row serves, served statically), and the
embedding budget off. Every row is measured in the same run, so the ratios compare like with like:

  nginx `return 200`                      baseline of P1
  nginx static index.html                 for reference
  nginx static 200 KB PDF                 baseline of P3
  POST /api/match, cached query           P1 (ratio, p99), P5 (CPU per request, from /proc)
  GET /api/download, fresh token, 200 KB  P3
  distinct queries via /api/match, 1 conn P2, against the bare embedding server with the same texts
  peak RSS (VmHWM) of each FastCGI process after all rows: P4

It prints the table, the CPU milliseconds per cached match and per download of each process, the
FastCGI memory, then one line per goal: `P1 … ok|short`. The stack is stopped at the end.

Usage: scripts/bench.py [--seconds 10] [--connections 16] [--threads 2] [--kind search|plain]
                        [--http-port N] [--embed-port N] [--distinct-seconds 10]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "senior backend engineer"
PDF_NAME = "backend-developer.pdf"   # the "backend" position's PDF in config/positions.json
PDF_BYTES = 200 * 1024
TICKS = os.sysconf("SC_CLK_TCK")
TOKEN_SECONDS = 600   # CVMATCH_TOKEN_TTL's default: download-fcgi refuses a token claiming a longer life

# Extra locations of the bench's nginx only (inserted before the JSON API section).
BASELINES = """
    # ---- bench baselines (scripts/bench.py only) ----
    location = /bench/return200 {
        return 200;
    }
    location = /bench/static.pdf {
        alias /srv/cvmatch/pdf/%s;
        types { }
        default_type application/pdf;
    }

""" % PDF_NAME

# Titles for the distinct-query row: every combination is a different text.
LEVELS = ["junior", "senior", "lead", "principal", "staff", "head of", "chief", "associate", "mid-level",
          "entry level", "experienced", "remote"]
FIELDS = ["backend", "frontend", "data", "cloud", "security", "mobile", "payments", "search", "platform",
          "growth", "billing", "analytics", "infrastructure", "marketplace", "checkout", "identity",
          "logistics", "reporting", "compliance", "machine learning"]
ROLES = ["engineer", "developer", "product manager", "architect", "programmer", "product owner",
         "team lead", "consultant"]


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
    """Requests/s, p50 and p99 latency (ms), requests, non-2xx/3xx responses and socket errors."""
    def ms(value):
        found = re.match(r"([\d.]+)(us|ms|s|m)$", value)
        if not found:
            sys.exit("cannot read a wrk latency %r in:\n%s" % (value, text))
        number, unit = found.groups()
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    count = int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return dict(rps=rps, p50=p50, p99=p99, count=count, bad=int(bad.group(1)) if bad else 0,
                errors=errors.group(1) if errors else "")


def wrk(args, url, script=None, threads=None, connections=None, seconds=None):
    seconds = seconds or args.seconds
    cmd = ["wrk", "--latency", "-t", str(threads or args.threads), "-c", str(connections or args.connections),
           "-d", "%ds" % seconds]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 60)
    if out.returncode != 0:
        sys.exit("wrk failed: " + out.stderr)
    return parse_wrk(out.stdout)


def line_script(path, lines_file, threads, method, body_lines):
    """A wrk script whose threads take turns over the lines of a file: the n-th request of a thread
    sends its n-th line, as the body (POST) or after the path (GET)."""
    request = ('return wrk.format("POST", "%s", {["Content-Type"] = "application/json"}, line)' % path
               if body_lines else 'return wrk.format("%s", "%s" .. line)' % (method, path))
    script = lines_file.with_suffix(".lua")
    script.write_text("""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  lines = {}
  local n = 0
  for line in io.lines("%s") do
    n = n + 1
    if n %% %d == id - 1 then lines[#lines + 1] = line end
  end
  next_line = 1
end
function request()
  local line = lines[next_line]
  next_line = next_line %% #lines + 1
  %s
end
""" % (lines_file, threads, request))
    return script


def cpu_ticks(pid):
    """utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat)."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def status_kb(pid, field):
    for line in Path("/proc/%d/status" % pid).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def stack_processes(stack_dir):
    """Process name -> pids of the stack (nginx: master and workers)."""
    pids = stack_dir / "pids"
    def read(name):
        f = pids / name
        return int(f.read_text().strip()) if f.exists() and f.read_text().strip() else None
    nginx = read("nginx.pid")
    return {
        "match-fcgi": [read("match.child")],
        "download-fcgi": [read("download.child")],
        "redis": [read("redis.pid")],
        "nginx": [nginx] + children(nginx),
        "embedding server": [read("embed.pid")],
    }


STACK = [str(ROOT / "scripts" / "stack.sh")]


def start_stack(work, template, kind, port, embed_port, **extra):
    """Starts scripts/stack.sh in `work`/stack on loopback `port` with nginx rendered from
    `template`, Redis of `kind`, the embedding budget off and the caller's other CVMATCH_* settings
    dropped (`extra`: more variables); returns its environment, which `stack.sh stop` needs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    env.update(STACK_DIR=str(work / "stack"), HTTP_PORT=str(port), EMBED_PORT=str(embed_port),
               REDIS_KIND=kind, NGINX_TEMPLATE=str(template),
               CVMATCH_EMBED_BUDGET_PER_HOUR="0", CVMATCH_EMBED_BUDGET_PER_DAY="0", **extra)
    started = subprocess.run(STACK + ["start"], env=env, capture_output=True, text=True, timeout=300)
    if started.returncode != 0:
        subprocess.run(STACK + ["stop"], env=env, capture_output=True, timeout=120)
        sys.exit("%s: stack did not start:\n%s%s" % (Path(sys.argv[0]).name, started.stdout, started.stderr))
    return env


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--distinct-seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--kind", default="search", choices=["search", "plain"])
    ap.add_argument("--http-port", type=int, default=0, help="nginx port (default: a free one)")
    ap.add_argument("--embed-port", type=int, default=0, help="embedding server port (default: a free one)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cvmatch-bench-"))
    work.chmod(0o755)
    template = work / "nginx-bench.conf"
    text = "".join(l for l in (ROOT / "deploy" / "nginx.conf").read_text().splitlines(True)
                   if not l.strip().startswith("limit_req "))
    anchor = "    # ---- JSON API"
    if anchor not in text:
        sys.exit("bench: deploy/nginx.conf has no %r line to put the baseline locations before" % anchor.strip())
    template.write_text(text.replace(anchor, BASELINES + anchor, 1))
    port = args.http_port or free_port()
    embed_port = args.embed_port or free_port()
    env = start_stack(work, template, args.kind, port, embed_port)
    stack_dir = work / "stack"
    base = "http://127.0.0.1:%d" % port
    try:
        # The download row's PDF, padded to 200 KB (bytes after %%EOF are ignored by PDF readers).
        pdf = stack_dir / "pdf" / PDF_NAME
        content = pdf.read_bytes()
        pdf.write_bytes(content + b"\n%" + b"0" * max(0, PDF_BYTES - len(content) - 3) + b"\n")

        # Warm the embedding cache so the match row measures the cached path.
        request = urllib.request.Request(base + "/api/match", data=json.dumps({"position": QUERY}).encode(),
                                         headers={"Content-Type": "application/json"})
        answer = json.load(urllib.request.urlopen(request, timeout=30))
        assert answer["matched"], answer

        match_lua = work / "match.lua"
        match_lua.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                             'wrk.body = %s\n' % json.dumps(json.dumps({"position": QUERY})))

        # One fresh token per download request: wrk threads take their share of a token file.
        kid, secret = [l.split() for l in (stack_dir / "etc" / "token-keys").read_text().splitlines()
                       if l.strip() and not l.startswith("#")][-1][:2]
        now = int(time.time())
        tokens = work / "tokens.txt"
        with tokens.open("w") as f:
            for _ in range(400_000):
                f.write(sign(kid, secret, {"pos": "backend", "jti": b64url(secrets.token_bytes(16)),
                                           "iat": now, "exp": now + TOKEN_SECONDS}) + "\n")
        download_lua = line_script("/api/download?token=", tokens, args.threads, "GET", False)

        # Distinct queries: the same titles, in the same order, through /api/match and to the bare server.
        titles = ["%s %s %s" % (l, f, r) for r in ROLES for f in FIELDS for l in LEVELS]
        match_bodies = work / "distinct-match.txt"
        match_bodies.write_text("".join(json.dumps({"position": t}) + "\n" for t in titles))
        embed_bodies = work / "distinct-embed.txt"
        embed_bodies.write_text("".join(json.dumps({"model": "multilingual-e5-small", "input": t,
                                                    "encoding_format": "float"}) + "\n" for t in titles))
        distinct_match_lua = line_script("/api/match", match_bodies, 1, "POST", True)
        distinct_embed_lua = line_script("/v1/embeddings", embed_bodies, 1, "POST", True)

        rows = {}
        rows["return200"] = ("nginx `return 200` (baseline P1)", wrk(args, base + "/bench/return200"))
        rows["index"] = ("nginx static index.html", wrk(args, base + "/"))
        rows["pdf"] = ("nginx static 200 KB PDF (baseline P3)", wrk(args, base + "/bench/static.pdf"))

        processes = stack_processes(stack_dir)

        def measured(row, title, url, script):
            """Runs the row; returns each process's CPU milliseconds per request of it."""
            before = {name: sum(cpu_ticks(p) for p in pids if p) for name, pids in processes.items()}
            rows[row] = (title, wrk(args, url, script))
            after = {name: sum(cpu_ticks(p) for p in pids if p) for name, pids in processes.items()}
            return {name: (after[name] - before[name]) * 1000.0 / TICKS / rows[row][1]["count"] for name in processes}

        cpu = measured("match", "POST /api/match, cached query", base + "/api/match", match_lua)
        download_cpu = measured("download", "GET /api/download, fresh token, 200 KB", base + "/api/download",
                                download_lua)
        # The bare server first: the match row then embeds texts the server has seen (it keeps no cache).
        rows["embed"] = ("distinct queries, bare embedding server, 1 conn",
                         wrk(args, "http://127.0.0.1:%d/v1/embeddings" % embed_port, distinct_embed_lua,
                             threads=1, connections=1, seconds=args.distinct_seconds))
        rows["distinct"] = ("distinct queries via /api/match, 1 conn",
                            wrk(args, base + "/api/match", distinct_match_lua, threads=1, connections=1,
                                seconds=args.distinct_seconds))
        if rows["distinct"][1]["count"] >= len(titles):
            print("warning: the distinct row wrapped around its %d titles; later ones were cached" % len(titles))

        memory = {}
        for name in ("match-fcgi", "download-fcgi"):
            pid = processes[name][0]
            memory[name] = (status_kb(pid, "VmHWM"), status_kb(pid, "VmRSS"))

        ratio_to = {"return200": "return200", "index": "return200", "pdf": "return200", "match": "return200",
                    "download": "pdf", "embed": "embed", "distinct": "embed"}
        print("wrk -t%d -c%d -d%ds (distinct rows -t1 -c1 -d%ds), Redis %s, %d cores, %s"
              % (args.threads, args.connections, args.seconds, args.distinct_seconds, args.kind, os.cpu_count(),
                 time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())))
        print("%-48s %10s %8s %-10s %8s %8s %8s" % ("scenario", "req/s", "ratio", "of", "p50 ms", "p99 ms", "non-2xx"))
        for key, (name, r) in rows.items():
            of = ratio_to[key]
            print("%-48s %10.0f %8.3f %-10s %8.2f %8.2f %8d %s"
                  % (name, r["rps"], r["rps"] / rows[of][1]["rps"], of, r["p50"], r["p99"], r["bad"], r["errors"]))
        print("CPU ms per cached match: " + ", ".join("%s %.3f" % (n, v) for n, v in cpu.items())
              + ", all %.3f" % sum(cpu.values()))
        print("CPU ms per download: " + ", ".join("%s %.3f" % (n, v) for n, v in download_cpu.items())
              + ", all %.3f" % sum(download_cpu.values()))
        print("FastCGI memory after the run: " + ", ".join("%s peak %.1f MB (now %.1f MB)" % (n, hwm / 1024, rss / 1024)
                                                         for n, (hwm, rss) in memory.items()))

        def verdict(ok):
            return "ok" if ok else "short"
        m, d, e = rows["match"][1], rows["distinct"][1], rows["embed"][1]
        p1 = m["rps"] / rows["return200"][1]["rps"]
        p2 = d["rps"] / e["rps"]
        p3 = rows["download"][1]["rps"] / rows["pdf"][1]["rps"]
        peak = max(hwm for hwm, _ in memory.values()) / 1024
        total_cpu = sum(v for n, v in cpu.items() if n != "embedding server")
        clean = all(r["bad"] == 0 and not r["errors"] for _, r in rows.values())
        def answered(*keys):   # a row with errors measured something else than its path
            return all(rows[k][1]["bad"] == 0 and not rows[k][1]["errors"] for k in keys)
        print("P1 cached match %.3f x return 200 (goal >= 0.10), p99 %.1f ms (goal <= 10) %s"
              % (p1, m["p99"], verdict(p1 >= 0.10 and m["p99"] <= 10 and answered("match", "return200"))))
        print("P2 distinct queries %.3f x bare embedder (goal >= 0.95), p50 %+.2f ms (goal <= +1) %s"
              % (p2, d["p50"] - e["p50"], verdict(p2 >= 0.95 and d["p50"] - e["p50"] <= 1.0 and answered("distinct", "embed"))))
        print("P3 download %.3f x static PDF (goal >= 0.40) %s" % (p3, verdict(p3 >= 0.40 and answered("download", "pdf"))))
        print("P4 FastCGI peak RSS %.1f MB (goal <= 20) %s" % (peak, verdict(peak <= 20)))
        print("P5 CPU per cached match %.3f ms, all processes (goal <= 0.25) %s" % (total_cpu, verdict(total_cpu <= 0.25)))
        if not clean:
            print("note: some rows had non-2xx answers or socket errors (see the table)")
    finally:
        subprocess.run(STACK + ["stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
