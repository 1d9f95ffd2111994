#!/usr/bin/env bash
# A streaming replica of a local PostgreSQL cluster, for CI, the replica tests and the
# load bench (README, "Read replicas").
#
#   scripts/pg-replica.sh start        # prints REPLICA_PORT=… and REPLICA_DATA_DIR=…
#   scripts/pg-replica.sh stop DIR     # stops the replica in DIR and removes DIR
#
# The replica is a physical copy (pg_basebackup -R) on the same binaries, so PostGIS and
# every database of the primary are on it. It runs as the postgres user in a new temporary
# directory on the first free port from 5433. Replicas left behind by a run that was
# killed (their owner process is gone) are stopped and removed first.
# Environment: PRIMARY_HOST (127.0.0.1), PRIMARY_PORT (5432), PG_BIN (PostgreSQL 15's).
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PREFIX=${TMPDIR:-/tmp}/lantern-replica.

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
running() { [ -f "$1/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

stop_replica() {
  local dir="$1"
  case "$dir" in "$PREFIX"*) ;; *) echo "not a replica directory of ours: $dir" >&2; return 1 ;; esac
  if running "$dir"; then as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
  rm -rf "$dir"
}

# A replica whose owner (the shell that started it, or the PID its caller named) is gone.
sweep_stale() {
  local dir owner
  for dir in "$PREFIX"*; do
    [ -d "$dir" ] || continue
    owner=$(cat "$dir/.owner" 2>/dev/null || echo "")
    if [ -z "$owner" ] || ! kill -0 "$owner" 2>/dev/null; then
      echo "removing stale replica $dir" >&2
      stop_replica "$dir" || true
    fi
  done
}

port_free() { ! pg_isready -q -h 127.0.0.1 -p "$1" && ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Replication connections match only `replication` lines of pg_hba.conf, never `all`.
allow_replication() {
  local hba
  hba=$(psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -tAc 'show hba_file')
  if ! grep -Eq '^\s*host\s+replication\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    printf '\n# streaming replicas on this machine (lantern scripts/pg-replica.sh)\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -qtAc 'select pg_reload_conf()' >/dev/null
  fi
}

start_replica() {
  sweep_stale
  allow_replication
  local port=5433
  while ! port_free "$port"; do
    port=$((port + 1))
    [ "$port" -le 5499 ] || { echo "no free port in 5433-5499" >&2; exit 1; }
  done
  local dir
  dir=$(mktemp -d "${PREFIX}XXXXXX")
  # The owner is whoever will stop it: OWNER_PID if the caller names itself, else our parent.
  echo "${OWNER_PID:-$PPID}" >"$dir/.owner"
  chown postgres:postgres "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  local data="$dir/data"
  as_pg "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast
  # Debian keeps the primary's postgresql.conf and pg_hba.conf outside its data directory,
  # so the copy has neither: give it its own.
  as_pg tee "$data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
hot_standby = on
# Long report and hot spot queries are not cancelled by replay (docs/SCALING.md).
hot_standby_feedback = on
max_standby_streaming_delay = 30s
max_connections = 100
shared_buffers = 64MB
logging_collector = off
EOF
  as_pg tee "$data/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_pg touch "$data/pg_ident.conf"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 start >/dev/null
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p "$port" || { cat "$dir/postgres.log" >&2; exit 1; }
  # Ready = in recovery and streaming from the primary.
  for _ in $(seq 1 60); do
    [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "select pg_is_in_recovery() and exists (select from pg_stat_wal_receiver where status = 'streaming')")" = t ] && break
    sleep 1
  done
  [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc 'select pg_is_in_recovery()')" = t ] || { echo "replica on $port is not in recovery" >&2; exit 1; }
  echo "REPLICA_PORT=$port"
  echo "REPLICA_DATA_DIR=$data"
}

case "${1:-}" in
  start) start_replica ;;
  # DIR may be the data directory (REPLICA_DATA_DIR) or the directory holding it.
  stop) d="${2:?stop needs the replica directory}"; stop_replica "$(case "$d" in */data) dirname "$d" ;; *) echo "$d" ;; esac)" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
