#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh .venv/bin/pytest
#
# The cluster lives in a temp folder on a private port with fsync off, is
# reachable as DATABASE_URL=postgres://postgres@127.0.0.1:PORT/newsroom, and is
# stopped and deleted when the command ends, whatever its exit status.
set -euo pipefail

pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
    echo "with-postgres: no PostgreSQL server binaries (apt-get install postgresql)" >&2
    exit 3
fi
port="${PG_PORT:-$((55000 + RANDOM % 1000))}"
dir="$(mktemp -d /tmp/newsroom-pg.XXXXXX)"

as_owner() {
    if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "$(id -u)" == 0 ]]; then chown postgres:postgres "$dir"; fi
cleanup() {
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
"$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "create database newsroom" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/newsroom"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"
"$@"
