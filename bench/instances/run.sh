#!/usr/bin/env bash
# Runs the many-instances benchmark (operator/src/test/.../InstancesBenchmark.java): an in-process
# s3aas server on the local PostgreSQL (127.0.0.1:5432), the Exordos Core emulator (one RustFS node
# emulator per node set) and the operator with the Exordos provisioner, in one JVM.
# Usage: bench/instances/run.sh [-Dinstances=1000] [-DperInstance=10] [-DpollSeconds=10]
#        [-DprovisionCheckMs=2000] [-Dthreads=50] [-Dwriters=16] [-Drestart=true]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -o -pl operator -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test >/dev/null
cp="operator/target/test-classes:operator/target/classes:$(cat operator/target/bench-classpath.txt)"
exec java -Xmx3g -Xss512k "$@" -cp "$cp" io.exordos.s3aas.operator.InstancesBenchmark
