#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the gradebook tests and print the
# admin URL the tests use (COURSE_TEST_PG_ADMIN_URL). Needs Debian's `postgresql` package.
# Usage: eval "$(bash .ci/postgres.sh)"      (stop: pg_ctl -D "$COURSE_PG_DATA" stop)
set -euo pipefail
PORT="${COURSE_PG_PORT:-54329}"
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
DATA="${COURSE_PG_DATA:-/tmp/course-pg-$PORT}"
RUNAS=()
if [ "$(id -u)" = "0" ]; then RUNAS=(runuser -u postgres --); fi
if ! "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$DATA"
  "${RUNAS[@]}" "$BIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-h 127.0.0.1 -p $PORT -k /tmp -c max_connections=200 -c fsync=off" start >/dev/null
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtc \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='grader') THEN
     CREATE ROLE grader LOGIN CREATEDB PASSWORD 'grader'; END IF; END\$\$;" >/dev/null
echo "export COURSE_TEST_PG_ADMIN_URL=postgresql://grader:grader@127.0.0.1:$PORT/postgres"
echo "export COURSE_PG_DATA=$DATA"
