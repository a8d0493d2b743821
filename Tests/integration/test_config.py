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
    (tmp_path / "nginx.conf").write_text(
        "pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\n"
        "http {\n  include /etc/nginx/mime.types;\n  include %s;\n}\n"
        % (tmp_path, tmp_path, ROOT / "deploy" / "nginx.conf"))
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
    assert "fastcgi_param REMOTE_USER $remote_user" in code
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
