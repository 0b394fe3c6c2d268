#!/usr/bin/env bash
# Wall time of `s3ctl get s3instances` beside `kubectl get s3instances` against the same server.
#
#   bench/cli/run.sh [--runs N] [--kubeconfig FILE]
#
# Server: --kubeconfig FILE, else $S3AAS_HOME/kubeconfig (written by `make run` / `s3aas up`),
# else the script starts an in-process test server from cli/'s test class path (needs
# a Maven build of cli's tests, done here, and PostgreSQL on 127.0.0.1:5432) and stops it at the end.
# s3ctl: $S3CTL, else output/bin/s3ctl, else cli/target/s3ctl/bin/s3ctl (from `mvn -pl cli package`).
# Uses hyperfine when installed (apt-get install -y hyperfine), else a timing loop; prints medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
runs=20
kubeconfig=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --kubeconfig) kubeconfig="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--kubeconfig FILE]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

s3ctl="${S3CTL:-}"
if [ -z "$s3ctl" ]; then
  if [ -x "$root/output/bin/s3ctl" ]; then s3ctl="$root/output/bin/s3ctl"; else s3ctl="$root/cli/target/s3ctl/bin/s3ctl"; fi
fi
[ -f "$s3ctl" ] || { echo "no s3ctl at $s3ctl: run mvn -o -pl cli package -DskipTests" >&2; exit 1; }

if [ -z "$kubeconfig" ] && [ -f "${S3AAS_HOME:-$HOME/.s3aas}/kubeconfig" ]; then
  kubeconfig="${S3AAS_HOME:-$HOME/.s3aas}/kubeconfig"
fi
if [ -z "$kubeconfig" ]; then
  # One reactor build (never `install`): cli's test classes and the class path of the modules it uses.
  testcp="$work/testcp.txt"
  (cd "$root" && mvn -B -q -o -pl cli -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$testcp" >/dev/null)
  mkfifo "$work/stdin"
  java -cp "$root/cli/target/test-classes:$root/cli/target/classes:$(cat "$testcp")" io.exordos.s3aas.cli.TestServer "$work/server" \
    < "$work/stdin" > "$work/server.log" 2>&1 &
  server_pid=$!
  exec 9> "$work/stdin"   # keeps the server's stdin open until the script ends
  for _ in $(seq 1 120); do grep -q READY "$work/server.log" && break; sleep 0.5; done
  grep -q READY "$work/server.log" || { cat "$work/server.log" >&2; exit 1; }
  kubeconfig="$work/server/kubeconfig"
fi

export KUBECONFIG="$kubeconfig"
export S3AAS_HOME="$work/s3aas-home"   # no s3ctl.yaml: s3ctl uses KUBECONFIG like kubectl
kcache="$work/kube-cache"
bash "$s3ctl" apply -f "$root/examples/" >/dev/null
bash "$s3ctl" get s3instances >/dev/null    # creates the CDS archive if it is missing
kubectl --cache-dir "$kcache" get s3instances >/dev/null   # fills kubectl's discovery cache

# The floor: what any JVM pays (bench/cli/TlsFloor.java, same JVM flags and a CDS archive like s3ctl).
floor="$work/floor"
mkdir -p "$floor"
javac -d "$floor/classes" "$root/bench/cli/TlsFloor.java"
jar cf "$floor/floor.jar" -C "$floor/classes" TlsFloor.class   # CDS archives classes from jars only
kview() { kubectl config view --raw --minify -o "jsonpath=$1"; }
server_url="$(kview '{.clusters[0].cluster.server}')"
kview '{.clusters[0].cluster.certificate-authority-data}' | base64 -d > "$floor/ca.pem"
kview '{.users[0].user.token}' > "$floor/token"
ns="$(kview '{.contexts[0].context.namespace}')"
list_path="/apis/s3aas.exordos.io/v1alpha1/namespaces/${ns:-default}/s3instances"
jvm="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
floor_args="$server_url $floor/ca.pem $floor/token $list_path"
# shellcheck disable=SC2086
$jvm -XX:ArchiveClassesAtExit="$floor/floor.jsa" -cp "$floor/floor.jar" TlsFloor $floor_args >/dev/null
floor_java="$jvm -XX:SharedArchiveFile=$floor/floor.jsa -cp $floor/floor.jar TlsFloor"

echo "machine: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); kubectl: $(kubectl version --client 2>/dev/null | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); runs: $runs; server: $(grep -m1 server: "$kubeconfig" | xargs)"

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" \
    -n "s3ctl get s3instances" "bash $s3ctl get s3instances" \
    -n "kubectl get s3instances" "kubectl --cache-dir $kcache get s3instances" \
    -n "floor: JVM hello" "$floor_java hello" \
    -n "floor: JVM one TLS GET" "$floor_java $floor_args"
  python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m = {x["command"]: x["median"] for x in r}
s, k = m["s3ctl get s3instances"], m["kubectl get s3instances"]
h, t = m["floor: JVM hello"], m["floor: JVM one TLS GET"]
print(f"median: s3ctl {s*1000:.0f} ms, kubectl {k*1000:.0f} ms, ratio {s/k:.2f}x")
print(f"floor:  JVM hello {h*1000:.0f} ms ({h/k:.2f}x kubectl), JVM one TLS GET {t*1000:.0f} ms ({t/k:.2f}x kubectl)")
PY
else
  median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
  s=$(for _ in $(seq "$runs"); do time_ms bash "$s3ctl" get s3instances; done | median)
  k=$(for _ in $(seq "$runs"); do time_ms kubectl --cache-dir "$kcache" get s3instances; done | median)
  echo "median: s3ctl ${s} ms, kubectl ${k} ms"
fi
