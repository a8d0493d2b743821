"""`cvctl link new/list/rm/stats`: tagged URLs, the campaign registry, and Dub short links against
`fake_dub.FakeDub`, a local stand-in answering as Dub's API documents (upsert, analytics, errors)."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import free_port
from fake_dub import FakeDub
from test_report import BROWSER_UA, report_json, run_cvctl, today, visit

API_KEY = "dub_test_" + "k" * 24


@pytest.fixture
def dub():
    server = FakeDub(API_KEY)
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
    # Without --base the link points at CVMATCH_SITE_URL, whose documented default is the local site.
    r = run_cvctl(stack, "link", "new", "--source", "a", "--medium", "m", "--campaign", "c", CVMATCH_SITE_URL="")
    assert r.stdout.strip() == "http://127.0.0.1:8080/?utm_source=a&utm_medium=m&utm_campaign=c"
    r = run_cvctl(stack, "link", "new", "--source", "a", "--medium", "m", "--campaign", "c", "--base", stack.url("/"),
                  "--shorten", check=False)
    assert r.returncode != 0 and "DUB_API_KEY" in r.stderr


def test_shorten_upserts_the_same_dub_link_on_every_run(stack, dub, tmp_path):
    args = ["link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "dub test",
            "--base", "https://cv.example/", "--shorten", "--key", "cv-li", "--dub-url", dub.url]
    r = run_cvctl(stack, *args, "--domain", "go.cv.example", "--expires", "2027-01-31", "--tag", "cv",
                  "--tag", "linkedin", "--qr", str(tmp_path / "li.svg"), DUB_API_KEY=API_KEY)
    lines = r.stdout.strip().splitlines()
    assert lines == ["https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=dub%20test",
                     "https://go.cv.example/cv-li"]
    req = dub.requests[0]
    assert req["method"] == "PUT" and req["path"] == "/links/upsert"
    assert req["headers"]["Authorization"] == "Bearer " + API_KEY
    body = json.loads(req["body"])
    assert body["url"] == lines[0] and body["key"] == "cv-li" and body["domain"] == "go.cv.example"
    assert body["expiresAt"] == "2027-01-31T23:59:59Z" and body["tagNames"] == ["cv", "linkedin"]
    assert body["externalId"].startswith("cvm_dub-test_") and body["utm_campaign"] == "dub test"
    assert "trackConversion" not in body
    assert API_KEY not in r.stdout + r.stderr
    svg = (tmp_path / "li.svg").read_text()
    assert svg.startswith("<svg") and "M4 4h1v1h-1z" in svg

    # a second run (another tag) updates the same Dub link: still one link, same id
    run_cvctl(stack, *args, "--tag", "spring", "--qr", str(tmp_path / "li.png"), DUB_API_KEY=API_KEY)
    assert len(dub.links) == 1
    only = list(dub.links.values())[0]
    assert [t["name"] for t in only["tags"]] == ["spring"] and only["externalId"] == body["externalId"]
    assert (tmp_path / "li.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    entry = [e for e in registered(stack) if e["utm_campaign"] == "dub test"][0]
    assert entry["short_link"] == "https://go.cv.example/cv-li" and entry["dub_link_id"] == only["id"]
    assert entry["external_id"] == body["externalId"] and entry["tags"] == ["spring"]


def test_link_stats_sets_dub_clicks_against_the_funnel_and_rm_deletes(stack, dub):
    r = run_cvctl(stack, "link", "new", "--source", "github", "--medium", "referral", "--campaign", "stats-it",
                  "--base", stack.url("/"), "--shorten", "--dub-url", dub.url, DUB_API_KEY=API_KEY)
    url, short = r.stdout.strip().splitlines()
    link_id = dub.by_external_id(json.loads(dub.requests[-1]["body"])["externalId"])["id"]
    dub.click(link_id, 5)
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    for i in range(2):
        visit(stack, params, BROWSER_UA % ("stats-%d" % i))
    data = stack.match_token("backend developer", params=params)
    assert stack.download(url=data["download"]).status_code == 200

    r = run_cvctl(stack, "link", "stats", "--dub-url", dub.url, DUB_API_KEY=API_KEY)
    assert short in r.stdout and "5 clicks → 2 visits → 1 matches → 1 downloads" in r.stdout, r.stdout
    stats = json.loads(run_cvctl(stack, "link", "stats", "--json", "--dub-url", dub.url, DUB_API_KEY=API_KEY).stdout)
    row = [l for l in stats["links"] if l["utm_campaign"] == "stats-it"][0]
    assert (row["clicks"], row["visits"], row["matches"], row["downloads"]) == (5, 2, 1, 1)
    q = [r for r in dub.requests if r["path"] == "/analytics"][-1]["query"]
    assert q["event"] == ["clicks"] and q["groupBy"] == ["count"] and q["linkId"] == [link_id]
    # the clicks are cached where the dashboard reads them
    cached = [l for l in report_json(stack, "--since", today())["links"] if l["utm_campaign"] == "stats-it"][0]
    assert cached["dub_clicks"] == 5 and cached["downloads"] == 1

    # Dub answering 429 is an error message, not a crash; the funnel is still shown
    dub.fail_next = ["rate_limit_exceeded"]
    r = run_cvctl(stack, "link", "stats", "--dub-url", dub.url, DUB_API_KEY=API_KEY)
    assert "clicks unavailable: Dub's rate limit was reached (429: Too many requests.)" in r.stdout

    r = run_cvctl(stack, "link", "rm", "--source", "github", "--medium", "referral", "--campaign", "stats-it",
                  "--dub-url", dub.url, DUB_API_KEY=API_KEY)
    assert "deleted Dub link %s" % link_id in r.stdout and link_id not in dub.links
    assert not [e for e in registered(stack) if e["utm_campaign"] == "stats-it"]
    r = run_cvctl(stack, "link", "rm", "--source", "github", "--medium", "referral", "--campaign", "stats-it",
                  check=False)
    assert r.returncode != 0 and "no registered link has these values" in r.stderr


@pytest.mark.parametrize("code, message", [
    ("unauthorized", "Dub refused the API key (401: Injected failure.). Check DUB_API_KEY"),
    ("conflict", "Dub already has a short link with that key (409: Injected failure.). Choose another --key"),
    ("rate_limit_exceeded", "Dub's rate limit was reached (429: Too many requests.). Wait a minute"),
    ("internal_server_error", "Dub refused the request (500: Injected failure.)."),
])
def test_dub_errors_are_clear_messages(stack, dub, code, message):
    dub.fail_next = [code]
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "errors",
                  "--base", "https://cv.example/", "--shorten", "--key", "taken", "--dub-url", dub.url,
                  DUB_API_KEY=API_KEY, check=False)
    assert r.returncode == 1
    assert message in r.stderr, r.stderr
    assert API_KEY not in r.stdout + r.stderr


def test_a_wrong_key_is_refused_by_the_fake_as_by_dub(stack, dub):
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "badkey",
                  "--base", "https://cv.example/", "--shorten", "--dub-url", dub.url, DUB_API_KEY="dub_wrong",
                  check=False)
    assert r.returncode == 1 and "Dub refused the API key (401: Unauthorized: Invalid API key.)" in r.stderr


def test_dub_url_comes_from_the_environment_too(stack, dub):
    r = run_cvctl(stack, "link", "new", "--source", "github", "--medium", "referral", "--campaign", "readme",
                  "--base", "https://cv.example/", "--shorten", DUB_API_KEY=API_KEY, DUB_API_URL=dub.url + "/",
                  DUB_TRACK_LEADS="1")
    assert r.stdout.strip().splitlines()[-1].startswith("https://dub.sh/")
    body = json.loads(dub.requests[0]["body"])
    assert dub.requests[0]["path"] == "/links/upsert" and "key" not in body
    # with lead tracking on, Dub is asked to append dub_id to the destination
    assert body["trackConversion"] is True


def test_unreachable_dub_is_a_network_error(stack):
    closed = "http://127.0.0.1:%d" % free_port()
    r = run_cvctl(stack, "link", "new", "--source", "linkedin", "--medium", "social", "--campaign", "offline",
                  "--base", "https://cv.example/", "--shorten", "--dub-url", closed, DUB_API_KEY=API_KEY, check=False)
    assert r.returncode == 1
    assert "Cannot reach Dub: %s: " % closed in r.stderr and "Check the network and --dub-url" in r.stderr


def test_the_fake_answers_as_dubs_api_documents(dub):
    """The stand-in's contract, as Dub documents it: error bodies, statuses and rate-limit headers."""
    import requests
    auth = {"Authorization": "Bearer " + API_KEY}
    r = requests.post(dub.url + "/links", json={"url": "https://cv.example/"}, timeout=5)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized" and "doc_url" in r.json()["error"]
    assert requests.post(dub.url + "/links", json={}, headers=auth, timeout=5).status_code == 422
    made = requests.post(dub.url + "/links", json={"url": "https://cv.example/", "key": "k"}, headers=auth, timeout=5)
    assert made.status_code == 200 and made.json()["shortLink"] == "https://dub.sh/k"
    dup = requests.post(dub.url + "/links", json={"url": "https://cv.example/b", "key": "k"}, headers=auth, timeout=5)
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "conflict"
    again = requests.put(dub.url + "/links/upsert", json={"url": "https://cv.example/", "externalId": "e1"},
                         headers=auth, timeout=5)
    assert again.json()["id"] == made.json()["id"] and len(dub.links) == 1  # same URL: the same link
    info = requests.get(dub.url + "/links/info", params={"externalId": "e1"}, headers=auth, timeout=5)
    assert info.json()["id"] == made.json()["id"]
    dub.click(made.json()["id"], 3)
    count = requests.get(dub.url + "/analytics", params={"event": "clicks", "groupBy": "count",
                                                         "linkId": made.json()["id"]}, headers=auth, timeout=5)
    assert count.json()["clicks"] == 3
    dub.fail_next = ["rate_limit_exceeded"]
    limited = requests.get(dub.url + "/links/info", params={"externalId": "e1"}, headers=auth, timeout=5)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert limited.headers["X-RateLimit-Remaining"] == "0" and limited.json()["error"]["code"] == "rate_limit_exceeded"
    lead = requests.post(dub.url + "/track/lead", json={"clickId": "nope", "eventName": "x", "customerExternalId": "c"},
                         headers=auth, timeout=5)
    assert lead.status_code == 404 and lead.json()["error"]["code"] == "not_found"
    gone = requests.delete(dub.url + "/links/ext_e1", headers=auth, timeout=5)
    assert gone.json() == {"id": made.json()["id"]} and not dub.links
    assert requests.delete(dub.url + "/links/ext_e1", headers=auth, timeout=5).status_code == 404
