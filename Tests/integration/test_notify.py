"""`cvctl notify`: every download reaches a local webhook receiver exactly once across a restart of
the follower (consumer group + XACK), a 500 is retried until the receiver takes it, the message
names the CV, the channel and the query, and a download through a Dub click becomes a Dub lead."""
import json
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import BIN_DIR
from fake_dub import FakeDub
from test_report import stack_env


class Receiver:
    """A webhook: records each request; answers the statuses queued in `answers`, then 200."""

    def __init__(self):
        self.received = []
        self.answers = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with owner.lock:
                    status = owner.answers.pop(0) if owner.answers else 200
                    owner.received.append({"status": status, "headers": dict(self.headers), "body": body,
                                           "at": time.time()})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/hook" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self):
        with self.lock:
            return [json.loads(r["body"]) if r["body"].startswith(b"{") else r["body"].decode()
                    for r in self.received if r["status"] == 200]

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.accepted()) < count:
            time.sleep(0.05)
        return self.accepted()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


class Follower:
    """`cvctl notify` as a child process; stopped by pid."""

    def __init__(self, stack, url, log, **env):
        self.proc = subprocess.Popen([str(BIN_DIR / "cvctl"), "notify", "--consumer", "it-notify"],
                                     env=stack_env(stack, CVMATCH_NOTIFY_URL=url, **env),
                                     stdout=log, stderr=subprocess.STDOUT)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=45)
        return self.proc.returncode


def downloads(stack, n, params):
    """n matches and their downloads, each with the given query-string attribution."""
    for _ in range(n):
        data = stack.match_token("senior backend developer", params=params)
        assert stack.download(url=data["download"]).status_code == 200


def start_group(stack, receiver, tmp_path, name, **env):
    """Starts a follower and waits until its consumer group exists (entries before it are not sent)."""
    log = open(tmp_path / name, "ab")
    f = Follower(stack, receiver.url, log, **env)
    deadline = time.time() + 15
    while time.time() < deadline:
        groups = stack.redis_cli("XINFO", "GROUPS", "cvm:events")
        if "cvm-notify" in groups:
            return f
        time.sleep(0.05)
    f.stop()
    raise AssertionError((tmp_path / name).read_text())


