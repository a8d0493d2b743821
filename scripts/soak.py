#!/usr/bin/env python3
"""Mixed traffic for a long while, and the resident memory of each FastCGI process over it (issue 12, P4:
each process <= 20 MB "after an hour of mixed traffic").

Starts its own stack like scripts/bench.py (temporary directory, loopback ports, nginx without
`limit_req`, embedding budget off) and sends, from a few client threads, a steady mix:
  visits with UTM tags (30 %), repeated queries from a small set (35 %), new queries never asked
  before (10 %, each one embedding call), downloads of the newest tokens the matches gave (15 %, a fifth
  of them followed twice: 410), and requests that must be refused (10 %: malformed JSON, a forged token, an
  unknown API path).
Every `--sample-seconds` it prints VmRSS and VmHWM of match-fcgi and download-fcgi (as it goes:
a run stopped early keeps what it sampled), then the answers by status, and one line per process
with its RSS at the end and its peak.

Usage: scripts/soak.py [--minutes 60] [--rate 40] [--clients 4] [--sample-seconds 60] [--kind search|plain] [--keep]
"""
import argparse
import collections
import json
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, STACK, FIELDS, LEVELS, ROLES, free_port, start_stack, status_kb  # noqa: E402

REPEATED = ["%s %s %s" % (l, f, r) for l, f, r in
            [("senior", "backend", "engineer"), ("lead", "platform", "developer"), ("head of", "payments", "product manager"),
             ("staff", "data", "engineer"), ("associate", "growth", "product owner"), ("principal", "cloud", "architect")]]
SOURCES = [("linkedin", "social"), ("newsletter", "email"), ("github", "referral"), ("indeed", "jobs"), ("", "")]
WORDS = ["rust", "go", "kotlin", "fintech", "berlin", "remote", "hybrid", "saas", "b2b", "healthcare", "gaming",
         "series a", "startup", "enterprise", "api", "streaming", "ledger", "crm", "erp", "ai"]


class Client:
    """One visitor thread's HTTP calls against the stack, and what they were answered."""

    def __init__(self, base, tally, tokens, lock, rng):
        self.base, self.tally, self.tokens, self.lock, self.rng = base, tally, tokens, lock, rng

    def call(self, kind, path, body=None, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.base + path, data=data, method="POST" if data is not None else "GET")
        if data is not None:
            request.add_header("Content-Type", content_type)
        request.add_header("User-Agent", "Mozilla/5.0 (soak)")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, payload = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        except OSError as error:
            status, payload = "error " + type(error).__name__, b""
        with self.lock:
            self.tally[(kind, status)] += 1
        return status, payload

    def utm(self):
        source, medium = self.rng.choice(SOURCES)
        if not source:
            return ""
        return "?utm_source=%s&utm_medium=%s&utm_campaign=soak-%d" % (source, medium, self.rng.randrange(8))

    def match(self, kind, text):
        status, payload = self.call(kind, "/api/match" + self.utm(), json.dumps({"position": text}))
        if status == 200:
            answer = json.loads(payload)
            if answer.get("download"):
                with self.lock:
                    self.tokens.append(answer["download"])

    def one(self):
        roll = self.rng.random()
        if roll < 0.30:
            self.call("visit", "/api/visit" + self.utm(), json.dumps({"referrer": "https://www.linkedin.com/"}))
        elif roll < 0.65:
            self.match("match repeated", self.rng.choice(REPEATED))
        elif roll < 0.75:
            text = "%s %s %s %s %d" % (self.rng.choice(LEVELS), self.rng.choice(FIELDS), self.rng.choice(ROLES),
                                       self.rng.choice(WORDS), self.rng.randrange(10 ** 9))
            self.match("match new", text)
        elif roll < 0.90:
            with self.lock:
                url = self.tokens.pop() if self.tokens else None   # the newest: a visitor follows a fresh link
                del self.tokens[:-1000]
            if url:
                self.call("download", url)
                if self.rng.random() < 0.2:
                    self.call("download", url)       # the same link again: already used (410)
        else:
            bad = self.rng.randrange(3)
            if bad == 0:
                self.call("refused", "/api/match", '{"position": ')
            elif bad == 1:
                self.call("refused", "/api/download?token=eyJhbGciOiJub25lIn0.e30.")
            else:
                self.call("refused", "/api/nothing-here")


def rss(pid):
    return status_kb(pid, "VmRSS") / 1024, status_kb(pid, "VmHWM") / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--rate", type=float, default=40, help="requests per second, all clients together")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--sample-seconds", type=float, default=60)
    ap.add_argument("--kind", default="search", choices=["search", "plain"])
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--keep", action="store_true", help="keep the stack's directory (logs) after stopping it")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cvmatch-soak-"))
    work.chmod(0o755)
    template = work / "nginx-soak.conf"
    template.write_text("".join(l for l in (ROOT / "deploy" / "nginx.conf").read_text().splitlines(True)
                                if not l.strip().startswith("limit_req ")))
    port, embed_port = free_port(), free_port()
    env = start_stack(work, template, args.kind, port, embed_port, REDIS_MAXMEMORY="1gb")
    pids = work / "stack" / "pids"
    processes = {name: int((pids / ("%s.child" % short)).read_text()) for name, short in
                 (("match-fcgi", "match"), ("download-fcgi", "download"))}
    tally, tokens, lock = collections.Counter(), [], threading.Lock()
    stop = threading.Event()
    interval = args.clients / args.rate

    def client(n):
        visitor = Client("http://127.0.0.1:%d" % port, tally, tokens, lock, random.Random(args.seed + n))
        next_at = time.monotonic()
        while not stop.is_set():
            visitor.one()
            next_at += interval
            stop.wait(max(0.0, next_at - time.monotonic()))

    # SIGTERM ends the run like the clock does: the stack is stopped, what was sampled stays printed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("soak: stopped by SIGTERM"))
    try:
        print("soak: %.0f minutes, %.0f requests/s from %d clients, Redis %s, from %s UTC"
              % (args.minutes, args.rate, args.clients, args.kind, time.strftime("%Y-%m-%d %H:%M", time.gmtime())))
        print("minute   " + "".join("%-28s" % ("%s RSS (peak) MB" % n) for n in processes), flush=True)

        def sample(minute):
            values = {name: rss(pid) for name, pid in processes.items()}
            print("%6.1f   " % minute + "".join("%-28s" % ("%.1f (%.1f)" % values[n]) for n in processes), flush=True)
            return values

        last = sample(0.0)
        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
        for t in threads:
            t.start()
        began = time.monotonic()
        end = began + args.minutes * 60
        while time.monotonic() < end:
            time.sleep(min(args.sample_seconds, max(0.0, end - time.monotonic())))
            last = sample((time.monotonic() - began) / 60)
        stop.set()
        for t in threads:
            t.join(timeout=60)

        print("answers: " + ", ".join("%s %s: %d" % (kind, status, count) for (kind, status), count in sorted(
            tally.items(), key=lambda item: (item[0][0], str(item[0][1])))))
        print("requests: %d" % sum(tally.values()))
        for name in processes:
            now, peak = last[name]
            print("P4 after %.0f minutes of mixed traffic: %s %.1f MB, peak %.1f MB (goal <= 20) %s"
                  % (args.minutes, name, now, peak, "ok" if peak <= 20 else "short"))
    finally:
        stop.set()
        subprocess.run(STACK + ["stop"], env=env, capture_output=True, timeout=120)
        if args.keep:
            print("soak: logs kept in %s" % (work / "stack" / "logs"))
        else:
            subprocess.run(["rm", "-rf", str(work)])


if __name__ == "__main__":
    main()
