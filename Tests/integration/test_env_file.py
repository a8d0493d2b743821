"""cvctl finds its settings without anything exported: from a directory holding run/etc/cvmatch.env
(what `make run` leaves in the repository root), from --env-file or CVMATCH_ENV_FILE; variables
in the environment win over the file; a connection failure names the variable and where it came
from. Also what nginx answers on /admin/api/stats without credentials (the README says so)."""
import json
import os
import shutil
import subprocess

from conftest import BIN_DIR


def bare_env(**extra):
    """The caller's environment without any cvmatch setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CVMATCH_", "DUB_"))}
    env.update(extra)
    return env


def run(cwd, *args, **extra):
    return subprocess.run([str(BIN_DIR / "cvctl"), *args], cwd=cwd, env=bare_env(**extra),
                          capture_output=True, text=True, timeout=60)


def test_cvctl_reads_run_etc_cvmatch_env_from_the_working_directory(stack, tmp_path):
    (tmp_path / "run" / "etc").mkdir(parents=True)
    shutil.copy(stack.dir / "etc" / "cvmatch.env", tmp_path / "run" / "etc" / "cvmatch.env")
    r = run(tmp_path, "report", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "rows" in json.loads(r.stdout)
    listing = run(tmp_path, "config").stdout
    assert listing.startswith("# env file: ./run/etc/cvmatch.env")
    assert "CVMATCH_REDIS = unix:%s  (from ./run/etc/cvmatch.env)" % (stack.dir / "redis" / "redis.sock") in listing

    # a variable in the environment wins over the file, and the failure says where it came from
    r = run(tmp_path, "report", CVMATCH_REDIS="127.0.0.1:1")
    assert r.returncode != 0
    assert "redis unavailable: connect 127.0.0.1:1" in r.stderr and "(CVMATCH_REDIS from the environment)" in r.stderr


def test_env_file_option_and_variable(stack, tmp_path):
    env_file = stack.dir / "etc" / "cvmatch.env"
    assert run(tmp_path, "report", "--env-file", str(env_file)).returncode == 0
    assert run(tmp_path, "demo", "--clear", CVMATCH_ENV_FILE=str(env_file)).returncode == 0

    broken = tmp_path / "broken.env"
    broken.write_text("# points at nothing\nCVMATCH_REDIS=127.0.0.1:1\n")
    r = run(tmp_path, "report", "--env-file", str(broken))
    assert r.returncode != 0
    assert "redis unavailable: connect 127.0.0.1:1" in r.stderr and "(CVMATCH_REDIS from %s)" % broken in r.stderr

    r = run(tmp_path, "report", CVMATCH_ENV_FILE=str(tmp_path / "missing.env"))
    assert r.returncode != 0 and "cannot read the env file %s named by CVMATCH_ENV_FILE" % (tmp_path / "missing.env") in r.stderr

    bad = tmp_path / "bad.env"
    bad.write_text("CVMATCH_REDIS=unix:/x\nCVMATCH_SITE_URL=\"http://unterminated\n")
    r = run(tmp_path, "report", "--env-file", str(bad))
    assert r.returncode != 0 and "%s:2: the double quote opened here is never closed" % bad in r.stderr


def test_without_any_file_the_defaults_apply_and_the_failure_says_so(tmp_path):
    if os.path.exists("/etc/cvmatch/cvmatch.env"):
        return   # a production install on this machine would be read: nothing to check here
    r = run(tmp_path, "report", CVMATCH_REDIS="127.0.0.1:1", CVMATCH_ENV_FILE="")
    assert "(CVMATCH_REDIS from the environment)" in r.stderr
    r = run(tmp_path, "config")
    assert r.stdout.startswith("# no env file: neither ./run/etc/cvmatch.env nor /etc/cvmatch/cvmatch.env exists")
    assert "CVMATCH_SITE_URL = (default)\n    default http://127.0.0.1:8080/" in r.stdout
    assert run(tmp_path, "config", "--env-file", "/dev/null").stdout.startswith("# env file: /dev/null")


def test_stats_without_credentials_is_nginx_401(stack):
    r = stack.http.get(stack.url("/admin/api/stats"))
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == 'Basic realm="cvmatch admin"'
