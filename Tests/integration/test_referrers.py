"""Referrers end to end through nginx: the visit beacon's JSON body, the normalised host kept (never
the URL), untagged visits attributed to the referrer's channel, self-referrals ignored, the match
call's referrer carried to the download, and `--by referrer` in `cvctl report` and the stats API;
then the real page in Chromium, opened as if from a link on another site."""
import json
import secrets

from test_browser import answer, browser, emulate, wait, wait_for_file  # noqa: F401 (fixture)
from test_report import BROWSER_UA, redis_client, report_json, row_of, today


def beacon(stack, body, agent, params=None):
    r = stack.http.post(stack.url("/api/visit"), params=params or {}, data=body,
                        headers={"User-Agent": agent, "Content-Type": "text/plain;charset=UTF-8"}, timeout=5)
    return r


def test_the_beacon_keeps_only_the_normalised_referring_host(stack):
    tag = secrets.token_hex(4)
    site = "it-%s.example.org" % tag
    sends = [
        json.dumps({"referrer": "https://www.%s/post/1?secret=token#frag" % site}),
        json.dumps({"referrer": "https://m.%s/" % site}),
        json.dumps({"referrer": stack.url("/?utm_source=self")}),      # the site itself: no source
        json.dumps({"referrer": ""}),
        "",                                                             # no body at all
    ]
    for n, body in enumerate(sends):
        assert beacon(stack, body, BROWSER_UA % ("%s-%d" % (tag, n))).status_code == 204
    bad = beacon(stack, '{"referrer": ', BROWSER_UA % (tag + "-bad"))
    assert bad.status_code == 400 and bad.json()["error"] == "malformed_json"
    assert beacon(stack, "x" * 5000, BROWSER_UA % (tag + "-big")).status_code == 413

    day = today()
    daily = redis_client(stack).hgetall("cvm:daily:" + day)
    assert daily.get("visit|||||||" + site) == "2"
    assert not any("127.0.0.1" in field for field in daily)
    stream = json.dumps(redis_client(stack).xrange("cvm:events", "-", "+"))
    assert site in stream and "secret=token" not in stream and "/post/1" not in stream

    # a match and a download from the same referrer (the page sends the host on match calls)
    data = stack.match_token("backend developer", params={"referrer": "www." + site})
    assert data["download"].endswith("&referrer=" + site)
    assert stack.download(url=data["download"]).status_code == 200

    by_referrer = report_json(stack, "--since", day, "--by", "referrer", "--exclude-demo")
    row = row_of(by_referrer["rows"], referrer=site)
    assert (row["visits"], row["attempts"], row["matches"], row["downloads"]) == (2, 1, 1, 1)
    assert "status" not in row
    channel = row_of(report_json(stack, "--since", day, "--exclude-demo")["rows"], utm_source=site)
    assert channel["utm_medium"] == "referral" and channel["status"] == "referred" and channel["visits"] == 2

    r = stack.http.get(stack.url("/admin/api/stats"), params={"since": day, "by": "referrer", "demo": "exclude"},
                       auth=stack.admin_auth(), timeout=10)
    assert r.status_code == 200
    assert row_of(r.json()["rows"], referrer=site)["downloads"] == 1


def test_the_page_reports_where_it_was_linked_from(stack, browser):
    from selenium.webdriver.common.by import By

    tag = secrets.token_hex(4)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setUserAgentOverride", {"userAgent": BROWSER_UA % ("page-" + tag)})
    emulate(browser, "light")
    # opened from a LinkedIn post through LinkedIn's shortener, without UTM tags
    # (the test site is plain http, so the https referrer needs the policy a downgrade allows)
    browser.execute_cdp_cmd("Page.navigate", {"url": stack.url("/"), "referrer": "https://lnkd.in/%s?trk=x" % tag,
                                              "referrerPolicy": "unsafeUrl"})
    wait(browser).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert browser.execute_script("return document.referrer") == "https://lnkd.in/%s?trk=x" % tag
    visits_key = "visit|||||||linkedin.com"
    daily = "cvm:daily:" + today()
    client = redis_client(stack)
    before = int(client.hget(daily, "download||||backend|||linkedin.com") or 0)
    wait(browser).until(lambda d: client.hget(daily, visits_key) is not None)
    browser.find_elements(By.CSS_SELECTOR, "button.chip[data-position]")[0].click()
    answer(browser)
    href = browser.find_element(By.ID, "download").get_attribute("href")
    assert href.endswith("&referrer=linkedin.com") or "referrer=linkedin.com&" in href, href
    browser.find_element(By.ID, "download").click()
    wait_for_file(browser.download_dir)
    assert int(client.hget(daily, "download||||backend|||linkedin.com") or 0) == before + 1
