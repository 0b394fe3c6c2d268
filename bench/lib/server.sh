# shellcheck shell=bash
# Shared by the bench scripts that need their own API server: sourced, not run.
#
#   bench_start_server NAME   builds nothing; needs `make bin` (or BENCH_SERVER_BIN, another build's
#                             bin/s3aas, for an A/B of two builds). Creates database bench_NAME_<pid> on
#                             127.0.0.1:5432, starts `output/bin/s3aas server` on a free loopback port
#                             (plain HTTP, its own S3AAS_HOME) and waits for /readyz. Sets work, db,
#                             token, port, url and server_pid.
#   bench_stop PID            TERM, then wait until the process is gone.
# On exit: the script's own bench_before_cleanup (if it defines one: its other processes), then the
# server, then the database and the work directory.

bench_stop() {
  kill -TERM "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

bench_cleanup() {
  if declare -F bench_before_cleanup >/dev/null; then bench_before_cleanup; fi
  if [ -n "${server_pid:-}" ]; then bench_stop "$server_pid"; fi
  if [ -n "${db:-}" ]; then
    psql -h 127.0.0.1 -U postgres -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  fi
  if [ -n "${work:-}" ]; then rm -rf "$work"; fi
}

# work, db, token, port, url and server_pid are read by the scripts that source this file.
# shellcheck disable=SC2034
bench_start_server() {
  local bin="${BENCH_SERVER_BIN:-output/bin/s3aas}"
  if [ ! -x "$bin" ]; then
    echo "run make bin first" >&2
    exit 1
  fi
  work="$(mktemp -d)"
  db="bench_${1}_$$"
  trap bench_cleanup EXIT
  psql -h 127.0.0.1 -U postgres -qc "create database $db"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  token="bench-$1-$$-$RANDOM$RANDOM"
  echo "$token" > "$work/token"
  mkdir -p "$work/home"
  S3AAS_HOME="$work/home" setsid "$bin" server --tls=false --port "$port" \
    --db-url "jdbc:postgresql://127.0.0.1:5432/$db" --token-file "$work/token" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
  url="http://127.0.0.1:$port"
}
