#!/usr/bin/env bash
# Memory per object: heap after a full GC (and RSS) of the API server and of the operator, each in
# its own JVM, with 10,000 / 50,000 / 100,000 objects (bench ObjectLoad: S3Instances, Buckets,
# S3Policies, S3Users, AccessKeys and the keys' Secrets, through the API).
#
#   bench/memory/run.sh [levels...]        (default: 10000 50000 100000; needs `make bin`)
#
# After the last level the operator is restarted twice with nothing changed (§2 of issue 15): the
# time until it is quiet again, the API writes it made meanwhile (from the server's access log),
# and its heap; the second restart adds -XX:+UseStringDeduplication, to see what duplicate
# strings in the informer caches cost.
#
# The operator runs with the exordos provisioner pointed at a closed loopback port: no instance can
# be provisioned, so it holds every object in its informer caches and writes their statuses
# (waiting / provisioning failed) but starts no data-plane node. It is started after the first
# level is written. Each level waits for the operator to go quiet (no CPU used for 5 s, at most
# 300 s), then runs jcmd GC.run + GC.heap_info on both; a class histogram of each at the last
# level goes to ${TMPDIR:-/tmp}/s3aas-histogram-{server,operator}.txt. Fresh database on 127.0.0.1:5432; loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
levels=("$@")
[ ${#levels[@]} -gt 0 ] || levels=(10000 50000 100000)
source bench/lib/server.sh
mvn -B -q -o -pl bench -am package -Dmaven.test.skip=true # the load driver, in one reactor
operator_pid=""
bench_before_cleanup() { if [ -n "$operator_pid" ]; then bench_stop "$operator_pid"; fi; }
bench_start_server mem

quiet() { # waits until $1 used no CPU for 5 s (at most 300 s)
  local last now same=0
  last=$(awk '{print $14+$15}' "/proc/$1/stat")
  for _ in $(seq 1 300); do
    sleep 1
    now=$(awk '{print $14+$15}' "/proc/$1/stat")
    if [ "$now" -le $((last + 2)) ]; then same=$((same + 1)); else same=0; fi
    last=$now
    [ "$same" -ge 5 ] && return 0
  done
  echo "  (pid $1 did not go quiet within 300 s)"
}
heap() { # heap used after a full GC, and RSS, of pid $1
  jcmd "$1" GC.run >/dev/null
  local used rss
  used=$(jcmd "$1" GC.heap_info | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$1/status")
  echo "heap $((used / 1024)) MiB, RSS $((rss / 1024)) MiB"
}

start_operator() { # $1: extra JVM options
  S3AAS_JAVA_OPTS="$1" S3AAS_TOKEN="$token" EXORDOS_PASSWORD=none setsid output/bin/s3aas operator \
    --server "$url" --provisioner exordos --exordos-url http://127.0.0.1:9/api/core \
    --exordos-user none --exordos-project 00000000-0000-0000-0000-000000000000 \
    >> "$work/operator.log" 2>&1 &
  operator_pid=$! # setsid and the launcher exec: this is the JVM
}
stop_operator() { bench_stop "$operator_pid"; }
writes() { grep -cE 'method=(POST|PUT|PATCH|DELETE) .*user=admin' "$work/server.log" || true; }

echo "machine: $(nproc) CPUs; date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)"
echo "empty: server $(heap "$server_pid"); load $(cut -d' ' -f1-3 /proc/loadavg)"
written=0
for level in "${levels[@]}"; do
  java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.exordos.s3aas.bench.ObjectLoad \
    "$url" "$token" "$written" "$level" 8
  written=$level
  if [ -z "$operator_pid" ]; then
    start_operator ""
  fi
  quiet "$operator_pid"
  echo "$level objects: server $(heap "$server_pid"); operator $(heap "$operator_pid"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
jcmd "$server_pid" GC.class_histogram | head -25 > "${TMPDIR:-/tmp}/s3aas-histogram-server.txt"
jcmd "$operator_pid" GC.class_histogram | head -25 > "${TMPDIR:-/tmp}/s3aas-histogram-operator.txt"
for opts in "" "-XX:+UseStringDeduplication"; do
  stop_operator
  before=$(writes)
  start=$(date +%s%N)
  start_operator "$opts"
  quiet "$operator_pid"
  took=$(( ($(date +%s%N) - start) / 1000000 - 5000 )) # quiet() waits 5 s of no CPU
  echo "operator restart ${opts:-(default)}: quiet after ~$took ms, $(( $(writes) - before )) API writes; operator $(heap "$operator_pid"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
grep -c "level=ERROR" "$work/operator.log" | sed 's/^/operator log errors: /' || true
