"""`cvctl site` and `cvctl populate` rendering the page: errors name the file and the field, a bad
site file stops populate before Redis changes, owner images are checked and copied under fixed
names, files the site file no longer names are removed, and markup in any field stays text."""
import json
import struct
import zlib
from pathlib import Path

from test_report import run_cvctl

ROOT = Path(__file__).resolve().parents[2]
POSITIONS = str(ROOT / "config" / "positions.json")


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\0\xff\x00\x00\xff"   # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def write_site(directory: Path, **basics) -> Path:
    site = json.loads((ROOT / "config" / "site.json").read_text())
    site["basics"].update(basics)
    path = directory / "site.json"
    path.write_text(json.dumps(site))
    return path


def site(stack, site_file, web_root, *extra):
    return run_cvctl(stack, "site", "--site", str(site_file), "--positions", POSITIONS, "--web-root", str(web_root),
                     *extra, check=False)


def test_errors_name_the_file_and_the_field(stack, tmp_path):
    bad = write_site(tmp_path, profiles=[{"network": "X", "url": "https://x.example/"},
                                         {"network": "Trap", "url": "javascript:alert(1)"}])
    r = site(stack, bad, tmp_path)
    assert r.returncode != 0
    assert "%s: basics.profiles[1].url: \"javascript:alert(1)\" must start with http:, https:, mailto:" % bad in r.stderr
    data = json.loads(write_site(tmp_path).read_text())
    data["positions"]["devops"] = {"pitch": "x"}
    bad.write_text(json.dumps(data))
    r = site(stack, bad, tmp_path, "--check")
    assert r.returncode != 0 and "%s: positions.devops: no position with this id" % bad in r.stderr
    assert not (tmp_path / "index.html").exists()


def test_a_bad_site_file_stops_populate_before_redis_changes(stack, tmp_path):
    version = stack.redis_cli("GET", "cvm:matcher:version").strip()
    bad = write_site(tmp_path, label="")
    r = run_cvctl(stack, "populate", "--positions", POSITIONS, check=False, CVMATCH_SITE_FILE=str(bad),
                  CVMATCH_WEB_ROOT=str(tmp_path), timeout=300)
    assert r.returncode != 0 and "basics.label: is required" in r.stderr
    assert stack.redis_cli("GET", "cvm:matcher:version").strip() == version
    assert not (tmp_path / "index.html").exists()


def test_photo_is_copied_checked_and_removed_with_the_config(stack, tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    (tmp_path / "me.png").write_bytes(tiny_png())
    with_photo = write_site(tmp_path, image="me.png", name="Robin <script>alert(1)</script> Vale")
    r = site(stack, with_photo, web)
    assert r.returncode == 0, r.stderr
    assert (web / "photo.png").read_bytes() == tiny_png()
    html = (web / "index.html").read_text()
    assert '<img class="photo" src="/photo.png"' in html
    assert "Robin &lt;script&gt;alert(1)&lt;/script&gt; Vale" in html and "<script>alert" not in html
    assert 'content="%s/photo.png"' % stack.url("") in html            # the photo is the preview image
    assert not (web / "preview.png").exists()

    (tmp_path / "me.png").write_bytes(b"GIF89a not a png")
    r = site(stack, with_photo, web)
    assert r.returncode != 0 and "basics.image: me.png is not a PNG image" in r.stderr

    without = write_site(tmp_path)
    assert site(stack, without, web).returncode == 0
    assert not (web / "photo.png").exists()                             # nothing served the config did not name
    assert (web / "preview.png").exists() and '<span class="avatar"' in (web / "index.html").read_text()
    assert sorted(p.name for p in web.iterdir()) == sorted(
        [".cvmatch-site", "apple-touch-icon.png", "favicon.ico", "favicon.png", "favicon.svg", "index.html",
         "preview.png", "robots.txt"])
