"""Reliability under faults (issue 10): a request answered with an error never takes effect later,
nothing is counted twice, and time is Redis's. Each test restores what it breaks."""
import collections
import os
import signal
import threading
import time
from collections import Counter
from datetime import datetime, timezone

import redis as redis_lib
import requests

from test_api import assert_json_error


def today():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def counters(stack, source):
    """The day's counter fields of one utm_source, summed per kind."""
    raw = stack.redis_cli("HGETALL", "cvm:daily:" + today()).splitlines()
    totals = Counter()
    for field, value in zip(raw[0::2], raw[1::2]):
        parts = field.split("|")
        if len(parts) == 5 and parts[1] == source:
            totals[parts[0]] += int(value)
    return totals


def stream_requests(stack, source):
    """(kind, request id) of every stream entry of one utm_source."""
    client = redis_lib.Redis(unix_socket_path=str(stack.dir / "redis" / "redis.sock"), decode_responses=True)
    return [(fields.get("kind"), fields.get("request")) for _, fields in client.xrange("cvm:events")
            if fields.get("utm_source") == source]


def test_paused_redis_never_counts_a_failed_request_or_anything_twice(stack):
    source = "pause-%d" % time.time_ns()
    params = {"utm_source": source}
    tokens = [stack.match_token(params=params)["download"] for _ in range(16)]
    time.sleep(3.0)  # let the /api/match bucket refill
    base = counters(stack, source)
    results = {"download": [], "visit": [], "match": []}
    lock = threading.Lock()
    pending_tokens = list(tokens)
    visit_numbers = iter(range(1_000_000))

    def record(kind, key, response):
        with lock:
            results[kind].append((key, response.status_code, response.text))

    def downloads():
        while True:
            with lock:
                if not pending_tokens:
                    return
                url = pending_tokens.pop()
            record("download", url, requests.get(stack.url(url), timeout=15, allow_redirects=False))
            time.sleep(0.5)

    def visits():
        stop = time.time() + 4.0
        while time.time() < stop:
            with lock:
                n = next(visit_numbers)
            r = requests.post(stack.url("/api/visit"), params=params, timeout=15,
                              headers={"User-Agent": "Mozilla/5.0 pause-test %s %d" % (source, n)})
            record("visit", n, r)
            time.sleep(0.15)

    def matches():
        for n in range(6):
            record("match", n, requests.post(stack.url("/api/match"), params=params, timeout=15,
                                             json={"position": "backend developer"}))
            time.sleep(0.4)

    workers = [threading.Thread(target=f) for f in [downloads] * 4 + [visits] * 4 + [matches] * 2]
    for w in workers:
        w.start()
    time.sleep(0.8)
    redis_pid = stack.pid("redis")
    os.kill(redis_pid, signal.SIGSTOP)
    try:
        time.sleep(2.0)
    finally:
        os.kill(redis_pid, signal.SIGCONT)
    for w in workers:
        w.join(60)
    time.sleep(1.0)  # whatever Redis had queued during the pause has run by now

    statuses = {k: Counter(s for _, s, _ in v) for k, v in results.items()}
    assert statuses["visit"][503] > 0, ("the pause produced no failure", statuses)
    for kind in results:
        assert set(statuses[kind]) <= {200, 204, 429, 503}, (kind, statuses)

    # Retry every download once: a token answered 503 either still works (the spend never ran) or
    # was answered with the "search again" 503 (outcome unknown); a served token stays used.
    first = {url: (status, text) for url, status, text in results["download"]}
    served = Counter(url for url, status, _ in results["download"] if status == 200)
    for url in tokens:
        status, text = first[url]
        r = stack.download(url=url)
        if status == 200:
            assert_json_error(r, 410)
        elif status == 503:
            if r.status_code == 410:
                assert "search again" in text.lower(), ("a token refused after a plain 503", text)
            else:
                assert r.status_code == 200, r.text
                served[url] += 1
    assert all(n <= 1 for n in served.values()), served

    counted = counters(stack, source) - base
    assert counted["download"] == sum(served.values()), (counted, served)
    assert counted["visit"] == statuses["visit"][204], (counted, statuses)
    assert counted["attempt"] == statuses["match"][200], (counted, statuses)
    events = stream_requests(stack, source)
    ids = [rid for _, rid in events]
    assert all(ids) and len(ids) == len(set(ids)), "an event without a request id, or one recorded twice"
    kinds = Counter(k for k, _ in events)
    assert kinds["download"] == counted["download"] and kinds["visit"] == counted["visit"], (kinds, counted)


