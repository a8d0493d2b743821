"""Admin requests a www-data process cannot forge (issue 10.7): match-fcgi trusts REMOTE_USER only
with the proof nginx adds from a file its workers cannot read."""
from conftest import fastcgi_request


def stats_params(**extra):
    params = {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/admin/api/stats", "SCRIPT_NAME": "/admin/api/stats",
              "QUERY_STRING": "", "REMOTE_ADDR": "127.0.0.1", "CONTENT_LENGTH": "0"}
    params.update(extra)
    return params


def test_a_process_on_the_socket_cannot_pass_as_the_admin(stack):
    sock = stack.dir / "sock" / "match.sock"
    proof = (stack.dir / "etc" / "admin-proof").read_text().strip()
    for forged in ({"REMOTE_USER": "admin"},
                   {"REMOTE_USER": "admin", "CVMATCH_ADMIN_PROOF": ""},
                   {"REMOTE_USER": "admin", "CVMATCH_ADMIN_PROOF": "0" * len(proof)},
                   {"REMOTE_USER": "admin", "CVMATCH_ADMIN_PROOF": proof[:-1]}):
        status, body = fastcgi_request(sock, stats_params(**forged))
        assert status == 403 and body["error"] == "forbidden", (forged, status, body)
    # the check is the proof, not the socket: with it (what nginx sends) the same request passes
    status, body = fastcgi_request(sock, stats_params(REMOTE_USER="admin", CVMATCH_ADMIN_PROOF=proof))
    assert status == 200 and "totals" in body


def test_through_nginx_the_password_is_enough_and_the_proof_stays_secret(stack):
    r = stack.http.get(stack.url("/admin/api/stats"), auth=stack.admin_auth(), timeout=10)
    assert r.status_code == 200 and "totals" in r.json()
    assert stack.http.get(stack.url("/admin/api/stats"), auth=("admin", "wrong"), timeout=10).status_code == 401
    proof = (stack.dir / "etc" / "admin-proof").read_text().strip()
    assert proof not in r.text and all(proof not in v for v in r.headers.values())
    # a client's own header of that name is not the FastCGI parameter nginx sets
    r = stack.http.get(stack.url("/admin/api/stats"), headers={"CVMATCH-ADMIN-PROOF": "x"}, timeout=10)
    assert r.status_code == 401
    for name in ("admin-proof", "admin-proof.nginx"):
        assert (stack.dir / "etc" / name).stat().st_mode & 0o077 == 0, name

