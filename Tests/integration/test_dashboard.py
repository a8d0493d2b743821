"""The owner dashboard in headless Chromium: basic auth, demo data, every chart drawn with data,
no serious or critical axe-core violation in either colour scheme. Screenshots are saved as
screenshot-dashboard*.png in the stack directory."""
import base64
import shutil

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, axe_violations, emulate, make_driver
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

    dashboard.get(stack.url("/admin/"))
    wait_loaded(dashboard)
    shapes = dashboard.execute_script(SHAPES_JS)
    dashboard.save_screenshot(str(stack.dir / "screenshot-dashboard.png"))

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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_has_no_serious_accessibility_violation(stack, dashboard, scheme):
    emulate(dashboard, scheme, 1280, 1800)
    dashboard.get(stack.url("/admin/"))
    wait_loaded(dashboard)
    dashboard.save_screenshot(str(stack.dir / ("screenshot-dashboard-%s.png" % scheme)))
    serious = axe_violations(dashboard, stack.dir, "dashboard-" + scheme)
    assert serious == [], serious