def test_expiry_is_decided_by_redis_clock(stack):
    # exp a few seconds ago by every clock: within the tolerated skew, so download-fcgi lets Redis
    # decide, and Redis's clock says expired: nothing is spent or counted
    now = int(time.time())
    claims = stack.claims(now=now - 300, lifetime=297)
    r = stack.download(stack.sign(claims))
    body = assert_json_error(r, 410)
    assert body["error"] == "token_expired"
    assert stack.redis_cli("EXISTS", "cvm:used:" + claims["jti"]).strip() == "0"


def test_token_time_claims_are_bounded(stack):
    now = int(time.time())
    future = stack.claims(now=now + 3600)
    forever = stack.claims(now=now, lifetime=(32503680000 - now))  # exp in the year 3000
    backdated = stack.claims(now=now - 100, lifetime=601)
    for claims in (future, forever, backdated):
        body = assert_json_error(stack.download(stack.sign(claims)), 403)
        assert body["error"] == "invalid_token"
        assert stack.redis_cli("EXISTS", "cvm:used:" + claims["jti"]).strip() == "0"
    # the configured lifetime itself is accepted
    assert stack.download(stack.sign(stack.claims(lifetime=600))).status_code == 200


def test_no_log_line_holds_a_token_whatever_reaches_the_download(stack):
    import requests

    def secrets_of(token):
        head, claims, sig = token.split(".")
        return (token, claims, sig)

    provoked = []

    def fresh():
        token = stack.match_token()["token"]
        provoked.append(token)
        return token

    def get(raw_path):
        # raw request line, exactly as given (requests would normalise some spellings)
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=10)
        conn.request("GET", raw_path)
        r = conn.getresponse()
        r.read()
        conn.close()
        return r.status

    # path spellings that nginx normalises onto the download location, token first or last
    assert get("/api//download?token=" + fresh()) == 200
    assert get("/%61pi/download?token=" + fresh()) == 200
    assert get("/api/./download?utm_source=log-probe&token=" + fresh()) == 200
    assert get("/api/download?token=" + fresh() + "&utm_source=log-probe") == 200
    # the same token sent somewhere else: masked there too
    assert get("/?token=" + provoked[-1]) == 200
    assert stack.http.get(stack.url("/api/nope"), params={"token": provoked[-1]},
                          headers={"Referer": stack.url("/api/download?token=" + provoked[-1])}, timeout=5).status_code == 404

    # rate limiting (nginx logs each refusal with the request line): a burst on an unspent token
    limited = fresh()
    with __import__("concurrent.futures").futures.ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(lambda _: requests.head(stack.url("/api/download?token=" + limited), timeout=10).status_code,
                              range(120)))
    assert 429 in codes, codes
    time.sleep(3)

    # upstream errors: download-fcgi stopped
    down = fresh()
    stack.sh("stop-service", "download")
    try:
        assert get("/api/download?token=" + down) == 503
        assert get("/api//download?token=" + down) == 503
    finally:
        stack.sh("start-service", "download")

    # a missing PDF behind a valid token
    pdf = stack.dir / "pdf" / "backend-developer.pdf"
    hidden = pdf.with_name("backend-developer.pdf.away")
    pdf.rename(hidden)
    try:
        status = get("/api/download?token=" + fresh())
        assert status in (404, 503), status
    finally:
        hidden.rename(pdf)

    time.sleep(1.0)  # nginx writes its logs as requests end
    logs = {name: stack.log(name) for name in ("nginx-access.log", "nginx-error.log", "download.log", "match.log")}
    assert "/%61pi/download?-" in logs["nginx-access.log"]
    assert " 429 " in logs["nginx-access.log"] and " 503 " in logs["nginx-access.log"]
    for token in provoked:
        for part in secrets_of(token):
            for name, text in logs.items():
                assert part not in text, "%s holds a token part" % name



