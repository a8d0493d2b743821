#!/usr/bin/env python3
"""Where a process's resident memory is: /proc/PID/smaps summed per mapped file and kind.

Prints one row per group, largest first: the program's own segments (by permission: r-xp is its
code, r--p read-only data and relocations, rw-p its writable data), each shared library (all its
segments together), the main heap, malloc's thread arenas, thread stacks and other anonymous
memory. Columns are kB: Rss, Pss (the process's proportional share of shared pages), private
dirty (what only this process wrote), clean (pages that can be dropped and read back from the file).
The first line has VmRSS and VmHWM (the peak) from /proc/PID/status.

With --save FILE it writes the groups as JSON; with --compare FILE it adds the column "before"
(Rss of the same group in that file) and the difference, so a change shows where it bought memory.

Usage: scripts/rss-breakdown.py PID [--min KB] [--save FILE] [--compare FILE]
"""
import argparse
import collections
import json
import re
import signal
import sys
from pathlib import Path

ARENA_BYTES = 64 << 20      # glibc's HEAP_MAX_SIZE on 64-bit: a thread arena's reservation
STACK_GUARD = 4096          # glibc's guard page below a thread stack (default attributes)


def mappings(pid):
    """(start, end, perms, path, {field: kB}) per mapping of /proc/PID/smaps."""
    found = []
    for line in Path("/proc/%d/smaps" % pid).read_text().splitlines():
        head = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
        if head:
            found.append((int(head.group(1), 16), int(head.group(2), 16), head.group(3), head.group(4), {}))
        elif ":" in line and found:
            key, value = line.split(":", 1)
            parts = value.split()
            if len(parts) == 2 and parts[1] == "kB":
                found[-1][4][key] = int(parts[0])
    return found


def group_name(index, maps, exe):
    start, end, perms, path, _ = maps[index]
    if path == exe:
        return "%s %s" % (Path(path).name, perms)
    if path.startswith("/"):
        name = Path(path).name
        return re.sub(r"\.so[.\d]*$", "", name)
    if path:
        return path
    # Anonymous: a thread arena is a rw-p start of a 64 MB aligned reservation (the rest ---p);
    # a thread stack sits right above a 4 kB ---p guard page.
    following = maps[index + 1] if index + 1 < len(maps) else None
    if (perms == "rw-p" and start % ARENA_BYTES == 0 and following and following[0] == end
            and following[2] == "---p" and following[1] - start == ARENA_BYTES):
        return "[malloc thread arenas]"
    previous = maps[index - 1] if index > 0 else None
    if (perms == "rw-p" and previous and previous[1] == start and previous[2] == "---p"
            and previous[1] - previous[0] == STACK_GUARD):
        return "[thread stacks]"
    return "[anon %s]" % perms


def breakdown(pid):
    exe = str(Path("/proc/%d/exe" % pid).resolve())
    maps = mappings(pid)
    groups = collections.defaultdict(collections.Counter)
    for i, (_, _, _, _, fields) in enumerate(maps):
        g = groups[group_name(i, maps, exe)]
        g["rss"] += fields.get("Rss", 0)
        g["pss"] += fields.get("Pss", 0)
        g["dirty"] += fields.get("Private_Dirty", 0)
        g["clean"] += fields.get("Private_Clean", 0) + fields.get("Shared_Clean", 0)
    return {name: dict(c) for name, c in groups.items()}


def status_kb(pid, field):
    for line in Path("/proc/%d/status" % pid).read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pid", type=int)
    ap.add_argument("--min", type=int, default=64, help="hide groups below this many kB Rss (default 64)")
    ap.add_argument("--save", help="write the groups as JSON to this file")
    ap.add_argument("--compare", help="a file written by --save: show its Rss and the difference")
    args = ap.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `| head` ends the output quietly

    groups = breakdown(args.pid)
    before = json.loads(Path(args.compare).read_text())["groups"] if args.compare else None
    if args.save:
        Path(args.save).write_text(json.dumps({"pid": args.pid, "groups": groups}, indent=1, sort_keys=True))
    print("pid %d %s: VmRSS %d kB, VmHWM (peak) %d kB" % (args.pid, Path("/proc/%d/exe" % args.pid).resolve().name,
                                                          status_kb(args.pid, "VmRSS"), status_kb(args.pid, "VmHWM")))
    header = "%8s %8s %8s %8s" % ("rss", "pss", "dirty", "clean")
    if before is not None:
        header += " %8s %8s" % ("before", "change")
    print(header + "  group")
    names = sorted(set(groups) | set(before or {}), key=lambda n: -groups.get(n, {}).get("rss", 0))
    total, shown_before = collections.Counter(), 0
    for name in names:
        g = groups.get(name, {})
        total.update(g)
        old = (before or {}).get(name, {}).get("rss", 0)
        shown_before += old
        if max(g.get("rss", 0), old) < args.min:
            continue
        row = "%8d %8d %8d %8d" % (g.get("rss", 0), g.get("pss", 0), g.get("dirty", 0), g.get("clean", 0))
        if before is not None:
            row += " %8d %+8d" % (old, g.get("rss", 0) - old)
        print(row + "  " + name)
    row = "%8d %8d %8d %8d" % (total["rss"], total["pss"], total["dirty"], total["clean"])
    if before is not None:
        row += " %8d %+8d" % (shown_before, total["rss"] - shown_before)
    print(row + "  total")


if __name__ == "__main__":
    sys.exit(main())
