#!/usr/bin/env bash
# Keep one FastCGI program running, and restart it without losing a request.
#
# Usage: scripts/supervise.sh CHILD_PID_FILE SOCKET PROGRAM [ARGS...]
#
# - Runs PROGRAM and writes its pid to CHILD_PID_FILE.
# - PROGRAM died on its own (a crash): started again after 0.3 s.
# - SIGHUP: hand-over restart. A second instance starts, binds its socket under a temporary name
#   and renames it over SOCKET (nginx's next connection reaches it); once SOCKET is the new one,
#   the old instance gets SIGTERM, accepts what was already queued on its socket, finishes its
#   requests and exits (see FastCGIServer). No request meets a missing or closed socket.
# - SIGTERM/SIGINT: the program gets SIGTERM, finishes its requests; then this script exits.
set -u
# A non-interactive bash cannot trap a signal that was ignored when it started: started with SIGHUP
# ignored (under nohup, by some CI runners), the hand-over below would never run. Start again with
# SIGHUP's default disposition (same pid).
if (( 0x$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status) & 1 )); then
    exec env --default-signal=HUP "$BASH" "$0" "$@"
fi
child_pid_file=$1 sock=$2
shift 2
program=("$@")
child=0
stopping=0

inode() { stat -c %i "$sock" 2>/dev/null || echo none; }

start_child() {
    "${program[@]}" &
    child=$!
    echo "$child" > "$child_pid_file"
}

on_term() {
    stopping=1
    kill -TERM "$child" 2>/dev/null
}

on_hup() {
    local old=$child before i
    before=$(inode)
    start_child
    for i in $(seq 1 300); do                # up to 15 s for the new instance to take the socket
        [ "$(inode)" != "$before" ] && break
        kill -0 "$child" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$child" 2>/dev/null && [ "$(inode)" != "$before" ]; then
        kill -TERM "$old" 2>/dev/null
        echo "supervise: handed ${program[-1]##*/} over from pid $old to pid $child"
    else
        echo "supervise: the new instance did not take $sock; keeping pid $old"
        kill -TERM "$child" 2>/dev/null
        child=$old
        echo "$child" > "$child_pid_file"
    fi
}

trap on_term TERM INT
trap on_hup HUP
start_child
while :; do
    wait "$child"
    rc=$?
    if [ "$stopping" = 1 ]; then
        wait
        exit 0
    fi
    kill -0 "$child" 2>/dev/null && continue      # a signal interrupted the wait; the child runs
    echo "supervise: ${program[-1]##*/} (pid $child) exited with status $rc; restarting"
    sleep 0.3
    [ "$stopping" = 1 ] && exit 0
    start_child
done
