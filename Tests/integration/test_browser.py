"""The visitor page in headless Chromium (Debian chromium + chromium-driver, selenium from PyPI):
the page as served (profile and positions before any script), a position button's match and
download, typed and pasted text, focus, screenshots in both colour schemes and two sizes, and an
axe-core accessibility check (axe-selenium-python). Screenshots and the axe summary go to the
stack directory of the test session (screenshot-*.png, axe-*.json)."""
import json
import os
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
import requests

from job_ad import job_ad

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
PAGE_UTM = "utm_source=test&utm_medium=browser&utm_campaign=selenium"
ROOT = Path(__file__).resolve().parents[2]
SITE = json.loads((ROOT / "config" / "site.json").read_text())
POSITIONS = json.loads((ROOT / "config" / "positions.json").read_text())["positions"]
SIZES = [(1280, 800), (390, 844)]
SCHEMES = ["light", "dark"]


def make_driver(download_dir: Path, width=1100, height=850):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=%d,%d" % (width, height), "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-sync", "--password-store=basic"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {
        "download.default_directory": str(download_dir),
        "download.prompt_for_download": False,
        "download.directory_upgrade": True,
        "safebrowsing.enabled": False,
        "plugins.always_open_pdf_externally": True,
    })
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(20)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


def emulate(driver, scheme="light", width=None, height=None):
    """prefers-color-scheme and, when given, an exact viewport (what the screenshots show)."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    if width:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def axe_violations(driver, out: Path, label: str):
    """Runs axe-core on the current page; writes its summary to `out/axe-<label>.json` and returns
    the serious and critical violations."""
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    summary = {
        "url": results["url"], "axe": driver.execute_script("return axe.version"),
        "passes": len(results["passes"]), "incomplete": {v["id"]: [n["target"] for n in v["nodes"]][:8] for v in results["incomplete"]},
        "violations": [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                       for v in results["violations"]],
    }
    (out / ("axe-%s.json" % label)).write_text(json.dumps(summary, indent=1))
    return [v for v in summary["violations"] if v["impact"] in ("serious", "critical")]


def wait_for_file(directory: Path, seconds=15.0) -> Path:
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [p for p in directory.iterdir() if not p.name.endswith((".crdownload", ".tmp")) and p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("no download in %s after %.0f s: %s" % (directory, seconds, list(directory.iterdir())))


def png_size(data: bytes):
    """(width, height) of a PNG whose image data inflates to exactly what its header says."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, i = b"", 8
    while i < len(data):
        n = struct.unpack(">I", data[i:i + 4])[0]
        if data[i + 4:i + 8] == b"IDAT":
            idat += data[i + 8:i + 8 + n]
        i += 12 + n
    assert len(zlib.decompress(idat)) == (width * 4 + 1) * height
    return width, height


@pytest.fixture
def browser(stack):
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("chromium and chromium-driver are required (apt-get install chromium chromium-driver)")
    download_dir = stack.dir / ("downloads-" + str(time.time_ns()))
    download_dir.mkdir()
    driver = make_driver(download_dir)
    driver.download_dir = download_dir
    yield driver
    driver.quit()


def wait(driver, seconds=15):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, seconds)


def answer(driver):
    """Waits for a search to finish and the answer's fade-in to end (selenium reads no text while
    it is transparent), and returns the result region's element."""
    from selenium.webdriver.common.by import By
    wait(driver).until(lambda d: d.execute_script(
        "var r = document.getElementById('result');"
        "return r.children.length > 0 && !r.hasAttribute('aria-busy') && document.getAnimations().length === 0"))
    return driver.find_element(By.ID, "result")


def focused_id(driver):
    return driver.execute_script("return document.activeElement && document.activeElement.id")


def paste(driver, text):
    """Puts text into the field the way a paste does (one input event), not key by key."""
    from selenium.webdriver.common.by import By
    field = driver.find_element(By.ID, "position")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, text)
    return field


