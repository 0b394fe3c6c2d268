#!/usr/bin/env bash
# Runs the operator benchmark (operator/src/test/.../OperatorBenchmark.java) against an in-process
# s3aas server on the local PostgreSQL (127.0.0.1:5432) and the Exordos Core + RustFS node emulators.
# Usage: bench/operator/run.sh [-Dn=1000] [-DpollSeconds=10] [-DdelayMs=5] [-DperNode=16] [-Dthreads=50]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl operator -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test >/dev/null
cp="operator/target/test-classes:operator/target/classes:$(cat operator/target/bench-classpath.txt)"
exec java -Xmx2g "$@" -cp "$cp" io.exordos.s3aas.operator.OperatorBenchmark
