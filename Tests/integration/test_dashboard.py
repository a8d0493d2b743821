"""The owner dashboard in headless Chromium: basic auth, demo data, every chart drawn with data,
the grouping selector, the comparison with the previous period, filtering by a row and the CSV
export (desktop and phone widths: no text under 11 px, no word broken), and no serious or
critical axe-core violation in either colour scheme. Screenshots are saved as
screenshot-dashboard*.png in the stack directory."""
import base64
import json
import shutil
from datetime import datetime, timedelta, timezone

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, axe_violations, emulate, make_driver, wait_for_file
from test_report import run_cvctl

# Sizes of the drawn SVG shapes, per chart; the test needs them all non-zero.
SHAPES_JS = """
function boxes(selector) {
  return Array.prototype.map.call(document.querySelectorAll(selector), function (n) {
    var b = n.getBBox(); return [b.width, b.height];
  });
}
function bars(selector) {
  return Array.prototype.map.call(document.querySelectorAll(selector), function (n) {
    var b = n.getBBox(); return [Number(n.getAttribute('data-value')), b.width, b.height];
  });
}
return {
  funnel: bars('#funnel-chart rect.bar'),
  daily: boxes('#daily-chart polyline.series'),
  dots: document.querySelectorAll('#daily-chart circle.s-visits').length,
  positions: bars('#positions-chart rect.bar'),
  channels: document.querySelectorAll('#channels-table tbody tr').length,
  queries: document.querySelectorAll('#queries-table tbody tr td.query').length,
  known: document.querySelectorAll('#known-campaigns li').length,
  shortLinks: Array.prototype.map.call(document.querySelectorAll('#known-campaigns .short'), function (n) { return n.textContent; }),
  linkCounts: Array.prototype.map.call(document.querySelectorAll('#known-campaigns .count'), function (n) { return n.textContent; }),
  unknown: document.querySelectorAll('#unknown-campaigns li').length,
  demoNote: !document.getElementById('demo-note').hidden,
  status: document.getElementById('status').textContent
};
"""


@pytest.fixture
def dashboard(stack, tmp_path):
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("chromium and chromium-driver are required (apt-get install chromium chromium-driver)")
    run_cvctl(stack, "demo", "--days", "30")
    driver = make_driver(tmp_path, width=1280, height=2300)
    driver.download_dir = tmp_path
    user, password = stack.admin_auth()
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + token}})
    yield driver
    driver.quit()
    run_cvctl(stack, "demo", "--clear")


def wait_loaded(driver):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.body.getAttribute('data-loaded')") == "true")


