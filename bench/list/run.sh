#!/usr/bin/env bash
# Lists at scale: N Buckets (default 100,000) in one namespace, then
#   1. a paged list end to end (limit=500, following continue tokens), as kubectl and informers do;
#   2. an unpaged list of all N: time, response size, and the server's heap peak during it
#      (jstat every 20 ms, beside its heap after a full GC before the list).
#
#   bench/list/run.sh [N]          (needs `make bin`; fresh database on 127.0.0.1:5432; loopback)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
source bench/lib/server.sh
mvn -B -q -o -pl bench -am package -Dmaven.test.skip=true # the load driver, in one reactor
bench_start_server list
buckets="$url/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets"

echo "machine: $(nproc) CPUs; date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)"
java -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.exordos.s3aas.bench.ObjectLoad \
  "$url" "$token" 0 "$n" 8 buckets

get() { curl -sf -H "Authorization: Bearer $token" "$@"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

for run in 1 2; do
  start=$(date +%s%N)
  items=0 pages=0 cont=""
  while :; do
    get -o "$work/page.json" "$buckets?limit=500${cont:+&continue=$cont}"
    # grep, not a JSON parser: a parser's start-up per page would be most of what is timed
    count=$(grep -o '"kind":"Bucket"' "$work/page.json" | wc -l)
    cont=$(grep -o '"continue":"[^"]*"' "$work/page.json" | cut -d'"' -f4 | sed 's/=/%3D/g; s/+/%2B/g; s|/|%2F|g' || true)
    items=$((items + count)) pages=$((pages + 1))
    [ -n "$cont" ] || break
  done
  echo "paged list (limit 500), run $run: $items items in $pages pages, $(ms "$start") ms; load $(cut -d' ' -f1-3 /proc/loadavg)"
done

jcmd "$server_pid" GC.run >/dev/null
base=$(jcmd "$server_pid" GC.heap_info | sed -n 's/.*heap *total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)
for run in 1 2; do
  jstat -gc "$server_pid" 20 > "$work/jstat.txt" &
  jstat_pid=$!
  start=$(date +%s%N)
  code=$(curl -s -o "$work/all.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$buckets")
  took=$(ms "$start")
  kill "$jstat_pid"; wait "$jstat_pid" 2>/dev/null || true
  # used = S0U + S1U + EU + OU (KiB)
  peak=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {u = $3 + $4 + $6 + $8; if (u > m) m = u} END {printf "%d", m / 1024}' "$work/jstat.txt")
  echo "unpaged list, run $run: HTTP $code, $(stat -c %s "$work/all.json") bytes, $took ms; server heap after GC before: $((base / 1024)) MiB, peak during: $peak MiB (jstat, 20 ms); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
