#!/usr/bin/env python3
"""Write linker/hot-functions.txt: the functions match-fcgi and download-fcgi run, which the linker
places together at the start of the program's code (Package.swift, `--symbol-ordering-file`).

Why: the code a request runs is ~0.7 MB of functions spread over 9 MB of program text (the Swift
runtime, standard library and FoundationEssentials are linked in); the kernel maps code in 64 kB
blocks around each page touched, so a process ended with ~5.7 MB of its program resident
(issue 12). Placed together, the same functions take a fraction of the pages. Functions that are
not in the list still work, wherever they are; a stale list costs memory, never correctness.

How: with a running stack (scripts/stack.sh), each program is stopped in the stack and run under
valgrind --tool=callgrind on the same socket; requests are sent over FastCGI (no nginx): for
match-fcgi the first one loads the matcher, then cached and new queries, refusals, bad input,
/api/visit, /admin/api/stats, /healthz, /metrics; for download-fcgi fresh, reused and bad tokens
and /metrics/download. Every function callgrind saw run that the program defines goes in the list
(mangled names, sorted). The stack's two programs are started again at the end.

Usage: scripts/hot-functions.py STACK_DIR [BIN_DIR]   (BIN_DIR: default .build/release)
Then relink: `rm .build/release/*-fcgi; make build` (SwiftPM does not see the list as an input).
"""
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import importlib.util

# callgrind.py's FastCGI client and env-file reader.
_spec = importlib.util.spec_from_file_location("callgrind", Path(__file__).resolve().parent / "callgrind.py")
callgrind = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(callgrind)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "linker" / "hot-functions.txt"
QUERIES = ["senior backend engineer", "backend developer", "lead data pirate", "xqzt vvv", "a",
           "Senior Backend-Engineer (m/w/d)", "product manager, payments"]


def match_requests(proof, visitor_texts):
    """(FastCGI params, body) of the match-fcgi workload."""
    out = []
    for text in QUERIES + visitor_texts:
        body = json.dumps({"position": text}).encode()
        out.append(({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/match", "CONTENT_TYPE": "application/json",
                     "CONTENT_LENGTH": str(len(body)), "QUERY_STRING": "utm_source=hot&utm_medium=profile",
                     "REMOTE_ADDR": "127.0.0.1"}, body))
    for body in (b"{", b"{\"position\": 3}", b""):
        out.append(({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/match", "CONTENT_TYPE": "application/json",
                     "CONTENT_LENGTH": str(len(body))}, body))
    visit = json.dumps({"event": "view"}).encode()
    out.append(({"REQUEST_METHOD": "POST", "DOCUMENT_URI": "/api/visit", "CONTENT_TYPE": "application/json",
                 "CONTENT_LENGTH": str(len(visit)), "QUERY_STRING": "utm_source=hot"}, visit))
    for path in ("/admin/api/stats", "/healthz", "/metrics"):
        out.append(({"REQUEST_METHOD": "GET", "DOCUMENT_URI": path, "QUERY_STRING": "",
                     "CVMATCH_ADMIN_PROOF": proof, "REMOTE_USER": "admin", "REMOTE_ADDR": "127.0.0.1"}, b""))
    return out


def download_requests(tokens, proof):
    out = []
    for token in tokens:
        out.append(({"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/download",
                     "QUERY_STRING": "token=" + token + "&utm_source=hot"}, b""))
    out.append(({"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/download", "QUERY_STRING": "token=" + tokens[0]}, b""))
    out.append(({"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/api/download", "QUERY_STRING": "token=abc.def.ghi"}, b""))
    out.append(({"REQUEST_METHOD": "GET", "DOCUMENT_URI": "/metrics/download", "QUERY_STRING": "",
                 "CVMATCH_ADMIN_PROOF": proof, "REMOTE_ADDR": "127.0.0.1"}, b""))
    return out


def profile(program, env, requests, out):
    """Names of the functions callgrind saw run while `program` answered `requests`."""
    proc = callgrind.start_under_callgrind(program, env, out, ["--demangle=no"])
    sock = env["CVMATCH_SOCKET"]
    statuses = [callgrind.fastcgi(sock, params, body) for params, body in requests]
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=300)
    names = set()
    for line in Path(out).read_text().splitlines():
        found = re.match(r"^c?fn=\(\d+\) (\S+)", line)
        if found:
            names.add(found.group(1))
    return names, statuses


def defined_functions(program):
    out = subprocess.run(["nm", "--defined-only", program], capture_output=True, text=True, check=True).stdout
    return {p[2] for p in (l.split() for l in out.splitlines()) if len(p) == 3 and p[1] in "tTwW"}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    stack = Path(sys.argv[1]).resolve()
    bins = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT / ".build" / "release"
    env = callgrind.read_env(stack)
    port = [l.split("=", 1)[1] for l in (stack / "stack.env").read_text().splitlines() if l.startswith("HTTP_PORT=")][0]
    proof = (stack / "etc" / "admin-proof").read_text().strip()
    tokens = []
    for _ in range(3):
        request = urllib.request.Request("http://127.0.0.1:%s/api/match" % port,
                                         data=json.dumps({"position": "backend developer"}).encode(),
                                         headers={"Content-Type": "application/json"})
        tokens.append(json.load(urllib.request.urlopen(request, timeout=60))["token"])
    # stack.sh rewrites stack.env from its environment: give it the stack's own settings.
    stack_env = dict(os.environ, STACK_DIR=str(stack))
    stack_env.update(l.split("=", 1) for l in (stack / "stack.env").read_text().splitlines() if "=" in l)
    hot = set()
    try:
        for service, requests in (("match", match_requests(proof, ["senior frontend %d" % os.getpid()])),
                                  ("download", download_requests(tokens, proof))):
            subprocess.run([str(ROOT / "scripts" / "stack.sh"), "stop-service", service], env=stack_env,
                           check=True, capture_output=True)
            program = str(bins / ("%s-fcgi" % service))
            run_env = dict(env, CVMATCH_SOCKET=str(stack / "sock" / ("%s.sock" % service)), GNUTLS_NO_IMPLICIT_INIT="1")
            seen, statuses = profile(program, run_env, requests, stack / ("hot-%s.callgrind" % service))
            mine = seen & defined_functions(program)
            print("%s-fcgi: answered %s; %d functions ran, %d of them in the program"
                  % (service, " ".join(str(s) for s in statuses), len(seen), len(mine)))
            hot |= mine
    finally:
        for service in ("match", "download"):
            subprocess.run([str(ROOT / "scripts" / "stack.sh"), "start-service", service], env=stack_env,
                           capture_output=True)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("".join(name + "\n" for name in sorted(hot)))
    print("wrote %s: %d functions" % (OUT.relative_to(ROOT), len(hot)))


if __name__ == "__main__":
    main()
