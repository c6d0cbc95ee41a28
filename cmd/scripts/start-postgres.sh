#!/usr/bin/env bash
# start-postgres.sh — a throwaway PostgreSQL cluster on loopback for the store
# tests. Prints one line on stdout, the DSN; everything else goes to stderr.
#
#   export ZEREN_TEST_POSTGRES_DSN="$(cmd/scripts/start-postgres.sh)"
#   cmd/scripts/start-postgres.sh stop
#
# Idempotent: installs PostgreSQL from Debian's packages only when no server
# binaries are found, initialises the cluster only once, starts it only when it
# is not running. The cluster lives in $ZEREN_PG_DIR (default
# /tmp/zeren-postgres), owned by the postgres user when run as root, listens on
# 127.0.0.1 only (port $ZEREN_PG_PORT, or the first free one from 54329), and
# trusts local connections: it is for tests, never for data.
set -euo pipefail

dir="${ZEREN_PG_DIR:-/tmp/zeren-postgres}"
db="${ZEREN_PG_DB:-zeren_test}"
log() { printf 'start-postgres: %s\n' "$*" >&2; }

bindir() {
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

bin=$(bindir || true)
if [ -z "$bin" ]; then
	[ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed and this is not root"; exit 1; }
	log "installing PostgreSQL from Debian's packages"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq postgresql >&2
	bin=$(bindir) || { log "no initdb/pg_ctl after installing postgresql"; exit 1; }
fi

# as_pg runs a server command as the postgres user when we are root
# (PostgreSQL refuses to run as root), as ourselves otherwise.
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
	if [ -f "$dir/data/PG_VERSION" ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
	fi
	exit 0
fi

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
	log "initialising a cluster in $dir/data"
	as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
	port=$(cat "$dir/port")
	log "already running on 127.0.0.1:$port"
else
	port="${ZEREN_PG_PORT:-}"
	if [ -z "$port" ]; then
		port=54329
		while ! port_free "$port"; do
			port=$((port + 1))
			[ "$port" -lt 54429 ] || { log "no free port in 54329..54428"; exit 1; }
		done
	fi
	echo "$port" >"$dir/port"
	log "starting on 127.0.0.1:$port"
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >&2 ||
		{ tail -n 20 "$dir/server.log" >&2; exit 1; }
fi

psql_() { "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
if [ -z "$(psql_ -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
	log "creating database $db"
	psql_ -c "CREATE DATABASE $db" >&2
fi

echo "postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