def test_served_html_names_the_person_and_every_position_before_scripts(stack):
    r = requests.get(stack.url("/"), timeout=5)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    html = r.text
    basics = SITE["basics"]
    assert "<h1 id=\"name\">%s</h1>" % basics["name"] in html
    assert "<title>%s — %s</title>" % (basics["name"], basics["label"]) in html
    assert basics["summary"].split("\n")[0][:60] in html
    for profile in basics["profiles"]:
        assert 'href="%s"' % profile["url"] in html
    assert 'href="mailto:%s"' % basics["email"] in html
    for position in POSITIONS:
        assert "<h3>%s</h3>" % position["title"] in html
        assert 'data-position="%s"' % position["title"] in html
        pitch = SITE["positions"].get(position["id"], {})
        if pitch.get("pitch"):
            assert pitch["pitch"] in html
        for highlight in pitch.get("highlights", []):
            assert "<li>%s</li>" % highlight in html
    # link previews and search engines: canonical URL and preview tags from CVMATCH_SITE_URL
    base = stack.url("/")
    assert '<link rel="canonical" href="%s">' % base in html
    for prop in ("og:title", "og:description", "og:url", "og:image", "twitter:card", "twitter:image"):
        assert re.search(r'<meta (property|name)="%s" content="[^"]+">' % prop, html), prop
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith(base)
    assert png_size(requests.get(image, timeout=5).content) == (600, 600)
    # icons and robots.txt, generated; nothing else of the renderer is served
    ico = requests.get(stack.url("/favicon.ico"), timeout=5)
    assert ico.status_code == 200 and ico.content[:4] == b"\0\0\1\0" and png_size(ico.content[22:]) == (32, 32)
    svg = requests.get(stack.url("/favicon.svg"), timeout=5)
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and ">RV</text>" in svg.text
    assert png_size(requests.get(stack.url("/apple-touch-icon.png"), timeout=5).content) == (180, 180)
    robots = requests.get(stack.url("/robots.txt"), timeout=5)
    assert robots.status_code == 200 and "Disallow: /api/" in robots.text
    for hidden in ("/.cvmatch-site", "/site.json", "/config/site.json", "/index.html.tmp"):
        assert requests.get(stack.url(hidden), timeout=5).status_code == 404, hidden


