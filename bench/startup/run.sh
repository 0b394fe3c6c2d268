#!/usr/bin/env bash
# `make run` start-up: time from `make run` to /readyz answering 200, cold and warm.
#
#   bench/startup/run.sh [--cold] [--runs N]
#
# warm (default): `make run` in this work tree with nothing changed, N times (default 3) with and
#   without the launcher's CDS archive, on one S3AAS_HOME made by a first start (which also writes
#   the archive); shows whether make rebuilt anything. Needs `make bin` first to time starts only.
# --cold: a fresh `git clone` of this work tree's HEAD into a temporary directory, then `make run`
#   there on an empty S3AAS_HOME (build + embedded PostgreSQL init + first start), once.
# Each start is stopped with SIGTERM (the server's shutdown hook) before the next. Loopback only;
# the API listens on a free port (S3AAS_PORT). Maven runs offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
runs=3
cold=false
while [ $# -gt 0 ]; do
  case "$1" in
    --cold) cold=true; shift ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--cold] [--runs N]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
pid=""
stop() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  pid=""
}
trap 'stop; rm -rf "$work"' EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export S3AAS_HOME="$work/home" S3AAS_PORT="$port"

# Starts `make run` in $1, prints the milliseconds until /readyz is 200 and whether make built.
timed_run() {
  local dir="$1" start now
  start=$(date +%s%N)
  # setsid: its own session, so SIGTERM reaches java, not this script (and Ctrl-C handling of
  # a background job does not apply).
  (cd "$dir" && exec setsid make run MVN="mvn -B -o" > "$work/run.log" 2>&1) &
  local make_pid=$!
  for _ in $(seq 1 1800); do
    if curl -ksf -o /dev/null "https://127.0.0.1:$port/readyz" 2>/dev/null; then break; fi
    kill -0 "$make_pid" 2>/dev/null || { cat "$work/run.log" >&2; return 1; }
    sleep 0.05
  done
  now=$(date +%s%N)
  read -r pid _ < "$S3AAS_HOME/s3aas.pid"
  local built=no
  grep -q "^built output/bin" "$work/run.log" && built=yes
  echo "$(( (now - start) / 1000000 )) ms (make built: $built)"
  stop
  wait "$make_pid" 2>/dev/null || true
}

echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)"
if $cold; then
  git clone -q "$root" "$work/clone"
  echo "cold (clone, make run: build + first start): $(timed_run "$work/clone")"
else
  echo "first start on an empty S3AAS_HOME: $(timed_run "$root")"
  # The baseline in the same run: the launcher without its class-data-sharing archive.
  for i in $(seq 1 "$runs"); do
    echo "warm $i, no CDS archive (S3AAS_CDS=off): $(S3AAS_CDS=off timed_run "$root")"
    echo "warm $i:                                 $(timed_run "$root")"
  done
fi
