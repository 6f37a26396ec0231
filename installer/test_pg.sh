#!/usr/bin/env bash
# Start (or reuse) a private PostgreSQL server for the tests and print its SQLAlchemy URL.
#   url=$(bash installer/test_pg.sh)        start it; the URL names the 'postgres' admin database
#   bash installer/test_pg.sh stop          stop it
# The cluster lives in ${TALENTDESK_PG_DIR:-/tmp/talentdesk-test-pg-$UID}, listens only on a Unix socket
# there (no TCP port), trusts local connections and skips fsync: it holds throw-away test databases only.
# Needs Debian's postgresql package (installer/debian-packages-test.txt). As root, the server runs as
# the 'postgres' user that package creates (PostgreSQL refuses to run as root).
set -euo pipefail
dir="${TALENTDESK_PG_DIR:-/tmp/talentdesk-test-pg-$(id -u)}"
port=55432
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
fi
echo "postgresql+psycopg://postgres@/postgres?host=$dir&port=$port"
