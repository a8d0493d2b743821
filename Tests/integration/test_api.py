"""The HTTP API through nginx, against real Redis (plain and with RediSearch) and the real
embedding server. Every test runs once per Redis kind (see conftest.py)."""
import concurrent.futures
import json
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import UTM
from job_ad import job_ad

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


def assert_json_error(r, status=None):
    if status is None:
        assert 400 <= r.status_code < 600, (r.status_code, r.text)
    else:
        assert r.status_code == status, (r.status_code, r.text)
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return body


def content_dispositions(r):
    raw = r.raw.headers.getlist("Content-Disposition") if hasattr(r.raw.headers, "getlist") else []
    return raw or ([r.headers["Content-Disposition"]] if "Content-Disposition" in r.headers else [])


# -- static page ------------------------------------------------------------------------------

def test_page_is_served_with_security_headers(stack):
    r = stack.http.get(stack.url("/"), timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    for h in SECURITY_HEADERS:
        assert h in r.headers, h
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert 'src="/app.js"' in r.text and 'href="/style.css"' in r.text
    assert "<script>" not in r.text and "style=" not in r.text  # CSP: nothing inline
    for path in ("/app.js", "/style.css", "/theme.css"):
        r = stack.http.get(stack.url(path), headers={"Accept-Encoding": "gzip"}, timeout=5)
        assert r.status_code == 200
        assert r.headers.get("Content-Encoding") == "gzip", path


def test_pdf_not_reachable_without_token(stack):
    for path in ("/_cv/backend-developer.pdf", "/_cv/product-manager.pdf", "/_cv/", "/pdf/backend-developer.pdf",
                 "/backend-developer.pdf"):
        r = stack.http.get(stack.url(path), timeout=5)
        assert r.status_code == 404, path
        assert not r.content.startswith(b"%PDF"), path


def test_unknown_api_path_is_json_404(stack):
    assert_json_error(stack.http.get(stack.url("/api/nope"), timeout=5), 404)


def test_fastcgi_sockets_are_group_restricted(stack):
    import os
    import stat
    for name in ("match.sock", "download.sock"):
        st = os.stat(stack.dir / "sock" / name)
        assert stat.S_ISSOCK(st.st_mode)
        assert stat.S_IMODE(st.st_mode) == 0o660, oct(st.st_mode)
        if os.getuid() == 0:
            import grp
            assert grp.getgrgid(st.st_gid).gr_name == "www-data"


# -- match -> download ------------------------------------------------------------------------

def test_match_then_download_once(stack):
    r = stack.post_match("backend developer", params=UTM)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    data = r.json()
    assert data["matched"] is True
    assert data["position"]["id"] == "backend"
    assert data["position"]["title"] == "Backend Developer"
    assert 0 <= data["score"] <= 100
    assert isinstance(data["detail"], str) and data["detail"]
    assert data["token"].count(".") == 2
    dl = data["download"]
    assert dl.startswith("/api/download?")
    q = parse_qs(urlsplit(dl).query)
    assert q["token"] == [data["token"]]
    for k, v in UTM.items():
        assert q.get(k) == [v], (k, dl)

    r = stack.download(url=dl)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    cds = content_dispositions(r)
    assert len(cds) == 1, cds
    assert cds[0].startswith("attachment;") and 'filename="' in cds[0] and cds[0].endswith('.pdf"'), cds
    assert r.content.startswith(b"%PDF")
    for h in SECURITY_HEADERS:
        assert h in r.headers, h

    again = stack.download(url=dl)
    assert_json_error(again, 410)


def test_product_manager_downloads_its_own_pdf(stack):
    data = stack.match_token("product manager")
    assert data["position"]["title"] == "Product Manager"
    r = stack.download(url=data["download"])
    assert r.status_code == 200
    assert r.content.startswith(b"%PDF")
    assert b"Product Manager" in r.content  # the demo PDF's title line


def test_head_does_not_consume(stack):
    data = stack.match_token()
    for _ in range(2):
        h = stack.download(url=data["download"], method="HEAD")
        assert h.status_code == 200
        assert h.headers["Content-Type"] == "application/pdf"
        assert "attachment" in h.headers.get("Content-Disposition", "")
        assert h.content == b""
    g = stack.download(url=data["download"])
    assert g.status_code == 200 and g.content.startswith(b"%PDF")
    h = stack.download(url=data["download"], method="HEAD")
    assert h.status_code == 410


def test_concurrent_downloads_yield_one_pdf(stack):
    data = stack.match_token()
    url = stack.url(data["download"])
    barrier = threading.Barrier(20)

    def fetch(_):
        import requests
        barrier.wait(timeout=10)
        r = requests.get(url, timeout=15)
        return r.status_code, r.content[:4]

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fetch, range(20)))
    ok = [r for r in results if r[0] == 200]
    gone = [r for r in results if r[0] == 410]
    assert len(ok) == 1, results
    assert ok[0][1] == b"%PDF"
    assert len(gone) == 19, results


