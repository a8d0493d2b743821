"""Production restarts (issue 10.6): match-fcgi takes its listening socket from systemd (LISTEN_FDS,
fd 3), and while the socket stays open elsewhere a restart loses no request.

systemd itself is not running here: Debian's `systemd-socket-activate` binds the socket and execs a
small shell that plays systemd's part across restarts (it keeps fd 3 open and starts each instance
with LISTEN_FDS=1 and that instance's LISTEN_PID), so a restart is what `systemctl restart` does:
SIGTERM, wait for the exit, start again on the same socket."""
import os
import shutil
import signal
import subprocess
import time

import pytest
import requests

from conftest import BIN_DIR
from test_reliability import visits_under_load

# Stands in for systemd between instances: fd 3 stays open here.
SYSTEMD_STAND_IN = r'''
child=0
trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM
while :; do
    bash -c 'set -a; . "$1"; set +a; export LISTEN_PID=$$; shift; exec "$@"' instance "$ENV_FILE" "$PROGRAM" &
    child=$!
    echo $child > "$CHILD_FILE"
    wait $child || exit 1      # a clean stop (SIGTERM) exits 0; anything else ends the test
done
'''


def wait_until(check, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture
def activated_match(stack):
    """match-fcgi of `stack` replaced by one started through systemd-socket-activate."""
    activate = shutil.which("systemd-socket-activate")
    assert activate, "systemd-socket-activate missing (apt-get install systemd)"
    sock = stack.dir / "sock" / "match.sock"
    child_file = stack.dir / "pids" / "match-activated.child"
    stack.sh("stop-service", "match")
    assert not sock.exists()
    log = open(stack.dir / "logs" / "match-activated.log", "ab")
    env = dict(os.environ, ENV_FILE=str(stack.dir / "etc" / "cvmatch.env"),
               PROGRAM=str(BIN_DIR / "match-fcgi"), CHILD_FILE=str(child_file))
    holder = subprocess.Popen([activate, "-l", str(sock), "-E", "ENV_FILE", "-E", "PROGRAM", "-E", "CHILD_FILE",
                               "bash", "-c", SYSTEMD_STAND_IN], env=env,
                              stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until(sock.exists, 10, "systemd-socket-activate's socket")
        # What the socket unit's SocketGroup=www-data / SocketMode=0660 do.
        if os.getuid() == 0:
            shutil.chown(sock, group="www-data")
        os.chmod(sock, 0o660)
        yield sock, child_file
    finally:
        holder.send_signal(signal.SIGTERM)
        try:
            holder.wait(15)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait(5)
        log.close()
        if sock.exists():
            sock.unlink()
        stack.sh("start-service", "match")


def test_match_fcgi_takes_the_socket_systemd_passes_and_restarts_lose_no_request(stack, activated_match):
    sock, child_file = activated_match
    inode = sock.stat().st_ino
    # systemd-socket-activate starts the program at the first connection, which waits in the queue.
    r = requests.post(stack.url("/api/visit"), headers={"User-Agent": "Mozilla/5.0 activation"}, timeout=20)
    assert r.status_code == 204, r.text
    assert "(from systemd)" in stack.log("match-activated.log")

    instances = [int(child_file.read_text())]

    def restart_three_times():
        for _ in range(3):
            old = int(child_file.read_text())
            os.kill(old, signal.SIGTERM)          # systemctl restart: stop, then start on the same socket
            wait_until(lambda: child_file.read_text().strip() not in ("", str(old)), 15, "a new instance")
            instances.append(int(child_file.read_text()))
            time.sleep(0.5)

    statuses = visits_under_load(stack, 3.5, restart_three_times)
    print("\nvisits during 3 restarts with the socket held:", dict(statuses))
    assert len(set(instances)) == 4, instances
    assert set(statuses) == {204} and statuses[204] > 100, statuses
    assert sock.stat().st_ino == inode, "the socket was replaced; it must stay the one systemd holds"
    log = stack.log("match-activated.log")
    assert log.count("the socket stays with systemd") >= 3
    token = stack.match_token()["token"]
    assert stack.download(token).status_code == 200
