#!/usr/bin/env bash
# Turn optional Google Analytics 4 on or off for a deployed site.
#
# Usage: scripts/analytics.sh WEB_ROOT NGINX_CONF [G-XXXXXXX]
#   With a measurement ID: writes WEB_ROOT/analytics.js as a GA4 loader (no inline script) and widens
#   the Content-Security-Policy line of NGINX_CONF for Google's tag only (script-src, img-src and
#   connect-src as Google's CSP guide for GA4 lists them).
#   Without one: writes the empty analytics.js and restores the 'self'-only policy.
# Then check and reload nginx (`nginx -t && systemctl reload nginx`). The local stack runs this
# with CVMATCH_GA4_ID.
set -euo pipefail

web_root=${1:?usage: analytics.sh WEB_ROOT NGINX_CONF [G-XXXXXXX]}
conf=${2:?usage: analytics.sh WEB_ROOT NGINX_CONF [G-XXXXXXX]}
id=${3:-}
[ -d "$web_root" ] || { echo "analytics: no web root $web_root" >&2; exit 1; }
grep -q "add_header Content-Security-Policy" "$conf" || { echo "analytics: no Content-Security-Policy in $conf" >&2; exit 1; }
if [ -n "$id" ] && ! [[ $id =~ ^G-[A-Z0-9]{4,20}$ ]]; then
    echo "analytics: '$id' is not a GA4 measurement ID (G- and 4-20 capital letters or digits)" >&2
    exit 1
fi

google="script-src 'self' https://*.googletagmanager.com; img-src 'self' https://*.google-analytics.com https://*.googletagmanager.com; connect-src 'self' https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com https://*.g.doubleclick.net; "
# Always start from the 'self'-only policy, so running this twice (or switching off) is exact.
sed -i "/add_header Content-Security-Policy/s|default-src 'self'; $(printf '%s' "$google" | sed 's/[.*|]/\\&/g')|default-src 'self'; |" "$conf"

tmp="$web_root/analytics.js.tmp"
if [ -n "$id" ]; then
    sed -i "/add_header Content-Security-Policy/s|default-src 'self'; |default-src 'self'; $google|" "$conf"
    cat > "$tmp" <<JS
// Google Analytics 4 (${id}), written by scripts/analytics.sh; the page works the same without it.
(function () {
  var id = "${id}";
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { window.dataLayer.push(arguments); };
  window.gtag("js", new Date());
  window.gtag("config", id);
  var tag = document.createElement("script");
  tag.async = true;
  tag.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(id);
  document.head.appendChild(tag);
  var note = document.getElementById("privacy-note");
  if (note) {
    note.textContent = "This site uses Google Analytics, which sets cookies. " +
      "What you type is kept for a limited time to improve the matching.";
  }
})();
JS
    echo "analytics: Google Analytics 4 on ($id)"
else
    cat > "$tmp" <<'JS'
// Third-party analytics are off: this file is intentionally empty of code.
// `scripts/analytics.sh WEB_ROOT NGINX_CONF G-XXXXXXX` replaces it with a Google Analytics 4 loader
// and widens the Content-Security-Policy for exactly Google's tag.
JS
    echo "analytics: off"
fi
chmod 0644 "$tmp"
mv "$tmp" "$web_root/analytics.js"
