#!/usr/bin/env bash
# Runs on the build host after packer: turn the qemu disk into the artifact Exordos consumes.
#   IMAGE   the disk packer wrote (raw or qcow2)
#   OUTPUT  the artifact path, e.g. output/exordos-metapaas-s3-dp.raw.zst
#   FORMAT  raw.zst | raw | qcow2
set -euo pipefail

: "${IMAGE:?}" "${OUTPUT:?}" "${FORMAT:?}"
mkdir -p "$(dirname "$OUTPUT")"
case "$FORMAT" in
  raw.zst) zstd -T0 -19 --force -o "$OUTPUT" "$IMAGE" ;;
  raw | qcow2) cp --sparse=always "$IMAGE" "$OUTPUT" ;;
  *) echo "unknown output format: $FORMAT" >&2; exit 1 ;;
esac
sha256sum "$OUTPUT" | sed 's|  .*/|  |' >"$OUTPUT.sha256"
echo "image: $OUTPUT"