def test_dashboard_draws_every_chart_with_data(stack, dashboard):
    from selenium.webdriver.common.by import By

    # a real link whose Dub clicks `cvctl link stats` cached: the links panel shows them
    field = "dash|social|dub-clicks||"
    stack.redis_cli("HSET", "cvm:campaigns", field, json.dumps({
        "url": "https://cv.example/?utm_source=dash&utm_medium=social&utm_campaign=dub-clicks",
        "utm_source": "dash", "utm_medium": "social", "utm_campaign": "dub-clicks", "short_link": "https://dub.sh/dash",
        "created": "2026-01-01T00:00:00Z", "dub_link_id": "link_1", "dub_clicks": 12, "dub_clicks_at": "2026-01-02T00:00:00Z"}))
    try:
        dashboard.get(stack.url("/admin/"))
        wait_loaded(dashboard)
        shapes = dashboard.execute_script(SHAPES_JS)
        dashboard.save_screenshot(str(stack.dir / "screenshot-dashboard.png"))
    finally:
        stack.redis_cli("HDEL", "cvm:campaigns", field)
    assert "12 Dub clicks → 0 visits → 0 matches → 0 downloads" in [c.replace("\u00a0", " ") for c in shapes["linkCounts"]], \
        shapes["linkCounts"]

    # every bar with a value has a size, and bars are as long as their values say
    assert len(shapes["funnel"]) == 4 and all(v > 0 and w > 0 and h > 0 for v, w, h in shapes["funnel"]), shapes
    widths = [w for _, w, _ in shapes["funnel"]]
    assert widths == sorted(widths, reverse=True)          # visits ≥ attempts ≥ matches ≥ downloads
    visits, _, _ = shapes["funnel"][0]
    assert all(abs(w / widths[0] - v / visits) < 0.01 for v, w, _ in shapes["funnel"])
    assert len(shapes["daily"]) == 4 and all(w > 0 and h > 0 for w, h in shapes["daily"]), shapes
    assert shapes["dots"] == 30
    drawn = [(v, w) for v, w, h in shapes["positions"] if v > 0]
    assert len(drawn) >= 6 and all(w > 0 for _, w in drawn), shapes
    assert all(w == 0 for v, w, _ in shapes["positions"] if v == 0)
    assert shapes["channels"] >= 6 and shapes["queries"] >= 5
    assert shapes["known"] >= 4 and shapes["unknown"] >= 1
    assert "https://go.example/apply-directly" in shapes["shortLinks"]    # the demo's registered links
    assert shapes["demoNote"] and "30 days" in shapes["status"]

    # nothing blocked by the Content-Security-Policy, no script errors
    severe = [e for e in dashboard.get_log("browser") if e["level"] == "SEVERE" and "/favicon.ico" not in e["message"]]
    assert severe == [], severe

    # the date-range picker: the 7-day preset redraws the daily series with 7 points
    dashboard.find_element(By.CSS_SELECTOR, "button[data-days='7']").click()
    wait_loaded(dashboard)
    assert dashboard.execute_script("return document.querySelectorAll('#daily-chart circle.s-visits').length") == 7
    assert "since=" in dashboard.current_url

    # without demo data the note disappears
    dashboard.find_element(By.ID, "demo").click()
    wait_loaded(dashboard)
    assert dashboard.execute_script("return document.getElementById('demo-note').hidden") is True


def test_dashboard_shows_api_errors(stack, dashboard):
    dashboard.get(stack.url("/admin/?since=2024-04-02&until=2024-04-01"))
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(dashboard, 15).until(
        lambda d: "Could not load" in d.find_element("id", "status").text)
    assert "is after until" in dashboard.find_element("id", "status").text


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 1280), ("light", 390)])
def test_dashboard_has_no_serious_accessibility_violation(stack, dashboard, scheme, width):
    emulate(dashboard, scheme, width, 1800)
    dashboard.get(stack.url("/admin/"))
    wait_loaded(dashboard)
    dashboard.save_screenshot(str(stack.dir / ("screenshot-dashboard-%s-%d.png" % (scheme, width))))
    serious = axe_violations(dashboard, stack.dir, "dashboard-%s-%d" % (scheme, width))
    assert serious == [], serious


# The smallest text on the page in CSS pixels as drawn (SVG text scaled by its chart), with where.
SMALLEST_TEXT_JS = """
var smallest = [1e9, ''];
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var node = walker.currentNode, parent = node.parentElement;
  if (!node.textContent.trim() || !parent || parent.closest('[hidden], .visually-hidden, title')) { continue; }
  var rect = parent.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) { continue; }
  var size = parseFloat(getComputedStyle(parent).fontSize);
  if (parent instanceof SVGElement) { size *= parent.ownerSVGElement.getScreenCTM().a; }
  if (size < smallest[0]) { smallest = [size, node.textContent.trim().slice(0, 40)]; }
}
return smallest;
"""

# Words of table cells and chart labels drawn across two lines.
BROKEN_WORDS_JS = """
var broken = [];
document.querySelectorAll('td, th, .kpi span, .note, .status, h1, h2, label').forEach(function (cell) {
  var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode, re = /\\S+/g, m;
    while ((m = re.exec(node.textContent))) {
      var range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      var tops = {};
      Array.prototype.forEach.call(range.getClientRects(), function (r) { if (r.width > 0) { tops[Math.round(r.top)] = 1; } });
      if (Object.keys(tops).length > 1) { broken.push(m[0]); }
    }
  }
});
return broken;
"""