def test_position_button_gives_the_match_and_a_working_download(stack, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC

    emulate(browser, "light")
    browser.get(stack.url("/?" + PAGE_UTM))
    wait(browser).until(EC.presence_of_element_located((By.ID, "position")))
    field = browser.find_element(By.ID, "position")
    assert field.tag_name == "textarea" and field.get_attribute("maxlength") is None   # a paste is never cut silently
    assert browser.find_element(By.CSS_SELECTOR, "label[for=position]").text.strip()
    assert browser.find_element(By.ID, "result").get_attribute("aria-live") == "polite"

    chips = browser.find_elements(By.CSS_SELECTOR, "button.chip[data-position]")
    assert [c.get_attribute("data-position") for c in chips] == [p["title"] for p in POSITIONS]
    chips[0].click()
    result = answer(browser)
    assert focused_id(browser) == "result"                    # focus follows the answer
    text = result.text
    assert re.match(r"(Strong|Good) match: Backend Developer\n", text), text
    score = re.search(r"Score (\d+) of 100 — how closely", text)
    assert score and int(score.group(1)) >= 50, text
    assert text.index("match") < text.index("Score")          # words first, the number second
    assert text.count("works once") == 1 and text.count("10 minutes") == 1, text
    assert not browser.find_elements(By.CSS_SELECTOR, "#result meter")
    colour = browser.execute_script("return getComputedStyle(document.querySelector('#result .answer')).backgroundColor")
    assert colour == "rgb(234, 246, 238)", colour             # the success colour, never a warning
    link = browser.find_element(By.ID, "download")
    href = link.get_attribute("href")
    assert "/api/download?token=" in href and "utm_source=test" in href and "utm_campaign=selenium" in href
    link.click()
    pdf = wait_for_file(browser.download_dir)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.suffix == ".pdf", pdf
    wait(browser).until(EC.presence_of_element_located((By.ID, "download-used")))

    # typed text with Enter: refused, and the answer offers the CVs as buttons
    field.send_keys("xqzv kwpt jjrm vvbn" + Keys.ENTER)
    result = answer(browser)
    assert focused_id(browser) == "result"
    assert result.text.startswith("No CV for this role\nScore "), result.text
    offers = result.find_elements(By.CSS_SELECTOR, ".offers button.chip")
    assert [o.text for o in offers] == [p["title"] for p in POSITIONS]
    offers[1].click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#result .answer.matched")))
    assert "Product Manager" in answer(browser).text
    assert focused_id(browser) == "result"

    # an empty field is refused in the page, without a request
    field.clear()
    browser.find_element(By.ID, "submit").click()
    err = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#result .message.error")))
    assert "type a position" in err.text

    # no CSP violations or script errors on the page
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == [], severe

    # the page forwarded its UTM parameters to the beacon and the match call
    deadline = time.time() + 5
    while time.time() < deadline:
        log = stack.log("nginx-access.log")
        if "POST /api/visit?" + PAGE_UTM in log:
            break
        time.sleep(0.2)
    assert "POST /api/visit?" + PAGE_UTM in log
    assert "POST /api/match?" + PAGE_UTM in log


def test_a_pasted_job_ad_gets_an_answer_and_an_overlong_one_a_clear_message(stack, browser):
    from selenium.webdriver.common.by import By

    browser.get(stack.url("/"))
    wait(browser).until(lambda d: d.find_element(By.ID, "position"))
    ad = job_ad(3000)
    assert "\n" in ad and len(ad) == 3000
    paste(browser, ad)
    browser.find_element(By.ID, "submit").click()
    result = answer(browser)
    assert focused_id(browser) == "result"
    assert result.find_elements(By.CSS_SELECTOR, ".answer"), result.text      # matched or not, not an error
    assert not result.find_elements(By.CSS_SELECTOR, ".message.error"), result.text

    field = paste(browser, job_ad(7000))
    hint = browser.find_element(By.ID, "position-hint").text
    assert "7,000 characters" in hint and "over the limit of 6,000" in hint, hint
    assert field.get_attribute("aria-invalid") == "true"
    before = stack.log("nginx-access.log").count("POST /api/match")
    browser.find_element(By.ID, "submit").click()
    result = answer(browser)
    assert result.text.startswith("That text is too long."), result.text
    assert "at most 6,000" in result.text
    assert focused_id(browser) == "result"
    assert stack.log("nginx-access.log").count("POST /api/match") == before  # refused before any request


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width,height", SIZES, ids=["desktop", "phone"])
def test_screenshots_and_accessibility(stack, browser, scheme, width, height):
    """The page at two sizes in both colour schemes: saved as screenshots (top of the page and the
    answer to a position button), nothing wider than the screen, and no serious or critical axe
    violation with an answer on screen."""
    from selenium.webdriver.common.by import By

    emulate(browser, scheme, width, height)
    browser.get(stack.url("/"))
    wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, "button.chip"))
    assert browser.execute_script("return matchMedia('(prefers-color-scheme: %s)').matches" % scheme)
    assert browser.execute_script("return window.innerWidth") == width
    name = "%s-%dx%d" % (scheme, width, height)
    browser.save_screenshot(str(stack.dir / ("screenshot-page-%s.png" % name)))
    assert not browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth")

    browser.find_element(By.CSS_SELECTOR, "button.chip").click()
    answer(browser)
    time.sleep(0.3)   # the answer's 160 ms fade-in
    browser.save_screenshot(str(stack.dir / ("screenshot-match-%s.png" % name)))
    assert not browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth")

    serious = axe_violations(browser, stack.dir, "page-" + name)
    assert serious == [], serious
