#!/usr/bin/env bash
# Resource API benchmark: raw PostgreSQL baseline, creates/s, gets/s, list of 10,000, watch latency.
# Usage: bench/api/run.sh [threads] [seconds-per-phase]    (HTTPS; BENCH_TLS=false for plain HTTP)
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth). Creates and drops its own databases; loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Builds bench with the modules it needs in one reactor (never `install`: the local Maven
# repository is shared and a fresh clone has none of this project's artifacts in it).
mvn -B -q -o -pl bench -am package -Dmaven.test.skip=true
exec java -Dbench.tls="${BENCH_TLS:-true}" -DS3AAS_ACCESS_LOG=WARN \
  -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  io.exordos.s3aas.bench.ApiBenchmark jdbc:postgresql://127.0.0.1:5432/postgres "${1:-16}" "${2:-10}"
