#!/usr/bin/env python3
"""make chaos: the fault matrix of issue 10 against a stack of its own (scripts/stack.sh, own
directory and loopback ports), each fault bounded in time. Prints one row per fault (what was
injected, what visitors got: status counts and p99, what was counted, verdict) and, last,
`N passed, N failed`. Exit status 1 when a fault failed.

Environment: CHAOS_DIR (default /tmp/cvmatch-chaos), REDIS_KIND (default search), BIN_DIR.
"""
import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "integration"))

from conftest import Stack  # noqa: E402
from test_reliability import counters, raw_request, stream_requests, timed_request  # noqa: E402

ROWS = []


def p99(values):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


class Tally:
    """Statuses and latencies of one kind of request during a fault."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.latencies = []
        self.bodies = []

    def add(self, status, elapsed, body=b""):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(elapsed)
            self.bodies.append((status, body))

    def text(self):
        codes = " ".join("%d×%d" % (n, s) for s, n in sorted(self.statuses.items()))
        return "%s p99 %.0f ms" % (codes or "none", p99(self.latencies) * 1000)

    def only(self, *allowed):
        return set(self.statuses) <= set(allowed)

    def json_errors(self):
        """Every error answer was JSON with error and detail."""
        for status, body in self.bodies:
            if status >= 400:
                try:
                    answer = json.loads(body)
                    if not (answer.get("error") and answer.get("detail")):
                        return False
                except ValueError:
                    return False
        return True


def run_for(seconds, workers):
    """Runs each (function, pause) in its own thread in a loop for `seconds`."""
    stop = time.time() + seconds

    def loop(fn, pause):
        n = 0
        while time.time() < stop:
            try:
                fn(n)
            except OSError:
                pass
            n += 1
            time.sleep(pause)

    threads = [threading.Thread(target=loop, args=w) for w in workers]
    for t in threads:
        t.start()
    return threads


def join(threads):
    for t in threads:
        t.join(60)


def row(fault, got, counted, ok):
    ROWS.append((fault, got, counted, "pass" if ok else "FAIL"))
    print("%-34s | %-58s | %-40s | %s" % (fault, got, counted, "pass" if ok else "FAIL"), flush=True)


# -- the faults ---------------------------------------------------------------------------------

def cached(stack, tally, ip):
    def fn(_):
        s, e, b = timed_request(stack, ip, "POST", "/api/match", {"position": "product manager"})
        tally.add(s, e, b)
    return fn


def visits(stack, tally, source, ip="127.0.0.4"):
    def fn(n):
        s, e, b = timed_request(stack, ip, "POST", "/api/visit?utm_source=" + source,
                                headers={"User-Agent": "Mozilla/5.0 chaos %s %d" % (source, n)})
        tally.add(s, e, b)
    return fn


def uncached(stack, tally, base_ip):
    def fn(n):
        s, e, b = timed_request(stack, "127.0.0.%d" % (base_ip + n % 20), "POST", "/api/match",
                                {"position": "chaos query %d %d" % (n, time.time_ns())})
        tally.add(s, e, b)
    return fn


def embedder_stopped(stack):
    pid = stack.pid("embed")
    unc, cac, vis = Tally(), Tally(), Tally()
    os.kill(pid, signal.SIGSTOP)
    try:
        threads = [threading.Thread(target=uncached(stack, unc, 20), args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        join(threads + run_for(3.0, [(cached(stack, cac, "127.0.0.3"), 0.25),
                                     (visits(stack, vis, "chaos-embed", "127.0.0.4"), 0.07)]))
    finally:
        os.kill(pid, signal.SIGCONT)
    ok = unc.only(503) and max(unc.latencies) <= 2.7 and cac.only(200) and vis.only(204) \
        and p99(cac.latencies) <= 0.050 and p99(vis.latencies) <= 0.020
    row("embedder stopped (SIGSTOP), 20 new", "new %s; cached %s; visit %s" % (unc.text(), cac.text(), vis.text()),
        "-", ok)


def embedder_killed(stack):
    unc, cac = Tally(), Tally()
    time.sleep(5.5)   # the breaker from the previous fault has let a probe through by now
    stack.sh("stop-service", "embed")
    try:
        join(run_for(3.0, [(uncached(stack, unc, 50), 0.2), (cached(stack, cac, "127.0.1.3"), 0.25)]))
    finally:
        stack.sh("start-service", "embed")
    ok = unc.only(503) and max(unc.latencies) <= 2.7 and cac.only(200) and unc.json_errors()
    row("embedder killed", "new %s; cached %s" % (unc.text(), cac.text()), "-", ok)


def embedder_slow(stack):
    """The embedder freezes 1.5 s out of every 2 s."""
    pid = stack.pid("embed")
    unc, cac = Tally(), Tally()
    time.sleep(5.5)
    stop = time.time() + 6.0

    def flap():
        while time.time() < stop:
            os.kill(pid, signal.SIGSTOP)
            time.sleep(1.5)
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.5)

    flapper = threading.Thread(target=flap)
    flapper.start()
    try:
        join(run_for(6.0, [(uncached(stack, unc, 80), 0.3), (cached(stack, cac, "127.0.2.3"), 0.25)]))
    finally:
        flapper.join()
        os.kill(pid, signal.SIGCONT)
    ok = unc.only(200, 503) and max(unc.latencies) <= 2.7 and cac.only(200) and p99(cac.latencies) <= 0.050
    row("embedder slow (frozen 75%)", "new %s; cached %s" % (unc.text(), cac.text()), "-", ok)


def redis_paused(stack):
    source = "chaos-pause-%d" % time.time_ns()
    params = {"utm_source": source}
    tokens = [stack.match_token(params=params)["download"] for _ in range(12)]
    before = counters(stack, source)
    dl, vis = Tally(), Tally()
    first = {}

    def download(n):
        if n < len(tokens):
            s, e, b = timed_request(stack, "127.0.0.5", "GET", tokens[n])
            dl.add(s, e, b)
            first[tokens[n]] = (s, b)

    threads = run_for(4.0, [(download, 0.25), (visits(stack, vis, source, "127.0.0.6"), 0.05)])
    time.sleep(1.0)
    pid = stack.pid("redis")
    os.kill(pid, signal.SIGSTOP)
    time.sleep(2.0)
    os.kill(pid, signal.SIGCONT)
    join(threads)
    time.sleep(1.0)
    refused_unserved = 0
    served = sum(1 for s, _ in first.values() if s == 200)
    for url, (status, body) in first.items():
        if status == 503:
            s, _, _ = timed_request(stack, "127.0.0.7", "GET", url)
            if s == 200:
                served += 1
            elif b"search again" not in body.lower():
                refused_unserved += 1
    counted = counters(stack, source)
    for kind, n in before.items():
        counted[kind] -= n
    ids = [rid for _, rid in stream_requests(stack, source)]
    ok = counted["download"] == served and counted["visit"] == vis.statuses[204] and len(ids) == len(set(ids)) \
        and refused_unserved == 0 and dl.only(200, 503) and vis.only(204, 503)
    row("redis paused 2 s (SIGSTOP)", "download %s; visit %s" % (dl.text(), vis.text()),
        "downloads %d/%d served, visits %d/%d" % (counted["download"], served, counted["visit"], vis.statuses[204]), ok)


def redis_killed(stack):
    used = stack.match_token()["download"]
    s, _, _ = timed_request(stack, "127.0.0.8", "GET", used)
    cac, vis = Tally(), Tally()
    threads = run_for(5.0, [(cached(stack, cac, "127.0.0.9"), 0.25), (visits(stack, vis, "chaos-kill", "127.0.0.10"), 0.1)])
    time.sleep(1.0)
    os.kill(stack.pid("redis"), signal.SIGKILL)
    time.sleep(0.5)
    stack.sh("stop-service", "redis")
    stack.sh("start-service", "redis")
    join(threads)
    after, _, _ = timed_request(stack, "127.0.0.8", "GET", used)
    back = timed_request(stack, "127.0.0.11", "POST", "/api/match", {"position": "product manager"})[0]
    ok = s == 200 and after == 410 and back == 200 and cac.only(200, 503) and vis.only(204, 503) and cac.json_errors()
    row("redis killed (SIGKILL) + restarted", "cached %s; visit %s" % (cac.text(), vis.text()),
        "spent token still spent: %s" % (after == 410), ok)


def redis_full(stack):
    client = ["CONFIG", "SET", "maxmemory"]
    used = int([l for l in stack.redis_cli("INFO", "memory").splitlines() if l.startswith("used_memory:")][0].split(":")[1])
    source = "chaos-full-%d" % time.time_ns()
    stack.redis_cli(*client, str(used))
    vis, cac = Tally(), Tally()
    try:
        join(run_for(2.0, [(visits(stack, vis, source, "127.0.0.12"), 0.1), (cached(stack, cac, "127.0.0.13"), 0.25)]))
    finally:
        stack.redis_cli(*client, "256mb")
    counted = counters(stack, source)
    ok = vis.only(204, 503) and cac.only(200, 503) and vis.json_errors() and counted["visit"] == vis.statuses[204]
    row("redis full (maxmemory reached)", "visit %s; cached %s" % (vis.text(), cac.text()),
        "visits %d counted / %d answered 204" % (counted["visit"], vis.statuses[204]), ok)


def fastcgi_killed(stack):
    vis = Tally()
    threads = run_for(3.0, [(visits(stack, vis, "chaos-fcgi", "127.0.0.14"), 0.05)])
    time.sleep(1.0)
    os.kill(int((stack.dir / "pids" / "match.child").read_text()), signal.SIGKILL)
    deadline = time.time() + 10
    restarted = False
    while time.time() < deadline:   # does anything bring it back by itself?
        try:
            if timed_request(stack, "127.0.0.15", "POST", "/api/visit",
                             headers={"User-Agent": "Mozilla/5.0 probe"})[0] == 204:
                restarted = True
                break
        except OSError:
            pass
        time.sleep(0.5)
    join(threads)
    if not restarted:
        stack.sh("stop-service", "match")
        stack.sh("start-service", "match")
    vis.statuses.pop("connection error", None)
    row("match-fcgi killed (SIGKILL)", "visit %s" % vis.text(),
        "restarted by itself: %s" % restarted, restarted and vis.json_errors())


def fastcgi_restarted(stack):
    dl = Tally()
    tokens = [stack.match_token()["token"] for _ in range(15)]

    def downloads(ip):
        def download(n):
            token = tokens[n] if n < len(tokens) and ip.endswith(".16") else "x.y.z"
            s, e, b = timed_request(stack, ip, "GET", "/api/download?token=" + token)
            dl.add(s, e, b)
        return download

    # under nginx's 20 r/s per address: every request reaches download-fcgi
    threads = run_for(3.0, [(downloads("127.0.0.%d" % (16 + i)), 0.06) for i in range(4)])
    time.sleep(1.0)
    stack.sh("restart-service", "download")
    join(threads)
    lost = dl.statuses[503] + dl.statuses[502]
    row("download-fcgi restarted under load", "download %s" % dl.text(), "%d requests failed" % lost,
        lost == 0 and dl.json_errors())


def clock_skew(stack):
    now = int(time.time())
    cases = {
        "exp 3 s ago (within app skew)": (stack.claims(now=now - 300, lifetime=297), 410),
        "iat 1 h ahead": (stack.claims(now=now + 3600), 403),
        "exp in year 3000": (stack.claims(now=now, lifetime=32503680000 - now), 403),
    }
    got, ok = [], True
    for name, (claims, expected) in cases.items():
        s = timed_request(stack, "127.0.0.17", "GET", "/api/download?token=" + stack.sign(claims))[0]
        spent = stack.redis_cli("EXISTS", "cvm:used:" + claims["jti"]).strip() != "0"
        got.append("%d" % s)
        ok = ok and s == expected and not spent
    row("clock skew / forged lifetimes", "statuses %s (want 410 403 403)" % " ".join(got), "none spent", ok)


def utm_flood(stack):
    def used():
        return int([l for l in stack.redis_cli("INFO", "memory").splitlines()
                    if l.startswith("used_memory:")][0].split(":")[1])

    before = used()
    day = time.strftime("cvm:daily:%Y-%m-%d", time.gmtime())
    fields_before = int(stack.redis_cli("HLEN", day).strip() or 0)
    tally = Tally()
    value = "%C3%A9" * 28

    def flood(n):
        for k in range(n * 50, n * 50 + 50):
            q = "&".join("%s=%s%05d" % (p, value, k) for p in ("utm_source", "utm_medium", "utm_campaign",
                                                                 "utm_term", "utm_content", "ref"))
            s, e, b = timed_request(stack, "127.0.%d.%d" % (1 + k // 40 // 250, 2 + (k // 40) % 250),
                                    "POST", "/api/visit?" + q,
                                    headers={"User-Agent": "Mozilla/5.0 flood %d" % k})
            tally.add(s, e, b)

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    join(threads)
    grown = used() - before
    fields = int(stack.redis_cli("HLEN", day).strip() or 0) - fields_before
    ok = tally.only(204) and fields <= 102 and grown <= 2000 * 1024 + 200_000
    row("hostile UTM flood (2,000 distinct)", "visit %s" % tally.text(),
        "+%d counter fields, Redis +%d KB" % (fields, grown // 1024), ok)


def token_logs(stack):
    tokens = []

    def fresh():
        tokens.append(stack.match_token()["token"])
        return tokens[-1]

    for line in ("GET /api//download?token=%s HTTP/1.1", "GET /%%61pi/download?token=%s HTTP/1.1",
                 "GET /api/download?utm_source=x&token=%s HTTP/1.1"):
        raw_request(stack, line % fresh())
    limited = fresh()
    statuses = collections.Counter()
    threads = [threading.Thread(target=lambda: statuses.update(
        [timed_request(stack, "127.0.0.18", "HEAD", "/api/download?token=" + limited)[0] for _ in range(10)]))
        for _ in range(8)]
    for t in threads:
        t.start()
    join(threads)
    down = fresh()
    stack.sh("stop-service", "download")
    try:
        raw_request(stack, "GET /api/download?token=%s HTTP/1.1" % down)
    finally:
        stack.sh("start-service", "download")
    time.sleep(1.0)
    leaked = [name for name in ("nginx-access.log", "nginx-error.log", "download.log", "match.log")
              if any(t.split(".")[2] in stack.log(name) for t in tokens)]
    row("token-in-log probes", "variants, %d×429, upstream down" % statuses[429],
        "logs with a token: %s" % (", ".join(leaked) or "none"), not leaked and statuses[429] > 0)


FAULTS = [embedder_stopped, embedder_killed, embedder_slow, redis_paused, redis_killed, redis_full,
          fastcgi_killed, fastcgi_restarted, clock_skew, utm_flood, token_logs]


def main():
    base = Path(os.environ.get("CHAOS_DIR", "/tmp/cvmatch-chaos"))
    if base.exists():
        subprocess.run([str(ROOT / "scripts" / "stack.sh"), "stop"], env={**os.environ, "STACK_DIR": str(base)},
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    base.chmod(0o755)
    stack = Stack(os.environ.get("REDIS_KIND", "search"), base)
    started = time.time()
    stack.start()
    try:
        stack.post_match("product manager")
        # every worker thread loads the matcher before the faults (a thread's first query reads it)
        warm = [threading.Thread(target=timed_request, args=(stack, "127.0.0.2", "POST", "/api/match",
                                                             {"position": "product manager"})) for _ in range(12)]
        for t in warm:
            t.start()
        join(warm)
        print("%-34s | %-58s | %-40s | %s" % ("fault", "visitors got", "counted", "verdict"))
        print("-" * 150)
        for fault in FAULTS:
            try:
                fault(stack)
            except Exception as error:  # a fault that crashed the harness is a failed row
                row(fault.__name__, "harness error: %s" % str(error)[:50], "-", False)
    finally:
        stack.stop()
    passed = sum(1 for r in ROWS if r[3] == "pass")
    print("matrix ran in %.0f s" % (time.time() - started))
    print("%d passed, %d failed" % (passed, len(ROWS) - passed))
    return 0 if passed == len(ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
