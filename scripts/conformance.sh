#!/usr/bin/env bash
# `make conformance`: Ceph's s3-tests against the RustFS node emulator (output/bin/s3aas), compared
# with the reference Ceph RGW's results. Fails when the emulator fails more than 5 % of the tests the
# reference passes (tests where RustFS itself answers differently, listed in
# emulator/conformance-rustfs-differs.tsv, do not count) or when any request was answered with 500.
# CONFORMANCE points at the suite (default ../shared/conformance); extra arguments go to pytest.
set -u
suite=${CONFORMANCE:-../shared/conformance}
out=${S3T_OUT:-target/s3-tests}
# RustFS reports one fixed owner for every user (rustfs/rustfs rustfs/src/storage/s3_api/common.rs
# rustfs_owner; the emulator's Acl.OWNER_ID): the suite's main user, the node's root, is that owner.
export S3T_MAIN_ID=${S3T_MAIN_ID:-c19050dbcee97fda828689dda99097a6321af2248fa760517237346e5d9c8a66}
export S3T_MAIN_NAME=${S3T_MAIN_NAME:-rustfs}
[ -x "$suite/run-s3-tests.sh" ] || { echo "no conformance suite at $suite (set CONFORMANCE=DIR)"; exit 2; }
S3T_OUT=$out "$suite/run-s3-tests.sh" "$@" || exit 1
exec /usr/bin/python3 "$(dirname "$0")/conformance-gate.py" "$out/results.tsv" "$suite/rgw-reference.tsv" \
  emulator/conformance-rustfs-differs.tsv "$out/emulator.log"
