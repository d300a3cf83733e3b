#!/usr/bin/env bash
# Runs a smoke subset of the PostgreSQL integration suite through pgbouncer in transaction pooling mode, started on a
# free loopback port in front of the PostgreSQL of $PG_DIRECT_URL (default: the local server, user postgres, trust).
# Called from .ci/run; needs /usr/sbin/pgbouncer (Debian's pgbouncer package).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_DIRECT_URL="${PG_DIRECT_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PGBOUNCER="${PGBOUNCER:-/usr/sbin/pgbouncer}"
[ -x "$PGBOUNCER" ] || { echo "pgbouncer not found at $PGBOUNCER (apt-get install -y pgbouncer)" >&2; exit 1; }

port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
dir=$(mktemp -d)
cat > "$dir/userlist.txt" <<USERS
"postgres" ""
USERS
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
# pgbouncer refuses to run as root: as root (a CI container), it runs as the postgres system user.
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$dir"
  as_user=(-u postgres)
fi
"$PGBOUNCER" "${as_user[@]}" "$dir/pgbouncer.ini" >/dev/null 2>&1 &
bouncer=$!
trap 'kill "$bouncer" 2>/dev/null || true; wait "$bouncer" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do
  psql "postgres://postgres@127.0.0.1:$port/postgres" -qAtc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
psql "postgres://postgres@127.0.0.1:$port/postgres" -qAtc 'select 1' >/dev/null

echo "== integration smoke through pgbouncer (transaction pooling, port $port)"
# Fresh test databases are created and dropped through pgbouncer too; every connection the app opens goes through it.
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" npx vitest run --project postgres \
  packages/server/src/platform/fleet.db.test.ts \
  packages/server/src/platform/jobs.db.test.ts \
  packages/server/src/modules/imports/uploads.db.test.ts \
  packages/server/src/testing/auth.db.test.ts \
  packages/server/src/testing/isolation.db.test.ts