def stats(stack, **params):
    r = stack.http.get(stack.url("/admin/api/stats"), params=params, auth=stack.admin_auth(), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def expected_delta(now, before):
    if before == 0:
        return "±0" if now == 0 else "new"
    change = round((now - before) / before * 100)
    return "±0%" if change == 0 else ("+%d%%" % change if change > 0 else "\u2212%d%%" % -change)


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_groups_compares_filters_and_exports(stack, dashboard, width):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    run_cvctl(stack, "demo", "--days", "60")          # so the previous 30 days have data too
    emulate(dashboard, "light", width, 2000)
    dashboard.get(stack.url("/admin/"))
    wait_loaded(dashboard)
    today = datetime.now(timezone.utc).date()
    since, until = (today - timedelta(days=29)).isoformat(), today.isoformat()
    prev_since, prev_until = (today - timedelta(days=59)).isoformat(), (today - timedelta(days=30)).isoformat()

    # deltas on the cards and the funnel, against the previous 30 days as the API counts them
    now = stats(stack, since=since, until=until)["totals"]
    before = stats(stack, since=prev_since, until=prev_until)["totals"]
    cards = dashboard.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.kpi .kpi-delta'), function (n) { return n.textContent; })")
    funnel = dashboard.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#funnel-chart tspan.delta'), function (n) { return n.textContent; })")
    expected = [expected_delta(now[k], before[k]) for k in ("visits", "attempts", "matches", "downloads")]
    assert cards[:4] == expected and funnel == expected, (cards, funnel, now, before)
    assert len(cards) == 6 and before["visits"] > 0
    assert prev_since in dashboard.find_element(By.ID, "status").text

    # group by referrer: the table's first column and its rows come from the API's grouping
    Select(dashboard.find_element(By.ID, "by")).select_by_value("referrer")
    wait_loaded(dashboard)
    assert dashboard.find_element(By.CSS_SELECTOR, "#channels-table thead th").text == "Referrer"
    names = [b.text for b in dashboard.find_elements(By.CSS_SELECTOR, "#channels-table tbody .row-pick")]
    assert "linkedin.com" in names and "google.com" in names, names

    # choose a row: every number counts only that referrer
    [row] = [b for b in dashboard.find_elements(By.CSS_SELECTOR, "#channels-table tbody .row-pick") if b.text == "linkedin.com"]
    row.click()
    wait_loaded(dashboard)
    assert not dashboard.find_element(By.ID, "filter-note").get_attribute("hidden")
    assert "linkedin.com" in dashboard.find_element(By.ID, "filter-name").text
    filtered = stats(stack, since=since, until=until, by="referrer", filter_by="referrer", filter="linkedin.com")
    visits_card = dashboard.find_element(By.CSS_SELECTOR, ".kpi.k-visits .kpi-value").text
    assert visits_card == "{:,}".format(filtered["totals"]["visits"]) and filtered["totals"]["visits"] < now["visits"]
    assert "filter_by=referrer" in dashboard.current_url
    dashboard.save_screenshot(str(stack.dir / ("screenshot-dashboard-filtered-%d.png" % width)))

    # the CSV export is the table as shown, in the columns `cvctl report --format csv` prints
    dashboard.find_element(By.ID, "export").click()
    exported = wait_for_file(dashboard.download_dir).read_bytes().decode()
    cli = run_cvctl(stack, "report", "--since", since, "--until", until, "--by", "referrer", "--filter-by", "referrer",
                    "--filter", "linkedin.com", "--format", "csv").stdout
    assert exported.splitlines() == cli.splitlines() and exported.endswith("\r\n"), (exported, cli)  # RFC 4180 lines
    assert exported.splitlines()[1].startswith("linkedin.com,")

    # readable on this width: no text under 11 px, no word broken across lines
    dashboard.find_element(By.ID, "clear-filter").click()
    wait_loaded(dashboard)
    Select(dashboard.find_element(By.ID, "by")).select_by_value("channel")
    wait_loaded(dashboard)
    smallest = dashboard.execute_script(SMALLEST_TEXT_JS)
    assert smallest[0] >= 11 - 1e-6, smallest
    assert dashboard.execute_script(BROKEN_WORDS_JS) == []
    assert dashboard.execute_script("return document.documentElement.scrollWidth") <= width
    dashboard.save_screenshot(str(stack.dir / ("screenshot-dashboard-%d.png" % width)))