# -- tokens -----------------------------------------------------------------------------------

def test_token_signed_with_the_key_file_is_accepted(stack):
    """Contract check: HS256, header kid, claims pos/jti/iat/exp, secret = the key file's text."""
    r = stack.download(stack.sign(stack.claims("backend")))
    assert r.status_code == 200, r.text
    assert r.content.startswith(b"%PDF")


def test_tampered_tokens_are_403(stack):
    token = stack.match_token()["token"]
    head, payload, sig = token.split(".")
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    assert_json_error(stack.download(head + "." + payload + "." + flipped), 403)
    # swap the position in the claims, keep the signature
    import base64
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["pos"] = "product"
    from conftest import b64url
    forged = head + "." + b64url(json.dumps(claims).encode()) + "." + sig
    assert_json_error(stack.download(forged), 403)
    for junk in ("abc", "a.b.c", "", "..", token + "x", token.replace(".", "", 1)):
        r = stack.download(junk)
        assert r.status_code in (400, 403), (junk, r.status_code)
        assert_json_error(r)
    # the untouched token still works: failed attempts never consumed it
    ok = stack.download(token)
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")


def test_expired_token_is_410(stack):
    now = int(time.time())
    token = stack.sign(stack.claims("backend", lifetime=600, now=now - 1200))
    assert_json_error(stack.download(token), 410)


def test_wrong_key_tokens_are_403(stack):
    kid, secret = stack.token_keys()[-1]
    other = "x" * 64
    assert_json_error(stack.download(stack.sign(stack.claims(), kid=kid, secret=other)), 403)
    assert_json_error(stack.download(stack.sign(stack.claims(), kid="no-such-key", secret=secret)), 403)
    no_kid = stack.sign(stack.claims(), header={"alg": "HS256", "typ": "JWT"}, secret=secret, kid=kid)
    assert_json_error(stack.download(no_kid), 403)


def test_other_algorithms_are_403(stack):
    kid, secret = stack.token_keys()[-1]
    none = stack.sign(stack.claims(), kid=kid, secret=secret, alg="none")
    assert_json_error(stack.download(none), 403)
    hs512 = stack.sign(stack.claims(), kid=kid, secret=secret, alg="HS512")
    assert_json_error(stack.download(hs512), 403)


def test_download_rejects_other_methods(stack):
    token = stack.match_token()["token"]
    r = stack.http.post(stack.url("/api/download?token=" + token), timeout=5)
    assert_json_error(r, 405)
    assert stack.download(token).status_code == 200


# -- bad requests -----------------------------------------------------------------------------

@pytest.mark.parametrize("body,ctype", [
    ('{"position": "backend', "application/json"),                 # malformed JSON
    ("not json at all", "application/json"),
    ('{"position": "backend developer"}', "text/plain"),           # wrong content type
    ("position=backend+developer", "application/x-www-form-urlencoded"),
    ('{"position": ""}', "application/json"),                      # empty
    ('{"position": "   \\t  "}', "application/json"),             # whitespace only
    ('{"position": 42}', "application/json"),                      # not a string
    ('{"title": "backend developer"}', "application/json"),        # missing field
    ('["backend developer"]', "application/json"),                 # not an object
    (json.dumps({"position": "a" * 6001}), "application/json"),    # 6,001 characters
    (json.dumps({"position": "é" * 6001}, ensure_ascii=False), "application/json"),  # 6,001 characters, 12 KB
], ids=["truncated", "garbage", "text-plain", "form", "empty", "whitespace", "number", "missing",
        "array", "6001-chars", "6001-accented"])
def test_bad_bodies_are_4xx_json(stack, body, ctype):
    r = stack.post_match(None, data=body.encode(), headers={"Content-Type": ctype})
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    assert_json_error(r)


