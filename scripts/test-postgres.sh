#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, from Debian's packages.
#
#   eval "$(bash scripts/test-postgres.sh start)"   # installs if needed, starts, exports TEST_DATABASE_URL
#   bash scripts/test-postgres.sh stop
#
# The cluster lives in $PGTEST_DIR (default /tmp/edu-gateway-pgtest), listens on 127.0.0.1 only, on
# the first free port from 55432, and trusts local connections: it holds test data and nothing else.
# Installing needs root (CI runs as root); without root, install `postgresql` yourself first.
set -euo pipefail

DIR="${PGTEST_DIR:-/tmp/edu-gateway-pgtest}"
ACTION="${1:-start}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the cluster's owner.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$ACTION" in
  start)
    BIN="$(find_bin)"
    if [ -z "$BIN" ]; then
      echo "installing postgresql from Debian packages ..." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq --no-install-recommends postgresql >&2
      BIN="$(find_bin)"
    fi
    # The Debian package starts its own cluster on 5432; the tests do not use it.
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
      as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    PORT=""
    if [ -f "$DIR/port" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      PORT="$(cat "$DIR/port")"
    else
      for candidate in $(seq 55432 55532); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT="$candidate"; break; fi
      done
      [ -n "$PORT" ] || { echo "no free port in 55432-55532" >&2; exit 1; }
      # max_connections: parallel jest workers each open a few pools.
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c max_connections=200" start >&2
      echo "$PORT" | as_owner tee "$DIR/port" >/dev/null
    fi
    echo "export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    BIN="$(find_bin)"
    if [ -n "$BIN" ] && [ -f "$DIR/data/PG_VERSION" ]; then
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