def test_each_download_is_sent_exactly_once_across_a_restart(stack, receiver, tmp_path):
    stack.redis_cli("XGROUP", "DESTROY", "cvm:events", "cvm-notify")
    first = start_group(stack, receiver, tmp_path, "notify.log")
    params = {"utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "notify-it"}
    downloads(stack, 3, params)
    assert len(receiver.wait_for(3)) == 3
    assert first.stop() == 0
    downloads(stack, 4, params)  # while no follower runs
    second = start_group(stack, receiver, tmp_path, "notify.log")
    got = receiver.wait_for(7)
    downloads(stack, 2, params)
    got = receiver.wait_for(9)
    time.sleep(1.5)  # anything extra would arrive now
    assert second.stop() == 0
    got = receiver.accepted()
    ids = [m["id"] for m in got]
    assert len(got) == 9 and len(set(ids)) == 9, ids
    m = got[0]
    assert m["event"] == "download" and m["position"] == "backend"
    assert m["title"] and m["channel"] == "linkedin / social / notify-it"
    assert m["query"] == "senior backend developer"
    assert all(r["headers"].get("Idempotency-Key") for r in receiver.received)
    pending = stack.redis_cli("XPENDING", "cvm:events", "cvm-notify")
    assert pending.split()[0] == "0", pending


def test_a_500_is_retried_until_the_receiver_takes_it_and_slack_gets_text(stack, receiver, tmp_path):
    stack.redis_cli("XGROUP", "DESTROY", "cvm:events", "cvm-notify")
    receiver.answers = [500, 503]
    f = start_group(stack, receiver, tmp_path, "notify-retry.log", CVMATCH_NOTIFY_KIND="slack")
    try:
        downloads(stack, 1, {"referrer": "github.com"})
        got = receiver.wait_for(1)
    finally:
        f.stop()
    statuses = [r["status"] for r in receiver.received]
    assert statuses == [500, 503, 200], statuses
    gaps = [b["at"] - a["at"] for a, b in zip(receiver.received, receiver.received[1:])]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.9, gaps  # backoff 0.5 s, then 1 s
    text = got[0]["text"]
    assert text.startswith("CV downloaded: ") and "Channel: referrer github.com" in text
    assert "Query: “senior backend developer”" in text


def test_a_download_through_a_dub_click_becomes_a_lead(stack, receiver, tmp_path):
    stack.redis_cli("XGROUP", "DESTROY", "cvm:events", "cvm-notify")
    dub = FakeDub()
    try:
        link = dub._create({"url": stack.url("/?utm_source=x&utm_medium=y&utm_campaign=lead-it")})
        dub.follow(link["id"], "clk_AbC123xyz")
        dub.fail_next = ["rate_limit_exceeded"]
        f = start_group(stack, receiver, tmp_path, "notify-lead.log", DUB_TRACK_LEADS="1",
                        DUB_API_KEY=dub.api_key, DUB_API_URL=dub.url)
        try:
            downloads(stack, 1, {"utm_source": "x", "utm_medium": "y", "utm_campaign": "lead-it",
                                 "dub_id": "clk_AbC123xyz"})
            receiver.wait_for(1)
        finally:
            f.stop()
        leads = [r for r in dub.requests if r["path"] == "/track/lead"]
        assert len(leads) == 2  # the 429 was retried
        assert json.loads(leads[1]["body"]) == {"clickId": "clk_AbC123xyz", "eventName": "CV download",
                                                "customerExternalId": "cvm_clk_AbC123xyz"}
        assert dub.leads and dub.leads[0]["link_id"] == link["id"]
    finally:
        dub.close()


def test_the_daily_digest_is_sent_once_a_day(stack, receiver, tmp_path):
    from datetime import datetime, timedelta, timezone
    stack.redis_cli("XGROUP", "DESTROY", "cvm:events", "cvm-notify")
    stack.redis_cli("DEL", "cvm:notify:digest")
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%d")
    key = "cvm:daily:" + yesterday
    stack.redis_cli("DEL", key)
    stack.redis_cli("HSET", key, "visit|digest-it|social|spring|", "5", "download|digest-it|social|spring|backend", "2",
                    "visit||||", "3")
    try:
        for run in range(2):  # the second start must not send it again
            f = start_group(stack, receiver, tmp_path, "notify-digest.log", CVMATCH_NOTIFY_DIGEST="00:00")
            try:
                got = receiver.wait_for(1)
                time.sleep(1.5)
            finally:
                f.stop()
        digests = [m for m in receiver.accepted() if m["event"] == "digest"]
        assert len(digests) == 1, receiver.accepted()
        d = digests[0]
        assert (d["day"], d["visits"], d["downloads"]) == (yesterday, 8, 2)
        assert "Top channels: digest-it / social / spring (5 visits, 2 downloads)" in d["text"]
        assert stack.redis_cli("GET", "cvm:notify:digest").strip() == yesterday
    finally:
        stack.redis_cli("DEL", key)


def test_the_stack_starts_the_notifier_only_with_a_webhook(stack, receiver, tmp_path):
    from conftest import STACK_SH
    stack.redis_cli("XGROUP", "DESTROY", "cvm:events", "cvm-notify")
    assert "notify not started: CVMATCH_NOTIFY_URL is not set" in stack.sh("start-service", "notify")
    assert "not configured (CVMATCH_NOTIFY_URL)" in stack.sh("status")
    env = dict(stack.env, CVMATCH_NOTIFY_URL=receiver.url)
    r = subprocess.run([str(STACK_SH), "start-service", "notify"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "cvctl notify follows the event stream" in r.stdout, r.stdout + r.stderr
    try:
        deadline = time.time() + 15
        while "cvm-notify" not in stack.redis_cli("XINFO", "GROUPS", "cvm:events") and time.time() < deadline:
            time.sleep(0.05)
        downloads(stack, 1, {"utm_source": "stack-it"})
        got = receiver.wait_for(1)
        assert len(got) == 1 and got[0]["utm_source"] == "stack-it"
        assert "notify" in stack.sh("status") and "running" in [l for l in stack.sh("status").splitlines()
                                                                if l.startswith("notify")][0]
    finally:
        subprocess.run([str(STACK_SH), "stop-service", "notify"], env=env, capture_output=True, timeout=60)
    # the webhook URL is a secret: never in the env file the stack writes
    assert receiver.url not in (stack.dir / "etc" / "cvmatch.env").read_text()
