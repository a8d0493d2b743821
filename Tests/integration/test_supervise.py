"""scripts/supervise.sh on its own, with a stand-in program that places its socket the way
FastCGIServer does (bind a temporary name, rename it over the path) and leaves on SIGTERM."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = r'''
import os, signal, socket, sys, time
path = sys.argv[1]
s = socket.socket(socket.AF_UNIX)
s.bind(path + ".%d.tmp" % os.getpid())
s.listen(8)
os.rename(path + ".%d.tmp" % os.getpid(), path)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while True:
    time.sleep(1)
'''


def wait_until(condition, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_hand_over_works_when_started_with_sighup_ignored(tmp_path):
    """Under nohup (SIGHUP ignored from the start) the hand-over signal still reaches the supervisor."""
    sock, child_file = tmp_path / "p.sock", tmp_path / "p.child"
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    ignore_hup = lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN)   # what nohup does
    supervisor = subprocess.Popen([str(ROOT / "scripts" / "supervise.sh"), str(child_file), str(sock),
                                   sys.executable, str(program), str(sock)],
                                  preexec_fn=ignore_hup, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_until(lambda: sock.exists() and child_file.exists() and child_file.read_text().strip())
        first, inode = int(child_file.read_text()), sock.stat().st_ino
        os.kill(supervisor.pid, signal.SIGHUP)
        assert wait_until(lambda: sock.stat().st_ino != inode and int(child_file.read_text() or 0) != first), \
            "no hand-over"
        assert wait_until(lambda: subprocess.run(["kill", "-0", str(first)], capture_output=True).returncode != 0)
        assert supervisor.poll() is None
    finally:
        supervisor.terminate()
        output = supervisor.communicate(timeout=15)[0]
    assert "handed p.sock over from pid %d" % first in output, output
