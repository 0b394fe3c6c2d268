#!/usr/bin/env bash
# Many watchers while 16 writers write (issue 15 §4): for each watcher count (default 1, 50, 200),
# W watch streams on the Buckets of a fresh namespace while WRITERS writers create and patch Buckets
# there at PACE writes/s each for SECONDS; then commit->event p50/p99/max over every event, the
# worst watcher's p99, watchers that missed, repeated or reordered an event, and the server's CPU
# (/proc/PID/stat) per delivered event. One server for every watcher count, after a short warm-up.
#
#   bench/watch/run.sh [SECONDS] [PACE] [WATCHER_COUNTS...]   (defaults: 30 10 1 50 200)
#   WRITERS=16 (environment)        needs `make bin`; fresh database on 127.0.0.1:5432; loopback
#   S3AAS_JAVA_OPTS=...             passed to the server's JVM (e.g. -XX:StartFlightRecording=...)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
pace="${2:-10}"
shift $(( $# > 2 ? 2 : $# ))
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1 50 200)
writers="${WRITERS:-16}"
source bench/lib/server.sh
mvn -B -q -o -pl bench -am package -Dmaven.test.skip=true # the load driver, in one reactor
export S3AAS_JAVA_OPTS="${S3AAS_JAVA_OPTS:-}"
bench_start_server watch

echo "machine: $(nproc) CPUs; date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+changes')"
echo "writers: $writers at $pace writes/s each, $seconds s per watcher count"
load() {
  java -Xmx2g -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
    io.exordos.s3aas.bench.WatchLoad "$url" "$token" "$server_pid" "$@"
}
load warmup 10 "$writers" 10 "$pace" >/dev/null # JIT and connection pools, not reported
for w in "${counts[@]}"; do
  echo "$(load "watch-$w" "$w" "$writers" "$seconds" "$pace"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