def timed_request(stack, source_ip, method, path, body=None, headers=None):
    """One request from a given loopback address (each address has its own nginx rate limit)."""
    import http.client
    import json as json_lib
    conn = http.client.HTTPConnection("127.0.0.1", stack.http_port, timeout=15, source_address=(source_ip, 0))
    data = json_lib.dumps(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/json", "User-Agent": "Mozilla/5.0 isolation-test"}
    all_headers.update(headers or {})
    t0 = time.perf_counter()
    conn.request(method, path, body=data, headers=all_headers)
    r = conn.getresponse()
    text = r.read()
    elapsed = time.perf_counter() - t0
    conn.close()
    return r.status, elapsed, text


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def test_stopped_embedder_never_stalls_cached_matches_or_visits(stack):
    cached_text = "product manager"
    assert stack.post_match(cached_text).status_code == 200  # cached from here on
    # every worker thread has loaded the matcher (a thread's first query reads it from Redis)
    warm = [threading.Thread(target=timed_request, args=(stack, "127.0.0.7", "POST", "/api/match",
                                                         {"position": cached_text})) for _ in range(12)]
    for t in warm:
        t.start()
    for t in warm:
        t.join(15)
    embed_pid = stack.pid("embed")
    os.kill(embed_pid, signal.SIGSTOP)
    uncached, cached, visits = [], [], []
    try:
        def uncached_query(n):
            uncached.append(timed_request(stack, "127.0.0.%d" % (20 + n), "POST", "/api/match",
                                          {"position": "isolation probe %d %d" % (n, time.time_ns())}))

        def cached_queries():
            time.sleep(0.3)
            for _ in range(20):
                cached.append(timed_request(stack, "127.0.0.3", "POST", "/api/match", {"position": cached_text}))
                time.sleep(0.1)

        def beacon_visits():
            time.sleep(0.3)
            for n in range(30):
                visits.append(timed_request(stack, "127.0.0.4", "POST", "/api/visit?utm_source=isolation",
                                            headers={"User-Agent": "Mozilla/5.0 isolation %d" % n}))
                time.sleep(0.07)

        threads = [threading.Thread(target=uncached_query, args=(n,)) for n in range(20)]
        threads += [threading.Thread(target=cached_queries), threading.Thread(target=beacon_visits)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        # the breaker is open now: another uncached query is refused at once
        status, elapsed, _ = timed_request(stack, "127.0.0.5", "POST", "/api/match", {"position": "after the storm"})
        assert status == 503 and elapsed < 0.1, (status, elapsed)
    finally:
        os.kill(embed_pid, signal.SIGCONT)

    assert len(uncached) == 20 and all(s == 503 for s, _, _ in uncached), [s for s, _, _ in uncached]
    slowest = max(e for _, e, _ in uncached)
    assert slowest <= 2.5 + 0.2, "an uncached query took %.2f s (budget 2.5 s)" % slowest
    assert all(s == 200 for s, _, _ in cached), [s for s, _, _ in cached]
    assert all(s == 204 for s, _, _ in visits), [s for s, _, _ in visits]
    cached_p99, visit_p99 = p99([e for _, e, _ in cached]), p99([e for _, e, _ in visits])
    print("isolation: uncached slowest %.0f ms, cached p99 %.1f ms, visit p99 %.1f ms"
          % (slowest * 1000, cached_p99 * 1000, visit_p99 * 1000))
    # Waiting behind an embedding call would cost seconds (the 2.5 s budget); the bound here is an
    # order of magnitude under that so a loaded CI machine cannot flake it. The goals
    # (cached p99 <= 50 ms, visit p99 <= 20 ms) are measured and judged by `make chaos`.
    assert cached_p99 <= 0.250, "cached match p99 %.0f ms: it waited behind the embedder" % (cached_p99 * 1000)
    assert visit_p99 <= 0.250, "visit p99 %.0f ms: it waited behind the embedder" % (visit_p99 * 1000)

    # the embedder is back: after the breaker's open time one probe goes through and closes it
    # (it first works off the queries queued while it was stopped, so a probe may time out once)
    deadline = time.time() + 30
    while True:
        status, _, text = timed_request(stack, "127.0.0.6", "POST", "/api/match", {"position": "backend engineer"})
        if status == 200 or time.time() > deadline:
            break
        time.sleep(0.5)
    assert status == 200, text


def test_embedding_client_honours_retry_after(stack, tmp_path):
    """A 429 with Retry-After (as OpenAI sends it) is retried after that wait, not before."""
    import http.server
    import json as json_lib
    import secrets
    import urllib.request

    from job_ad import job_ad
    from test_report import run_cvctl

    upstream = "http://127.0.0.1:%d" % stack.embed_port
    arrivals = []

    class RateLimited(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            arrivals.append(time.monotonic())
            if len(arrivals) == 1:
                answer = json_lib.dumps({"error": {"message": "Rate limit reached for requests", "type": "requests",
                                                   "param": None, "code": "rate_limit_exceeded"}}).encode()
                self.send_response(429)
                self.send_header("Retry-After", "1")
            else:
                req = urllib.request.Request(upstream + self.path, data=body, headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=30) as r:
                    answer = r.read()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RateLimited)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        queries = tmp_path / "one.jsonl"
        text = "Ref " + secrets.token_hex(5) + ": " + job_ad(300)   # never cached before
        queries.write_text(json_lib.dumps({"q": text, "expect": "backend", "cat": "job-ad"}) + "\n")
        run_cvctl(stack, "eval", str(queries), check=False,
                  CVMATCH_EMBED_URL="http://127.0.0.1:%d/v1" % server.server_port)
    finally:
        server.shutdown()
    assert len(arrivals) == 2, arrivals
    assert arrivals[1] - arrivals[0] >= 1.0, "retried after %.2f s, before Retry-After" % (arrivals[1] - arrivals[0])


def raw_request(stack, request_line):
    """Sends one raw request line (spellings no HTTP library produces) and returns status, headers, body."""
    import socket
    s = socket.create_connection(("127.0.0.1", stack.http_port), timeout=5)
    s.sendall(request_line.encode() + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def test_nginx_answers_json_for_every_error_it_produces(stack):
    import json as json_lib
    cases = {
        "post /api/match HTTP/1.1": 400,                             # lower-case method
        "TRACE /api/match HTTP/1.1": 405,
        "GET /api/match HTTP/2.5": 505,
        "GET /api/download?token=" + "a" * 9000 + " HTTP/1.1": 414,
        "GET /api/%00 HTTP/1.1": 400,
        "DELETE /api/download HTTP/1.1": 405,
        "GET /api/nope HTTP/1.1": 404,
    }
    for line, status in cases.items():
        got, headers, body = raw_request(stack, line)
        assert got == status, (line[:40], got)
        assert headers.get("content-type", "").startswith("application/json"), (line[:40], headers)
        answer = json_lib.loads(body)
        assert answer["error"] and answer["detail"], answer
        assert "x-content-type-options" in headers


def test_a_missing_pdf_does_not_spend_the_token(stack):
    token = stack.match_token()["token"]
    pdf = stack.dir / "pdf" / "backend-developer.pdf"
    away = pdf.with_name("backend-developer.pdf.away")
    pdf.rename(away)
    try:
        body = assert_json_error(stack.download(token), 503)
        assert "stays valid" in body["detail"]
    finally:
        away.rename(pdf)
    r = stack.download(token)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_admin_password_is_stored_with_sha512_crypt(stack):
    line = (stack.dir / "etc" / "admin.htpasswd").read_text().strip()
    assert line.startswith("admin:$6$"), line[:12]
    r = stack.http.get(stack.url("/admin/api/stats"), auth=stack.admin_auth(), timeout=10)
    assert r.status_code == 200


def visits_under_load(stack, seconds, during):
    """Visits from 8 loopback addresses (under nginx's per-address limit) while `during` runs."""
    statuses = collections.Counter()
    lock = threading.Lock()
    stop = time.time() + seconds

    def worker(ip):
        n = 0
        while time.time() < stop:
            try:
                status = timed_request(stack, ip, "POST", "/api/visit?utm_source=restart",
                                       headers={"User-Agent": "Mozilla/5.0 restart %s %d" % (ip, n)})[0]
            except OSError:
                status = "connection error"
            with lock:
                statuses[status] += 1
            n += 1
            time.sleep(0.06)

    threads = [threading.Thread(target=worker, args=("127.0.0.%d" % (30 + i),)) for i in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.8)
    during()
    for t in threads:
        t.join(30)
    return statuses


def test_restarting_a_fastcgi_program_under_load_loses_no_request(stack):
    for name in ("match", "download"):
        before = (stack.dir / "pids" / (name + ".child")).read_text().strip()
        statuses = visits_under_load(stack, 3.0, lambda: stack.sh("restart-service", name))
        after = (stack.dir / "pids" / (name + ".child")).read_text().strip()
        assert after != before, "no new %s instance" % name
        assert set(statuses) == {204} and statuses[204] > 100, (name, statuses)
    token = stack.match_token()["token"]
    assert stack.download(token).status_code == 200


def test_a_crashed_fastcgi_program_is_started_again(stack):
    child = stack.dir / "pids" / "match.child"
    crashed = int(child.read_text().strip())
    os.kill(crashed, signal.SIGKILL)
    deadline = time.time() + 5
    while time.time() < deadline:
        r = requests.post(stack.url("/api/visit"), headers={"User-Agent": "Mozilla/5.0 after crash"}, timeout=5)
        if r.status_code == 204:
            break
        assert_json_error(r, 503)      # while it restarts: nginx's JSON 503
        time.sleep(0.1)
    assert r.status_code == 204
    assert int(child.read_text().strip()) != crashed
    assert "restarting" in stack.log("match.log")
