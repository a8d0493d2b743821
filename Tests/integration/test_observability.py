"""Health and metrics through nginx: /healthz (no auth, not logged, no event), /metrics and
/metrics/download in Prometheus's text format (names, types, counters moving after a match and a
download), reachable only from localhost (nginx's allow/deny, and the FastCGI side refusing a
request nginx did not mark)."""
import re
import time

from prometheus_client.parser import text_string_to_metric_families

from conftest import ROOT, fastcgi_request
from test_report import redis_client

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def scrape(stack, path):
    r = stack.http.get(stack.url(path), timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    return parse(r.text)


def parse(text):
    """Checks the text format's shape (also with Prometheus's own Python parser) and returns
    ({family: type}, {series: value})."""
    parsed = {f.name: f.type for f in text_string_to_metric_families(text)}
    types, samples, helped = {}, {}, set()
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helped.add(line.split()[2])
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            assert name in helped, "TYPE before HELP for " + name
            types[name] = kind
        else:
            m = SAMPLE.match(line)
            assert m, "not a sample line: %r" % line
            samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    for name, kind in types.items():
        if kind == "counter":
            assert name.endswith("_total"), name
        if kind == "histogram":
            assert name.endswith("_seconds"), name
            assert any(s.startswith(name + "_bucket{") and 'le="+Inf"' in s for s in samples), name
            assert any(s.startswith(name + "_sum") for s in samples) and any(s.startswith(name + "_count") for s in samples)
    # the official parser reads the same families and types (it strips counters' _total)
    assert parsed == {re.sub(r"_total$", "", n) if k == "counter" else n: k for n, k in types.items()}
    for series in samples:
        base = re.sub(r"_(bucket|sum|count)$", "", series.split("{")[0])
        assert series.split("{")[0] in types or base in types, "sample without TYPE: " + series
    return types, samples


def test_healthz_answers_without_auth_logging_or_counting(stack):
    r_client = redis_client(stack)
    # an earlier test's embedding failures may hold the breaker open for its few seconds
    wait_for(lambda: healthz(stack)[0] == 200, 15)
    events = r_client.xlen("cvm:events")
    r = stack.http.get(stack.url("/healthz"), timeout=10)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["redis"] == "ok"
    assert body["matcher"] == r_client.get("cvm:matcher:version")
    assert body["embedder"] in ("ok", "unknown")
    assert set(body) == {"redis", "matcher", "embedder"}
    assert r_client.xlen("cvm:events") == events
    assert "/healthz" not in stack.log("nginx-access.log")
    assert "/healthz" not in stack.log("match.log")
    assert stack.http.post(stack.url("/healthz"), timeout=10).status_code == 405


def healthz(stack):
    r = stack.http.get(stack.url("/healthz"), timeout=10)
    return r.status_code, r.json()


def wait_for(condition, seconds=30):
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "condition not met within %d s" % seconds
        time.sleep(0.5)


def test_healthz_names_what_is_down(stack):
    _, metrics = scrape(stack, "/metrics")
    stack.sh("stop-service", "redis")
    try:
        status, body = healthz(stack)
        assert status == 503 and body["redis"] == "down" and body["matcher"] == "unknown", body
        assert body["down"] == ["redis"] + (["embedder"] if body["embedder"] == "down" else []), body
        assert stack.post_match("backend developer").status_code == 503
    finally:
        stack.sh("start-service", "redis")
    wait_for(lambda: healthz(stack)[0] == 200)
    _, after = scrape(stack, "/metrics")
    errors = 'cvmatch_redis_errors_total{kind="unavailable"}'
    assert after[errors] > metrics[errors]

    stack.sh("stop-service", "embed")
    try:
        # two uncached queries fail for want of the server: the breaker opens
        for n in range(2):
            assert stack.post_match("a query never embedded %d %d" % (n, time.time_ns())).status_code == 503
        status, body = healthz(stack)
        assert status == 503 and body["embedder"] == "down" and body["down"] == ["embedder"], body
        assert scrape(stack, "/metrics")[1]["cvmatch_embedding_breaker_open"] == 1
    finally:
        stack.sh("start-service", "embed")
    # after the breaker's 5 s a probe goes through and closes it
    wait_for(lambda: stack.post_match("fresh query after the outage %d" % time.time_ns()).status_code == 200)
    assert healthz(stack) == (200, {"redis": "ok", "matcher": redis_client(stack).get("cvm:matcher:version"),
                                    "embedder": "ok"})


def test_metrics_expose_both_processes_and_counters_move(stack):
    types, before = scrape(stack, "/metrics")
    for name, kind in {"cvmatch_http_requests_total": "counter", "cvmatch_http_request_duration_seconds": "histogram",
                       "cvmatch_embedding_calls_total": "counter", "cvmatch_embedding_cache_total": "counter",
                       "cvmatch_embedding_breaker_open": "gauge", "cvmatch_redis_errors_total": "counter",
                       "cvmatch_tokens_issued_total": "counter", "process_resident_memory_bytes": "gauge"}.items():
        assert types.get(name) == kind, (name, types.get(name))
    dtypes, dbefore = scrape(stack, "/metrics/download")
    for name in ("cvmatch_tokens_spent_total", "cvmatch_tokens_refused_total", "cvmatch_http_requests_total",
                 "process_resident_memory_bytes"):
        assert name in dtypes, name

    token = stack.match_token("backend developer")["token"]
    assert stack.download(token).status_code == 200
    assert stack.download(token).status_code == 410

    _, after = scrape(stack, "/metrics")
    _, dafter = scrape(stack, "/metrics/download")

    def moved(old, new, series):
        return new.get(series, 0) - old.get(series, 0)

    assert moved(before, after, 'cvmatch_http_requests_total{route="/api/match",status="200"}') == 1
    assert moved(before, after, 'cvmatch_http_request_duration_seconds_count{route="/api/match"}') == 1
    assert moved(before, after, "cvmatch_tokens_issued_total") == 1
    assert moved(before, after, 'cvmatch_embedding_cache_total{result="hit"}') \
        + moved(before, after, 'cvmatch_embedding_cache_total{result="miss"}') == 1
    assert after["process_resident_memory_bytes"] > 1e6
    assert moved(dbefore, dafter, "cvmatch_tokens_spent_total") == 1
    assert moved(dbefore, dafter, 'cvmatch_tokens_refused_total{reason="used"}') == 1
    assert moved(dbefore, dafter, 'cvmatch_http_requests_total{route="/api/download",status="410"}') == 1
    # scrapes are not logged by nginx
    assert "/metrics" not in stack.log("nginx-access.log")


def test_fastcgi_refuses_metrics_without_nginxs_proof(stack):
    """A process that reaches the sockets (any www-data process) cannot read metrics: it lacks the proof."""
    proof = (stack.dir / "etc" / "admin-proof").read_text().strip()
    for sock, path in (("match.sock", "/metrics"), ("download.sock", "/metrics/download")):
        base = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "SCRIPT_NAME": path}
        status, body = fastcgi_request(stack.dir / "sock" / sock, {**base, "REMOTE_ADDR": "127.0.0.1"})
        assert status == 403 and body["error"] == "forbidden"
        status, body = fastcgi_request(stack.dir / "sock" / sock, {**base, "REMOTE_ADDR": "127.0.0.1",
                                                                   "CVMATCH_ADMIN_PROOF": proof[:-1] + "x"})
        assert status == 403
        status, body = fastcgi_request(stack.dir / "sock" / sock,
                                       {**base, "REMOTE_ADDR": "203.0.113.9", "CVMATCH_ADMIN_PROOF": proof})
        assert status == 403
        status, text = fastcgi_request(stack.dir / "sock" / sock, {**base, "REMOTE_ADDR": "::1", "CVMATCH_ADMIN_PROOF": proof},
                                       decode=bytes.decode)
        assert status == 200 and "# TYPE cvmatch_http_requests_total counter" in text


def location_block(conf, path):
    m = re.search(r"location = %s \{(.*?)\n    \}" % re.escape(path), conf, re.S)
    assert m, "no location = %s" % path
    return m.group(1)


def test_nginx_serves_metrics_to_localhost_only_and_healthz_unlogged(stack):
    for conf in ((ROOT / "deploy" / "nginx.conf").read_text(), (stack.dir / "nginx" / "cvmatch.conf").read_text()):
        for path in ("/metrics", "/metrics/download"):
            block = location_block(conf, path)
            lines = [line.strip() for line in block.splitlines()]
            assert lines.index("allow 127.0.0.1;") < lines.index("deny all;") and "allow ::1;" in lines
            assert any(line.startswith("include ") and line.endswith("admin-proof.nginx;") for line in lines)
            assert "access_log off;" in lines
        # the proof is added in the two metrics locations and the statistics location, nowhere else
        assert conf.count("admin-proof.nginx;") == 3
        assert "access_log off;" in location_block(conf, "/healthz")
