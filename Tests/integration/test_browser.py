"""The visitor page in headless Chromium (Debian chromium + chromium-driver, selenium from PyPI):
type a position, see the match, download the PDF; type random characters, see the no-match
message. Screenshots go to the stack directory (screenshot-*.png)."""
import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
PAGE_UTM = "utm_source=test&utm_medium=browser&utm_campaign=selenium"


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


def wait_for_file(directory: Path, seconds=15.0) -> Path:
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [p for p in directory.iterdir() if not p.name.endswith((".crdownload", ".tmp")) and p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("no download in %s after %.0f s: %s" % (directory, seconds, list(directory.iterdir())))


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


def test_page_match_download_and_no_match(stack, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 15)
    browser.get(stack.url("/?" + PAGE_UTM))
    field = wait.until(EC.presence_of_element_located((By.ID, "position")))
    # accessible basics: labelled input with autofocus and maxlength, live result region
    assert browser.switch_to.active_element == field
    assert field.get_attribute("maxlength") == "200"
    label = browser.find_element(By.CSS_SELECTOR, "label[for=position]")
    assert label.text.strip()
    assert browser.find_element(By.ID, "result").get_attribute("aria-live") == "polite"

    field.send_keys("backend developer")
    browser.find_element(By.ID, "submit").click()
    link = wait.until(EC.element_to_be_clickable((By.ID, "download")))
    title = browser.find_element(By.CSS_SELECTOR, "#result .match-title").text
    assert title == "Backend Developer"
    assert "/ 100" in browser.find_element(By.CSS_SELECTOR, "#result .score-label").text
    href = link.get_attribute("href")
    assert "/api/download?token=" in href and "utm_source=test" in href and "utm_campaign=selenium" in href
    browser.save_screenshot(str(stack.dir / "screenshot-match.png"))

    link.click()
    pdf = wait_for_file(browser.download_dir)
    assert pdf.read_bytes().startswith(b"%PDF"), pdf
    assert pdf.suffix == ".pdf"
    wait.until(EC.presence_of_element_located((By.ID, "download-used")))

    field = browser.find_element(By.ID, "position")
    field.clear()
    field.send_keys("xqzv kwpt jjrm vvbn" + Keys.ENTER)   # Enter submits: keyboard works
    msg = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#result .message.nomatch")))
    assert "No CV fits" in msg.text
    browser.save_screenshot(str(stack.dir / "screenshot-nomatch.png"))

    # an empty query is refused in the page without a request
    field.clear()
    browser.find_element(By.ID, "submit").click()
    err = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#result .message.error")))
    assert "type a position" in err.text

    # no CSP violations or script errors on the page
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not [e for e in severe if "Content Security Policy" in e.get("message", "")], severe
    assert not [e for e in severe if "app.js" in e.get("message", "")], severe

    # the page forwarded its UTM parameters to the beacon and the match call
    deadline = time.time() + 5
    while time.time() < deadline:
        log = stack.log("nginx-access.log")
        if "POST /api/visit?" + PAGE_UTM in log:
            break
        time.sleep(0.2)
    assert "POST /api/visit?" + PAGE_UTM in log
    assert "POST /api/match?" + PAGE_UTM in log


def test_page_on_a_phone_sized_screen(stack, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(390, 844)
    browser.get(stack.url("/"))
    wait = WebDriverWait(browser, 15)
    field = wait.until(EC.presence_of_element_located((By.ID, "position")))
    field.send_keys("product manager")
    browser.find_element(By.ID, "submit").click()
    wait.until(EC.element_to_be_clickable((By.ID, "download")))
    # nothing wider than the screen
    overflow = browser.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    browser.save_screenshot(str(stack.dir / "screenshot-phone.png"))
