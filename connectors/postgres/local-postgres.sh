#!/usr/bin/env bash
# Starts (or finds running) a local PostgreSQL from Debian's package on a loopback port, for the connectors' JDBC
# path: `.ci/run` starts one for the tests, `./driftline connect` one for a local run. Never touches the system's own
# cluster: the data directory is ours (default /tmp/driftline-postgres, which the postgres user can reach where a
# checkout under /root could not).
#   local-postgres.sh start [DATA_DIR] [PORT]   -> prints the JDBC URL on stdout
#   local-postgres.sh stop  [DATA_DIR]
# Needs Debian's postgresql package (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so as
# root the server runs as the package's `postgres` user.
set -euo pipefail
ACTION="${1:-start}"
DATA="${2:-${TMPDIR:-/tmp}/driftline-postgres}"
PORT="${3:-55432}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1 || true)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql (Debian's package)" >&2
  exit 2
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$DATA"; fi
case "$ACTION" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_owner "$PGBIN/initdb" -D "$DATA" -U driftline --auth=trust --encoding=UTF8 > "$DATA.initdb.log" 2>&1 \
        || { cat "$DATA.initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$PGBIN/pg_ctl" -D "$DATA" status > /dev/null 2>&1; then
      as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA" start > /dev/null \
        || { echo "PostgreSQL did not start (port $PORT taken by another server?):" >&2; \
             tail -n 5 "$DATA/server.log" >&2; exit 1; }
    fi
    as_owner "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U driftline -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'driftline'" | grep -q 1 \
      || as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U driftline driftline
    echo "jdbc:postgresql://127.0.0.1:$PORT/driftline?user=driftline"
    ;;
  stop)
    as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop > /dev/null 2>&1 || true
    ;;
  *)
    echo "usage: local-postgres.sh start|stop [DATA_DIR] [PORT]" >&2
    exit 64
    ;;
esac
