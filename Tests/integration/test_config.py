"""Static checks of the deployment files and generators (no running stack needed)."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT


def test_production_nginx_conf_is_valid(tmp_path):
    """deploy/nginx.conf as it would sit in /etc/nginx/conf.d/, inside a minimal main config."""
    shutil.copy("/etc/nginx/fastcgi_params", tmp_path / "fastcgi_params")
    # the admin proof include is made by deploy/install.sh; a stand-in of the same form here
    proof = tmp_path / "admin-proof.nginx"
    proof.write_text('fastcgi_param CVMATCH_ADMIN_PROOF "%s";\n' % ("0" * 64))
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert conf.count("include /etc/cvmatch/admin-proof.nginx;") == 3  # statistics and both metrics pages
    (tmp_path / "cvmatch.conf").write_text(conf.replace("/etc/cvmatch/admin-proof.nginx", str(proof)))
    (tmp_path / "nginx.conf").write_text(
        "pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\n"
        "http {\n  include /etc/nginx/mime.types;\n  include %s;\n}\n"
        % (tmp_path, tmp_path, tmp_path / "cvmatch.conf"))
    r = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                        "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "test is successful" in r.stderr


def test_production_nginx_conf_rules():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    assert "fastcgi_keep_conn" not in code
    assert re.search(r"location /_cv/ \{[^}]*\binternal;", code)
    assert "limit_req zone=cvmatch_match" in code
    assert "client_max_body_size 4k" in code
    match = re.search(r"location = /api/match \{[^}]*\}", code).group(0)
    assert "client_max_body_size 80k" in match and "client_body_buffer_size 80k" in match
    assert "fastcgi_param REMOTE_USER $remote_user" in code
    stats = re.search(r"location = /admin/api/stats \{.*?fastcgi_pass [^;]*;", code, re.S).group(0)
    assert "include /etc/cvmatch/admin-proof.nginx;" in stats
    assert "auth_basic_user_file /etc/cvmatch/admin.htpasswd" in code
    for status in ("413", "429", "502", "503", "504"):
        assert re.search(r"error_page [^;]*\b%s\b" % status, code), status
    # add_header only at server level, so every location inherits the security headers
    server_level, locations = re.split(r"\n\s*location\s", code, maxsplit=1)
    assert "Content-Security-Policy" in server_level
    assert "add_header" not in locations


def test_render_replaces_every_production_path(tmp_path):
    env = dict(os.environ, HTTP_PORT="18999", WEB_ROOT=str(tmp_path / "web"), PDF_DIR=str(tmp_path / "pdf"),
               SOCK_DIR=str(tmp_path / "sock"), ETC_DIR=str(tmp_path / "etc"), LOG_DIR=str(tmp_path / "logs"),
               NGINX_USER="www-data")
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "admin-proof.nginx").write_text('fastcgi_param CVMATCH_ADMIN_PROOF "%s";\n' % ("0" * 64))
    r = subprocess.run([str(ROOT / "scripts" / "render-nginx.sh"), str(tmp_path / "nginx")], env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    rendered = (tmp_path / "nginx" / "cvmatch.conf").read_text()
    for prod in ("/srv/cvmatch", "/run/cvmatch", "/etc/cvmatch", "/var/log/nginx", "listen 80"):
        assert prod not in rendered, prod
    assert "listen 127.0.0.1:18999;" in rendered
    code = [line.split("#", 1)[0] for line in rendered.splitlines()]
    assert sum(1 for line in code if line.strip().startswith("listen ")) == 1
    main = (tmp_path / "nginx" / "nginx.conf").read_text()
    assert "pid %s" % (tmp_path / "nginx") in main


def test_demo_pdfs_are_valid(tmp_path):
    r = subprocess.run(["python3", str(ROOT / "scripts" / "make-demo-pdfs.py"), str(tmp_path),
                        "--positions", str(ROOT / "config" / "positions.json")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) >= 2
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-1.")
        assert data.rstrip().endswith(b"%%EOF")
        # the xref offset points at the xref table
        start = int(data.rsplit(b"startxref", 1)[1].split()[0])
        assert data[start:start + 4] == b"xref"
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "Demo CV" in text


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_units_parse():
    units = [str(ROOT / "deploy" / u) for u in ("cvmatch-match.service", "cvmatch-download.service")]
    r = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    # the binaries are not installed here; anything else is a real problem
    problems = [l for l in (r.stdout + r.stderr).splitlines()
                if l.strip() and "is not executable" not in l and "No such file" not in l]
    assert not problems, problems


GOOGLE_CSP = ("script-src 'self' https://*.googletagmanager.com; "
              "img-src 'self' https://*.google-analytics.com https://*.googletagmanager.com; "
              "connect-src 'self' https://*.google-analytics.com https://*.analytics.google.com "
              "https://*.googletagmanager.com https://*.g.doubleclick.net;")


def analytics(web, conf, *measurement_id):
    return subprocess.run([str(ROOT / "scripts" / "analytics.sh"), str(web), str(conf), *measurement_id],
                          capture_output=True, text=True)


def test_analytics_is_off_by_default():
    assert "googletagmanager" not in (ROOT / "deploy" / "nginx.conf").read_text()
    script = (ROOT / "web" / "analytics.js").read_text()
    assert all(line.startswith("//") for line in script.splitlines() if line.strip())
    # the page (rendered by cvctl from SitePage) loads it
    assert '<script src=\\"/analytics.js\\" defer></script>' in (ROOT / "Sources" / "CVMatchAdmin" / "Site" / "SitePage.swift").read_text()


def test_analytics_on_widens_the_policy_for_google_only_and_off_restores_it(tmp_path):
    shutil.copytree(ROOT / "web", tmp_path / "web")
    conf = tmp_path / "nginx.conf"
    shutil.copy(ROOT / "deploy" / "nginx.conf", conf)
    original = conf.read_text()

    for _ in range(2):  # idempotent
        r = analytics(tmp_path / "web", conf, "G-TEST12345")
        assert r.returncode == 0, r.stderr
    text = conf.read_text()
    csp = [l for l in text.splitlines() if "Content-Security-Policy" in l and "add_header" in l]
    assert len(csp) == 1 and csp[0].count(GOOGLE_CSP) == 1, csp
    assert [l for l in text.splitlines() if "Content-Security-Policy" not in l] == \
           [l for l in original.splitlines() if "Content-Security-Policy" not in l]
    loader = (tmp_path / "web" / "analytics.js").read_text()
    assert '"G-TEST12345"' in loader and "https://www.googletagmanager.com/gtag/js?id=" in loader

    r = analytics(tmp_path / "web", conf)
    assert r.returncode == 0, r.stderr
    assert conf.read_text() == original
    assert (tmp_path / "web" / "analytics.js").read_text() == (ROOT / "web" / "analytics.js").read_text()


@pytest.mark.parametrize("bad", ["UA-12345-1", "G-x;evil", "G-abc", "G-"])
def test_analytics_refuses_a_bad_measurement_id(tmp_path, bad):
    shutil.copytree(ROOT / "web", tmp_path / "web")
    conf = tmp_path / "nginx.conf"
    shutil.copy(ROOT / "deploy" / "nginx.conf", conf)
    r = analytics(tmp_path / "web", conf, bad)
    assert r.returncode != 0 and "measurement ID" in r.stderr
    assert conf.read_text() == (ROOT / "deploy" / "nginx.conf").read_text()