def test_6000_characters_is_accepted(stack):
    for text in ("backend developer " * 400)[:6000], "é" * 6000:
        assert len(text) == 6000
        r = stack.post_match(text)
        assert r.status_code == 200, r.text
        assert r.json()["matched"] in (True, False)


def test_body_over_80kb_is_413_json(stack):
    body = json.dumps({"position": "backend", "padding": "x" * 82000}).encode()
    r = stack.post_match(None, data=body, headers={"Content-Type": "application/json"})
    assert_json_error(r, 413)


def test_a_6000_character_job_ad_is_accepted_and_logged_only_in_part(stack):
    ad = job_ad(6000)
    r = stack.post_match(ad)                      # through nginx, as the page sends it
    assert r.status_code == 200, r.text
    assert r.json()["matched"] in (True, False)
    # the query log keeps the first 120 characters, never the contact details further down
    day = time.strftime("%Y-%m-%d", time.gmtime())
    stored = stack.redis_cli("ZRANGE", "cvm:queries:" + day, "0", "-1").splitlines()
    stored += stack.redis_cli("HKEYS", "cvm:qout:" + day).splitlines()
    opening = [q for q in stored if q.startswith("senior backend engineer (payments platform)")]
    assert opening and all(len(q) <= 120 for q in opening), opening
    assert max(len(q) for q in stored) <= 120
    dump = stack.redis_cli("--scan", "--pattern", "cvm:*")
    assert "oosterbeek" not in "".join(stored) and "oosterbeek" not in dump
    for log in ("match.log", "nginx-access.log", "nginx-error.log"):
        assert "oosterbeek" not in stack.log(log).lower(), log


def test_6000_characters_fit_the_body_limit_in_any_json_encoding(stack):
    text = "\U0001F4BC" * 6000
    for body in (json.dumps({"position": text}, ensure_ascii=False), json.dumps({"position": text})):
        assert len(body.encode()) in (24016, 72016)                  # UTF-8, or \\ud83d\\udcbc escapes
        r = stack.post_match(None, data=body.encode(), headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text


def test_6001_characters_are_a_json_400(stack):
    r = stack.post_match(job_ad(6001))
    assert_json_error(r, 400)
    assert r.json()["error"] == "position_too_long"
    assert "6000" in r.json()["detail"]


def test_match_requires_post(stack):
    assert_json_error(stack.http.get(stack.url("/api/match"), timeout=5), 405)


# -- no match, visits, UTM ----------------------------------------------------------------------

def test_random_characters_do_not_match(stack):
    r = stack.post_match("xqzv kwpt jjrm vvbn")
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["matched"] is False, data
    assert 0 <= data["score"] <= 100
    assert isinstance(data["detail"], str) and data["detail"]
    assert "token" not in data and "download" not in data


def test_visit_is_204(stack):
    r = stack.http.post(stack.url("/api/visit"), params=UTM, timeout=5)
    assert r.status_code == 204, r.text
    assert r.content == b""
    # what navigator.sendBeacon sends without data
    r = stack.http.post(stack.url("/api/visit?utm_source=beacon"), data=b"",
                        headers={"Content-Type": "text/plain;charset=UTF-8"}, timeout=5)
    assert r.status_code == 204


def test_utm_parameters_pass_through(stack):
    params = dict(UTM, utm_term="swift dev", utm_content="pdf-footer", unknown="dropped")
    r = stack.post_match("backend developer", params=params)
    assert r.status_code == 200
    data = r.json()
    q = parse_qs(urlsplit(data["download"]).query)
    for k in ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref"):
        assert q.get(k) == [params[k]], (k, data["download"])
    r = stack.download(url=data["download"])
    assert r.status_code == 200
    # nginx passed the query string on (the access log shows it reached the API)
    log = stack.log("nginx-access.log")
    assert "/api/match?" in log and "utm_term=swift" in log


def test_admin_requires_basic_auth(stack):
    assert stack.http.get(stack.url("/admin/"), timeout=5).status_code == 401
    assert stack.http.get(stack.url("/admin/api/stats"), timeout=5).status_code == 401
    r = stack.http.get(stack.url("/admin/api/stats"), auth=("admin", "wrong"), timeout=5)
    assert r.status_code == 401
    r = stack.http.get(stack.url("/admin/api/stats"), auth=stack.admin_auth(), timeout=10)
    assert r.status_code != 401
    assert r.headers.get("Content-Type", "").startswith("application/json")

