"""`cvctl link new/list`: tagged URLs, the campaign registry, and Dub short links against a local
stand-in for Dub's API that checks method, path, bearer key and JSON fields."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import free_port
from test_report import BROWSER_UA, report_json, run_cvctl, today, visit

API_KEY = "dub_test_" + "k" * 24


class FakeDub:
    """POST /links → the configured status and body; every request is recorded."""

    def __init__(self):
        self.requests = []
        self.status = 200
        self.body = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.requests.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": raw})
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                payload = json.dumps(owner.body).encode()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                owner.requests.append({"method": "GET", "path": self.path})
                self.send_error(405)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def dub():
    server = FakeDub()
    yield server
    server.close()


def registered(stack):
    return json.loads(run_cvctl(stack, "link", "list", "--json").stdout)


def test_link_new_prints_the_tagged_url_and_registers_it(stack):
    base = stack.url("/")
    r = run_cvctl(stack, "link", "new", "--source", "LinkedIn", "--medium", "social", "--campaign", "Spring Hiring",
                  "--term", "naïve café", "--content", "Zürich", "--base", base)
    url = r.stdout.strip()
    assert url == (base + "?utm_source=linkedin&utm_medium=social&utm_campaign=spring%20hiring"
                   "&utm_term=na%C3%AFve%20caf%C3%A9&utm_content=z%C3%BCrich")
    entry = [e for e in registered(stack) if e["utm_campaign"] == "spring hiring"]
    assert len(entry) == 1 and entry[0]["url"] == url and entry[0]["utm_term"] == "naïve café"
    assert "short_link" not in entry[0]
    listing = run_cvctl(stack, "link", "list").stdout
    assert "linkedin / social / spring hiring" in listing and url in listing

    # a visit through that very link lands in a known row
    visit(stack, {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}, BROWSER_UA % "links-1")
    row = [c for c in report_json(stack, "--since", today())["channels"]
           if c["utm_campaign"] == "spring hiring" and not c["demo"]]
    assert len(row) == 1 and row[0]["status"] == "known" and row[0]["visits"] >= 1


def test_link_new_refuses_bad_input(stack):
    r = run_cvctl(stack, "link", "new", "--source", "a|b", "--medium", "m", "--campaign", "c",
                  "--base", stack.url("/"), check=False)
    assert r.returncode != 0 and "utm_source \"a|b\" would be dropped" in r.stderr
    r = run_cvctl(stack, "link", "new", "--source", "a", "--medium", "m", "--campaign", "c", "--base", "cv.example", check=False)
    assert r.returncode != 0 and "must start with https:// or http://" in r.stderr
    # the stack sets CVMATCH_SITE_URL (the page's canonical URL); without it and --base there is no site
    r = run_cvctl(stack, "link", "new", "--source", "a", "--medium", "m", "--campaign", "c", check=False, CVMATCH_SITE_URL="")
    assert r.returncode != 0 and "CVMATCH_SITE_URL" in r.stderr
    r = run_cvctl(stack, "link", "new", "--source", "a", "--medium", "m", "--campaign", "c", "--base", stack.url("/"),
                  "--shorten", check=False)
    assert r.returncode != 0 and "DUB_API_KEY" in r.stderr


def test_shorten_posts_to_dub_and_prints_the_short_link(stack, dub):
    dub.body = {"id": "link_1", "shortLink": "https://dub.sh/cv-li", "domain": "dub.sh", "key": "cv-li"}
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "dub test",
                  "--base", "https://cv.example/", "--shorten", "--key", "cv-li", "--dub-url", dub.url,
                  DUB_API_KEY=API_KEY)
    lines = r.stdout.strip().splitlines()
    assert lines == ["https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=dub%20test",
                     "https://dub.sh/cv-li"]
    assert len(dub.requests) == 1
    req = dub.requests[0]
    assert req["method"] == "POST" and req["path"] == "/links"
    assert req["headers"]["Authorization"] == "Bearer " + API_KEY
    assert req["headers"]["Content-Type"] == "application/json"
    assert json.loads(req["body"]) == {"url": lines[0], "key": "cv-li", "utm_source": "linkedin",
                                       "utm_medium": "social", "utm_campaign": "dub test"}
    assert API_KEY not in r.stdout + r.stderr
    entry = [e for e in registered(stack) if e["utm_campaign"] == "dub test"]
    assert entry[0]["short_link"] == "https://dub.sh/cv-li"


def test_dub_url_comes_from_the_environment_too(stack, dub):
    dub.body = {"shortLink": "https://dub.sh/env"}
    r = run_cvctl(stack, "link", "new", "--source", "github", "--medium", "referral", "--campaign", "readme",
                  "--base", "https://cv.example/", "--shorten", DUB_API_KEY=API_KEY, DUB_API_URL=dub.url + "/")
    assert r.stdout.strip().splitlines()[-1] == "https://dub.sh/env"
    assert dub.requests[0]["path"] == "/links" and "key" not in json.loads(dub.requests[0]["body"])


@pytest.mark.parametrize("status, body, message", [
    (401, {"error": {"code": "unauthorized", "message": "Invalid API key.", "doc_url": "https://dub.co/docs"}},
     "Dub refused the API key (401: Invalid API key.). Check DUB_API_KEY"),
    (409, {"error": {"code": "conflict", "message": "Duplicate key: This short link already exists."}},
     "Dub already has a short link with that key (409: Duplicate key: This short link already exists.). Choose another --key"),
    (429, {"error": {"code": "rate_limit_exceeded", "message": "Too many requests."}},
     "Dub's rate limit was reached (429: Too many requests.). Wait a minute"),
    (500, {"error": {"code": "internal_server_error", "message": "Oops."}}, "Dub refused the link (500: Oops.)."),
])
def test_dub_errors_are_clear_messages(stack, dub, status, body, message):
    dub.status, dub.body = status, body
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "errors",
                  "--base", "https://cv.example/", "--shorten", "--key", "taken", "--dub-url", dub.url,
                  DUB_API_KEY=API_KEY, check=False)
    assert r.returncode == 1
    assert message in r.stderr, r.stderr
    assert API_KEY not in r.stdout + r.stderr


def test_unreachable_dub_is_a_network_error(stack):
    closed = "http://127.0.0.1:%d" % free_port()
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "offline",
                  "--base", "https://cv.example/", "--shorten", "--dub-url", closed, DUB_API_KEY=API_KEY, check=False)
    assert r.returncode == 1
    assert "Cannot reach Dub: %s: " % closed in r.stderr and "Check the network and --dub-url" in r.stderr
