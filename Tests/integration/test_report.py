"""Channel reporting end to end: events recorded through nginx are counted by `cvctl report` and
/admin/api/stats (same numbers), demo data stays apart, and a year of counters reports fast."""
import json
import os
import secrets
import subprocess
from datetime import datetime, timedelta, timezone

import redis as redis_lib

from conftest import BIN_DIR, fastcgi_request

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 it-%s"


def stack_env(stack, **extra):
    """The environment `cvctl` gets on the stack: the stack's cvmatch.env plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CVMATCH_", "DUB_"))}
    for line in (stack.dir / "etc" / "cvmatch.env").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value.strip('"')
    env["CVMATCH_ENV_FILE"] = str(stack.dir / "etc" / "cvmatch.env")   # never the cwd's run/etc/cvmatch.env
    env.update(extra)
    return env


def run_cvctl(stack, *args, check=True, timeout=60, **extra_env):
    r = subprocess.run([str(BIN_DIR / "cvctl"), *args], env=stack_env(stack, **extra_env),
                       capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError("cvctl %s failed (%d):\n%s\n%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def redis_client(stack):
    return redis_lib.Redis(unix_socket_path=str(stack.dir / "redis" / "redis.sock"), decode_responses=True)


def today():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def report_json(stack, *args):
    return json.loads(run_cvctl(stack, "report", "--format", "json", *args).stdout)


def row_of(rows, **values):
    found = [r for r in rows if all(r.get(k) == v for k, v in values.items())]
    assert len(found) == 1, (values, rows)
    return found[0]


def visit(stack, params, agent, method="POST"):
    r = stack.http.request(method, stack.url("/api/visit"), params=params, headers={"User-Agent": agent}, timeout=5)
    assert r.status_code == 204, r.text


# -- FastCGI straight to match-fcgi's socket, to show it refuses requests without REMOTE_USER ------
def fastcgi_get(sock_path, path, query="", remote_user=None, admin_proof=None):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "SCRIPT_NAME": path, "QUERY_STRING": query,
              "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "CONTENT_LENGTH": "0"}
    if remote_user is not None:
        params["REMOTE_USER"] = remote_user
    if admin_proof is not None:
        params["CVMATCH_ADMIN_PROOF"] = admin_proof
    return fastcgi_request(sock_path, params, timeout=10)


# -----------------------------------------------------------------------------------------------
def test_report_counts_each_channel_exactly(stack):
    source = "rep-" + secrets.token_hex(4)
    utm = {"utm_source": source, "utm_medium": "social", "utm_campaign": "apply directly"}
    for i in range(3):
        visit(stack, utm, BROWSER_UA % ("%s-%d" % (source, i)))
    visit(stack, utm, BROWSER_UA % (source + "-0"))              # same visitor again: not counted
    visit(stack, utm, BROWSER_UA % (source + "-9"), method="HEAD")  # HEAD: not counted
    visit(stack, utm, "Googlebot/2.1 (+http://www.google.com/bot.html)")  # bot: not counted
    visit(stack, {}, BROWSER_UA % (source + "-direct"))           # no UTM: the direct row
    stack.match_token("backend developer", params=utm)
    data = stack.match_token("product manager", params=utm)
    r = stack.post_match("xqzv wprt blorft", params=utm)
    assert r.status_code == 200 and r.json()["matched"] is False
    assert stack.download(url=data["download"]).status_code == 200

    report = report_json(stack, "--since", today(), "--until", today())
    row = row_of(report["channels"], utm_source=source)
    assert row["utm_medium"] == "social" and row["utm_campaign"] == "apply directly"
    assert (row["visits"], row["attempts"], row["matches"], row["downloads"]) == (3, 3, 2, 1)
    assert row["match_rate"] == round(2 / 3, 4) and row["downloads_per_visit"] == round(1 / 3, 4)
    assert row["downloads_per_attempt"] == round(1 / 3, 4)
    assert row["status"] == "unknown" and row["demo"] is False
    direct = row_of(report["channels"], utm_source=None, utm_medium=None, utm_campaign=None, demo=False)
    assert direct["visits"] >= 1 and direct["status"] == "direct"
    assert report["totals"]["visits"] == sum(r["visits"] for r in report["channels"])
    assert {q["query"] for q in report["top_queries"]} >= {"backend developer", "product manager"}
    positions = {p["position"]: p for p in report["positions"]}
    assert positions[data["position"]["id"]]["downloads"] >= 1

    by_source = report_json(stack, "--since", today(), "--by", "source")
    assert [r["visits"] for r in by_source["rows"] if r["utm_source"] == source] == [3]
    table = run_cvctl(stack, "report", "--since", today()).stdout
    assert source in table and "downloads per position" in table and "top queries" in table
    csv = run_cvctl(stack, "report", "--since", today(), "--format", "csv").stdout
    assert "%s,social,apply directly,3,3,2,1,0.6667,0.3333,0.3333,unknown,false" % source in csv.splitlines()

    # registering the link makes the campaign known
    run_cvctl(stack, "link", "new", "--source", source, "--medium", "social", "--campaign", "Apply Directly",
              "--base", stack.url("/"))
    report = report_json(stack, "--since", today())
    assert row_of(report["channels"], utm_source=source)["status"] == "known"
    assert any(c["utm_source"] == source for c in report["campaigns"]["known"])
    link = row_of(report["links"], utm_source=source)
    assert (link["visits"], link["attempts"], link["matches"], link["downloads"]) == (3, 3, 2, 1)
    assert link["url"].startswith(stack.url("/?")) and link["short_link"] is None and link["demo"] is False


def test_stats_endpoint_gives_the_same_numbers_and_validates(stack):
    since = (datetime.now(timezone.utc) - timedelta(days=6)).strftime("%Y-%m-%d")
    r = stack.http.get(stack.url("/admin/api/stats"), params={"since": since, "until": today()},
                       auth=stack.admin_auth(), timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers.get("Cache-Control") == "no-store"
    stats = r.json()
    cli = report_json(stack, "--since", since, "--until", today())
    assert stats["channels"] == cli["channels"] and stats["totals"] == cli["totals"]
    assert [d["day"] for d in stats["daily"]][-1] == today() and len(stats["daily"]) == 7

    for params, fragment in [({"since": "2024-02-30"}, "is not a date"),
                             ({"since": "2024-04-02", "until": "2024-04-01"}, "is after until"),
                             ({"since": "2023-01-01", "until": "2024-04-01"}, "at most 400"),
                             ({"by": "weather"}, "by must be one of"),
                             ({"demo": "maybe"}, "demo must be")]:
        r = stack.http.get(stack.url("/admin/api/stats"), params=params, auth=stack.admin_auth(), timeout=10)
        assert r.status_code == 400, (params, r.text)
        assert r.json()["error"] == "bad_request" and fragment in r.json()["detail"], r.text

    # straight to the FastCGI socket: no REMOTE_USER (nginx's auth did not run) → 403
    sock = stack.dir / "sock" / "match.sock"
    status, body = fastcgi_get(sock, "/admin/api/stats", "since=%s" % today())
    assert status == 403 and body["error"] == "forbidden"
    # REMOTE_USER alone is what any process in nginx's group could send: refused without the proof
    status, body = fastcgi_get(sock, "/admin/api/stats", "since=%s" % today(), remote_user="admin")
    assert status == 403 and body["error"] == "forbidden"
    proof = (stack.dir / "etc" / "admin-proof").read_text().strip()
    status, body = fastcgi_get(sock, "/admin/api/stats", "since=%s" % today(), remote_user="admin", admin_proof=proof)
    assert status == 200 and "channels" in body


def test_demo_data_is_labelled_and_cleared_exactly(stack):
    db = redis_client(stack)
    db.hset("cvm:campaigns", "keep|me|please||", json.dumps({"url": "x"}))
    raw = redis_lib.Redis(unix_socket_path=str(stack.dir / "redis" / "redis.sock"))

    def real_state():
        """Every non-demo cvm: key: its serialised value, and whether it has a lifetime."""
        return {k: (raw.dump(k), raw.pttl(k) >= 0) for k in raw.scan_iter(b"cvm:*") if not k.startswith(b"cvm:demo:")}

    def assert_untouched(before):
        """No real key written or removed: the same keys with the same values, but for keys whose
        lifetime ended meanwhile (earlier tests' request ids live 60 s)."""
        after = real_state()
        assert set(after) <= set(before), set(after) - set(before)
        assert all(before[k][1] for k in set(before) - set(after)), [k for k in set(before) - set(after) if not before[k][1]]
        assert {k: v[0] for k, v in after.items()} == {k: before[k][0] for k in after}

    before = real_state()
    out = run_cvctl(stack, "demo", "--days", "30").stdout
    assert out.startswith("wrote demo data for 30 days")
    assert db.exists("cvm:demo:daily:" + today()) and db.exists("cvm:demo:campaigns")
    assert_untouched(before)

    report = report_json(stack)
    assert report["demo"] is True and len(report["daily"]) == 30
    demo_rows = [r for r in report["channels"] if r["demo"]]
    assert len(demo_rows) == 9     # DemoTraffic.profiles; real rows with the same values share them
    assert {r["status"] for r in demo_rows} == {"known", "unknown", "direct", "referred"}
    keys = [(r["utm_source"], r["utm_medium"], r["utm_campaign"]) for r in report["channels"]]
    assert len(keys) == len(set(keys))                     # one row per key, real and demo folded
    days = [r["day"] for r in report_json(stack, "--by", "day")["rows"]]
    assert len(days) == len(set(days)) and today() in days
    assert all(r["visits"] >= r["attempts"] >= r["matches"] >= r["downloads"] for r in demo_rows)
    assert report_json(stack, "--exclude-demo")["demo"] is False
    weekday_visits = [d["visits"] for d in report["daily"] if datetime.strptime(d["day"], "%Y-%m-%d").weekday() < 5]
    weekend_visits = [d["visits"] for d in report["daily"] if datetime.strptime(d["day"], "%Y-%m-%d").weekday() >= 5]
    assert sum(weekday_visits) / len(weekday_visits) > 1.5 * sum(weekend_visits) / len(weekend_visits)

    out = run_cvctl(stack, "demo", "--clear").stdout
    assert out.startswith("removed ") and int(out.split()[1]) > 30
    assert list(db.scan_iter("cvm:demo:*")) == []
    assert_untouched(before)
    assert report_json(stack)["demo"] is False
    db.hdel("cvm:campaigns", "keep|me|please||")


def test_a_year_of_counters_reads_only_the_daily_keys(stack):
    """365 days × 240 counter fields and 40 stored queries a day, in a year nobody else uses."""
    db = redis_client(stack)
    pipe = db.pipeline(transaction=False)
    expected = {"visits": 0, "attempts": 0, "matches": 0, "downloads": 0}
    start = datetime(2001, 1, 1, tzinfo=timezone.utc)
    for d in range(365):
        day = (start + timedelta(days=d)).strftime("%Y-%m-%d")
        fields = {}
        for c in range(30):
            source, campaign = "src%d" % (c % 10), "camp%d" % c
            for position in ("backend", "product"):
                n = 1 + (d + c) % 7
                fields["visit|%s|social|%s|" % (source, campaign)] = n * 3
                fields["attempt|%s|social|%s|%s" % (source, campaign, position)] = n
                fields["match|%s|social|%s|%s" % (source, campaign, position)] = n - 1
                fields["download|%s|social|%s|%s" % (source, campaign, position)] = (n - 1) // 2
        for field, n in fields.items():
            expected[{"visit": "visits", "attempt": "attempts", "match": "matches", "download": "downloads"}[field.split("|")[0]]] += n
        pipe.hset("cvm:daily:" + day, mapping=fields)
        pipe.zadd("cvm:queries:" + day, {"query %d" % q: q + 1 for q in range(40)})
        pipe.hset("cvm:qout:" + day, mapping={"query %d" % q: "%d|matched|backend" % q for q in range(40)})
    pipe.execute()
    try:
        # Cost, not time: the report reads each day's three keys (plus the link registry) and never
        # the raw event stream, whatever the number of events (timings are the bench's business).
        db.config_resetstat()
        report = report_json(stack, "--since", "2001-01-01", "--until", "2001-12-31", "--exclude-demo")
        stats = db.info("commandstats")
        calls = {name[len("cmdstat_"):]: v["calls"] for name, v in stats.items()}
        assert calls.get("hgetall", 0) == 2 * 365 + 1 and calls.get("zrange", 0) == 365, calls
        assert not any(c in calls for c in ("xrange", "xrevrange", "xread", "scan", "keys")), calls
        assert {k: report["totals"][k] for k in expected} == expected
        assert len(report["daily"]) == 365 and len(report["channels"]) == 30
        assert report["top_queries"][0] == {"query": "query 39", "attempts": 40 * 365, "score": 39,
                                            "outcome": "matched", "position": "backend"}
        r = stack.http.get(stack.url("/admin/api/stats"), params={"since": "2001-01-01", "until": "2001-12-31", "demo": "exclude"},
                           auth=stack.admin_auth(), timeout=10)
        assert r.status_code == 200 and r.json()["totals"] == report["totals"]
    finally:
        for d in range(365):
            day = (start + timedelta(days=d)).strftime("%Y-%m-%d")
            db.delete("cvm:daily:" + day, "cvm:queries:" + day, "cvm:qout:" + day)
