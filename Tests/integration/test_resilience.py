"""Failures of the parts behind the FastCGI processes, nginx's own limits, and the logs.
These tests stop and restart services of the session's stack; they restore what they stop."""
import concurrent.futures
import time

from conftest import UTM
from test_api import assert_json_error


def wait_until_ok(stack, text, seconds=10.0):
    deadline = time.time() + seconds
    last = None
    while time.time() < deadline:
        last = stack.post_match(text)
        if last.status_code == 200:
            return last
        time.sleep(0.3)
    raise AssertionError("no 200 within %.0f s: %s %s" % (seconds, last.status_code, last.text))


def test_redis_restart_recovers_without_restarting_fastcgi(stack):
    fcgi = (stack.pid("match"), stack.pid("download"))
    used = stack.match_token()
    assert stack.download(url=used["download"]).status_code == 200
    pending = stack.match_token()

    stack.sh("stop-service", "redis")
    try:
        t0 = time.time()
        r = stack.post_match("a query nobody asked before 7731")
        assert time.time() - t0 < 5, "match took %.1f s with Redis down" % (time.time() - t0)
        assert_json_error(r, 503)
        t0 = time.time()
        r = stack.download(url=pending["download"])
        assert time.time() - t0 < 5
        assert_json_error(r, 503)
    finally:
        stack.sh("start-service", "redis")

    wait_until_ok(stack, "backend developer")
    # every worker thread reconnects: a run of requests all succeed
    for i in range(12):
        r = stack.post_match("backend developer")
        assert r.status_code == 200, (i, r.text)
    # state survived (AOF): the used token stays used, the pending one still works once
    assert stack.download(url=used["download"]).status_code == 410
    r = stack.download(url=pending["download"])
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert stack.download(url=pending["download"]).status_code == 410
    assert (stack.pid("match"), stack.pid("download")) == fcgi


def test_embedding_server_down_gives_503_quickly(stack):
    # a query embedded before is cached in Redis and keeps working
    assert stack.post_match("product manager").status_code == 200
    stack.sh("stop-service", "embed")
    try:
        t0 = time.time()
        r = stack.post_match("a brand new query %d" % time.time_ns())
        elapsed = time.time() - t0
        assert_json_error(r, 503)
        assert elapsed < 5, "503 took %.1f s" % elapsed
        r = stack.post_match("product manager")
        assert r.status_code == 200, "cached query should not need the embedding server: " + r.text
        assert r.json()["matched"] is True
        # visits and downloads do not depend on the embedding server
        assert stack.http.post(stack.url("/api/visit"), params=UTM, timeout=5).status_code == 204
    finally:
        stack.sh("start-service", "embed")
    wait_until_ok(stack, "another brand new query %d" % time.time_ns())


def test_fastcgi_down_gives_json_503_from_nginx(stack):
    stack.sh("stop-service", "download")
    try:
        r = stack.download("whatever")
        assert_json_error(r, 503)
    finally:
        stack.sh("start-service", "download")
    token = stack.match_token()["token"]
    assert stack.download(token).status_code == 200


def test_rate_limit_answers_json_429(stack):
    import requests

    # cheap requests (refused by match-fcgi before any work) so the burst outruns the refill
    def fire(_):
        return requests.post(stack.url("/api/match"), data=b'{"position": ""}',
                             headers={"Content-Type": "application/json"}, timeout=15)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fire, range(80)))
    codes = [r.status_code for r in results]
    limited = [r for r in results if r.status_code == 429]
    assert limited, codes
    assert_json_error(limited[0], 429)
    assert all(400 <= c < 500 for c in codes), codes
    time.sleep(4.5)  # let the bucket refill (5 r/s) for whatever runs next


def test_zz_logs_have_one_line_per_request_and_no_tokens(stack):
    match_log = stack.log("match.log")
    download_log = stack.log("download.log")
    assert "/api/match" in match_log
    assert "/api/download" in download_log
    assert stack.issued_tokens
    for tok in stack.issued_tokens:
        sig = tok.split(".")[2]
        for name, text in (("match.log", match_log), ("download.log", download_log),
                           ("nginx-access.log", stack.log("nginx-access.log"))):
            assert sig not in text, "a token signature appears in " + name
    secret = stack.token_keys()[-1][1]
    for name in ("match.log", "download.log", "populate.log", "redis.log", "embed.log"):
        assert secret not in stack.log(name), name
