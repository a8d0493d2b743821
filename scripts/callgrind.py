#!/usr/bin/env python3
"""Instructions per request of one FastCGI program, counted by valgrind --tool=callgrind: a cost
that, unlike wall-clock numbers, does not depend on what else the machine runs (issue 12).

Usage: scripts/callgrind.py STACK_DIR BIN_DIR match|download [N]

Needs valgrind (Debian: apt-get install valgrind) and a running stack (scripts/stack.sh) whose
cvmatch.env it reads. The program is stopped in the
stack and run twice under callgrind with 1 thread on the same socket, sent requests straight over
FastCGI (no nginx): W warm-up requests, then W + N; the difference of the two totals over N is
printed. `match`: a cached match of one title; `download`: a fresh token each (issued by the stack's
match-fcgi, which must be running). Afterwards start the program again:
`scripts/stack.sh start-service match|download`.
"""
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 20
QUERY = "senior backend engineer"


def read_env(stack):
    env = dict(os.environ)
    for line in (stack / "etc" / "cvmatch.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value.strip().strip('"').strip("'")
    return env


def fastcgi(sock, params, body=b""):
    """One request over FastCGI; returns the HTTP status the program answered."""
    def record(kind, content):
        return struct.pack(">BBHHBx", 1, kind, 1, len(content), 0) + content

    def length(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)

    pairs = b"".join(length(len(k)) + length(len(v.encode())) + k.encode() + v.encode() for k, v in params.items())
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(600)
        s.connect(sock)
        s.sendall(record(1, struct.pack(">HB5x", 1, 0)) + record(4, pairs) + record(4, b"")
                  + (record(5, body) if body else b"") + record(5, b""))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    out = b""
    while len(data) >= 8:
        _, kind, _, size, pad = struct.unpack(">BBHHBx", data[:8])
        if kind == 6:
            out += data[8:8 + size]
        data = data[8 + size + pad:]
    head = out.split(b"\r\n")[0]
    return int(head.split()[1]) if head.startswith(b"Status:") else 200


def start_under_callgrind(program, env, out, options=()):
    """`program` run by valgrind's callgrind (profile written to `out` when it exits), once its
    socket (`CVMATCH_SOCKET` in `env`) accepts connections (at most 2 minutes)."""
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", *options, "--callgrind-out-file=%s" % out, program],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(1200):
        time.sleep(0.1)
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(env["CVMATCH_SOCKET"])
            break
        except OSError:
            pass
    return proc


def instructions(program, env, service, count, tokens, out):
    """Total instructions of the program's life with `count` requests."""
    proc = start_under_callgrind(program, env, out)
    sock = env["CVMATCH_SOCKET"]
    body = json.dumps({"position": QUERY}).encode()
    for _ in range(count):
        if service == "match":
            status = fastcgi(sock, {"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/match",
                                    "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                                    "QUERY_STRING": "utm_source=callgrind"}, body)
        else:
            status = fastcgi(sock, {"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/download",
                                    "QUERY_STRING": "token=" + tokens.pop() + "&utm_source=callgrind"})
        if status != 200:
            proc.send_signal(signal.SIGTERM)
            sys.exit("callgrind: %s answered %d" % (service, status))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=300)
    return int(re.search(r"^(?:summary|totals): (\d+)", Path(out).read_text(), re.M).group(1))


def main():
    if len(sys.argv) < 4 or sys.argv[3] not in ("match", "download"):
        sys.exit(__doc__)
    stack, bins, service = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    env = read_env(stack)
    env.update(CVMATCH_THREADS="1", CVMATCH_SOCKET=str(stack / "sock" / ("%s.sock" % service)))
    port = [l.split("=", 1)[1] for l in (stack / "stack.env").read_text().splitlines() if l.startswith("HTTP_PORT=")][0]
    tokens = []
    if service == "download":
        for _ in range(2 * WARM_UP + n):
            request = urllib.request.Request("http://127.0.0.1:%s/api/match" % port,
                                             data=json.dumps({"position": QUERY}).encode(),
                                             headers={"Content-Type": "application/json"})
            tokens.append(json.load(urllib.request.urlopen(request, timeout=60))["token"])
    subprocess.run([str(ROOT / "scripts" / "stack.sh"), "stop-service", service],
                   env=dict(os.environ, STACK_DIR=str(stack)), check=True, capture_output=True)
    program = str(bins / ("%s-fcgi" % service))
    base = instructions(program, env, service, WARM_UP, tokens, stack / ("callgrind-%s-base.out" % service))
    more = instructions(program, env, service, WARM_UP + n, tokens, stack / ("callgrind-%s.out" % service))
    print("%s-fcgi (%s): %d instructions per request (callgrind, %d requests after %d warm-up)"
          % (service, bins, (more - base) // n, n, WARM_UP))


if __name__ == "__main__":
    main()
