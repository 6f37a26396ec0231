#!/usr/bin/env bash
# Set TalentDesk up from a source checkout and run it or its tests.
#   bash installer/dev.sh run [talentdesk options]   set up, then open the program
#   bash installer/dev.sh test [pytest options]      set up (with test tools), run the quality gates, then the tests
#                                                    (on SQLite and, for store/services/importing/shared, on a
#                                                    private PostgreSQL server; TALENTDESK_TEST_PG=none: SQLite only)
#   bash installer/dev.sh gates                      set up (with test tools), run only the quality gates
# Installs the Debian packages in installer/debian-packages.txt (with sudo when not root),
# creates .venv with Python 3.11 and installs the exact versions of installer/*.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"; shift || true

log() { printf '[talentdesk] %s\n' "$*" >&2; }

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { log "not a Debian/Ubuntu system: install the CJK fonts yourself"; return 0; }
  local wanted missing=()
  wanted=$(cat "$@" | grep -v '^\s*#' | grep -v '^\s*$')
  local py; py=$(pick_python || true)
  if [ -n "$py" ] && ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then wanted="$wanted python3.11-venv"; fi
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for c in python3.11 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$c"; return 0
    fi
  done
  return 1
}

setup_venv() {
  local lock="$1" py stamp want
  if [ ! -x .venv/bin/python ]; then
    py=$(pick_python) || { log "Python 3.11 is required (apt-get install python3.11 python3.11-venv)"; exit 1; }
    log "creating .venv with $py"
    "$py" -m venv .venv
  fi
  stamp=.venv/.talentdesk-lock
  want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing pinned packages from $lock"
    .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
    echo "$want" > "$stamp"
  fi
}

start_test_pg() {
  # The store/services/importing tests also run against PostgreSQL: a private server from Debian's package
  # (installer/test_pg.sh), stopped after the run if this run started it. TALENTDESK_TEST_PG=none: SQLite only;
  # any other value: the admin URL of a server of your own.
  if [ "${TALENTDESK_TEST_PG:-}" = none ]; then
    unset TALENTDESK_TEST_PG; log "TALENTDESK_TEST_PG=none: tests on SQLite only"; return 0
  fi
  [ -n "${TALENTDESK_TEST_PG:-}" ] && { log "PostgreSQL test server: $TALENTDESK_TEST_PG"; return 0; }
  local dir url
  dir="${TALENTDESK_PG_DIR:-/tmp/talentdesk-test-pg-$(id -u)}"
  if [ ! -f "$dir/data/postmaster.pid" ]; then trap 'bash installer/test_pg.sh stop' EXIT; fi
  url=$(bash installer/test_pg.sh) || {
    log "the PostgreSQL test server did not start (see above); to run the tests on SQLite only: TALENTDESK_TEST_PG=none"
    exit 1
  }
  export TALENTDESK_TEST_PG="$url"
  log "PostgreSQL test server: $url"
}

run_gates() {
  # Quality gates (issue 16 §2), before any test: lint and format (ruff, settings in pyproject.toml), the import
  # contract (import-linter, issue 16 §1), then static types against the recorded baseline of known errors
  # (tools/mypy-baseline.txt: new errors fail, fixed ones must be recorded with `mypy | mypy-baseline sync`).
  log "gates: ruff check, ruff format --check, lint-imports, mypy"
  .venv/bin/ruff check --quiet || { log "ruff check: problems (above); many are fixed by ruff check --fix"; exit 1; }
  .venv/bin/ruff format --check --quiet || { log "ruff format --check: run .venv/bin/ruff format on these files"; exit 1; }
  # the one-way layers and independent areas of pyproject.toml [tool.importlinter] (issue 16 §1)
  local layers; layers=$(.venv/bin/lint-imports --no-cache 2>&1) || {
    printf '%s\n' "$layers" | sed -n '/^Broken contracts/,$p'
    log "lint-imports: an import goes against the layers (above); see README.md → Architecture"; exit 1; }
  local out; out=$(mktemp)
  local rc=0; .venv/bin/mypy >"$out" 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then cat "$out"; rm -f "$out"; log "mypy did not run (above)"; exit 1; fi
  local known; known=$(grep -c . tools/mypy-baseline.txt || true)
  rc=0; .venv/bin/mypy-baseline filter --hide-stats <"$out" >"$out.new" || rc=$?
  grep -v '^Found [0-9]* errors\? in' "$out.new" || true
  rm -f "$out" "$out.new"
  [ "$rc" -eq 0 ] || { log "mypy: new type errors, or fixed ones to record with mypy | mypy-baseline sync (above)"; exit 1; }
  log "mypy: no new type errors ($known known ones left in tools/mypy-baseline.txt)"
}

lists=(installer/debian-packages.txt)
[ "$mode" = test ] && lists+=(installer/debian-packages-test.txt)
install_debian_packages "${lists[@]}"
case "$mode" in
  run)
    setup_venv installer/requirements.lock
    exec .venv/bin/talentdesk "$@" ;;
  gates)
    setup_venv installer/requirements-test.lock
    run_gates ;;
  test)
    setup_venv installer/requirements-test.lock
    run_gates
    export QT_QPA_PLATFORM=offscreen
    start_test_pg
    # one worker per core (pytest-xdist); TALENTDESK_TEST_WORKERS=0 runs serially (e.g. with --pdb). --dist load, not
    # loadfile: after a worker crash (pytest-timeout kills a stuck test's process) loadfile/loadscope can deadlock at
    # the end of the run (pytest-xdist 3.8.0, issue 1378); load reports the crashed test and goes on.
    .venv/bin/python -m pytest -n "${TALENTDESK_TEST_WORKERS:-auto}" --dist load "$@" ;;  # not exec: the EXIT trap stops the server
  *) echo "usage: bash installer/dev.sh run|test|gates [options]" >&2; exit 2 ;;
esac
