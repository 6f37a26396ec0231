#!/usr/bin/env bash
# The Python environment the Linux bundle is built from (for 统信UOS V20 / 银河麒麟 V10: nothing above glibc 2.28):
#   bash installer/bundle_env.sh      → prints the environment's python on its last line
# Python 3.11 from installer/python228.sh (built once with zig for glibc 2.28, cached), a venv in
# build/venv-glibc228 with the exact versions of installer/requirements.lock — PySide6 replaced by the 6.9 wheels
# of installer/requirements-glibc228.lock — and the build tools of installer/requirements-build.lock.
# Wheels are fetched by the development .venv's pip for manylinux tags up to 2.28 only (--platform), so a package
# whose only Linux wheel needs a newer glibc fails here, by name, instead of slipping into the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bundle-env] %s\n' "$*" >&2; }

prefix=$(bash installer/python228.sh | tail -1)
venv=build/venv-glibc228
cache="${TALENTDESK_CACHE:-$HOME/.cache/talentdesk}/wheels-glibc228"
lock=build/requirements-glibc228-full.lock
mkdir -p build "$cache"
# requirements.lock without its pyside6-essentials / shiboken6 entries, plus the 6.9 ones
awk '/^[a-z0-9]/ { skip = ($0 ~ /^(pyside6-essentials|shiboken6)==/) } !skip' installer/requirements.lock >"$lock.new"
grep -v '^#' installer/requirements-glibc228.lock >>"$lock.new"
mv "$lock.new" "$lock"

want=$(cat "$lock" installer/requirements-build.lock | sha256sum | cut -c1-16)-$(basename "$prefix")
if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$want" ]; then
  log "fetching manylinux (≤ glibc 2.28) wheels into $cache"
  platforms=()
  for minor in $(seq 28 -1 5); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
  platforms+=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
  for l in "$lock" installer/requirements-build.lock; do
    .venv/bin/python -m pip download -q --disable-pip-version-check --no-deps --require-hashes --only-binary=:all: \
      --python-version 3.11 --implementation cp "${platforms[@]}" -d "$cache" -r "$l" 2>&1 \
      | grep -v "^WARNING: Location" >&2 || true
  done
  log "creating $venv with $prefix/bin/python3.11"
  rm -rf "$venv"
  "$prefix/bin/python3.11" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index --find-links "$cache" \
    --require-hashes -r "$lock" -r installer/requirements-build.lock
  echo "$want" >"$venv/.stamp"
fi
echo "$PWD/$venv/bin/python"
