// Third-party analytics are off: this file is intentionally empty of code.
// `scripts/analytics.sh WEB_ROOT NGINX_CONF G-XXXXXXX` replaces it with a Google Analytics 4 loader
// and widens the Content-Security-Policy for exactly Google's tag.
