#!/usr/bin/env bash
# Provisions the RustFS data-plane image; runs as root inside the build VM (packer's shell
# provisioner). Inputs (environment):
#   RUSTFS_VERSION  release to install, e.g. 1.0.1-preview.10
#   RUSTFS_SHA256   SHA-256 of the release zip (required; the download is refused on mismatch)
#   RUSTFS_URL      where the zip is
#   S3AAS_DP_SRC    directory holding files/, scripts/ and rustfs.env.tmpl (uploaded by packer)
set -euo pipefail

: "${RUSTFS_VERSION:?}" "${RUSTFS_SHA256:?}" "${RUSTFS_URL:?}"
SRC=${S3AAS_DP_SRC:-/tmp/s3aas-dp}
ENV_DIR=/etc/exordos_metapaas
DATA_DIR=/var/lib/rustfs/data
SHARE=/usr/share/s3aas-dp

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get dist-upgrade -y -q
apt-get install -y -q --no-install-recommends ca-certificates curl unzip xfsprogs util-linux

# RustFS, pinned and checked.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL --retry 3 -o "$tmp/rustfs.zip" "$RUSTFS_URL"
echo "$RUSTFS_SHA256  $tmp/rustfs.zip" | sha256sum --check --strict -
unzip -q "$tmp/rustfs.zip" -d "$tmp/unpacked"
bin=$(find "$tmp/unpacked" -type f -name rustfs | head -n1)
[ -n "$bin" ] || { echo "no rustfs binary in $RUSTFS_URL" >&2; exit 1; }
install -m 0755 -o root -g root "$bin" /usr/local/bin/rustfs
/usr/local/bin/rustfs --version || true
echo "$RUSTFS_VERSION" >/usr/local/share/rustfs.version

# The service user and its directories; rustfs.env arrives from the operator.
getent group rustfs >/dev/null || groupadd --system rustfs
getent passwd rustfs >/dev/null ||
  useradd --system --gid rustfs --home-dir /var/lib/rustfs --no-create-home --shell /usr/sbin/nologin rustfs
install -d -m 0755 -o root -g root "$ENV_DIR"
install -d -m 0750 -o rustfs -g rustfs /var/lib/rustfs "$DATA_DIR"

# Scripts and units.
install -m 0755 "$SRC/scripts/s3aas-dp-firstboot" /usr/local/sbin/s3aas-dp-firstboot
install -m 0755 "$SRC/scripts/s3aas-sync-hosts" /usr/local/sbin/s3aas-sync-hosts
install -m 0755 "$SRC/scripts/s3aas-rustfs-health" /usr/local/bin/s3aas-rustfs-health
install -m 0644 "$SRC/files/exordos-metapaas-rustfs.service" /etc/systemd/system/
install -m 0644 "$SRC/files/s3aas-dp-firstboot.service" /etc/systemd/system/

# The operator's template, for reference on the node; it must define what the unit reads.
install -d -m 0755 "$SHARE"
install -m 0644 "$SRC/rustfs.env.tmpl" "$SHARE/rustfs.env.tmpl"
for var in RUSTFS_VOLUMES RUSTFS_ADDRESS RUSTFS_ACCESS_KEY RUSTFS_SECRET_KEY; do
  grep -q "^$var=" "$SHARE/rustfs.env.tmpl" || { echo "rustfs.env.tmpl lacks $var" >&2; exit 1; }
done

systemd-analyze verify /etc/systemd/system/exordos-metapaas-rustfs.service \
  /etc/systemd/system/s3aas-dp-firstboot.service
systemctl daemon-reload
systemctl enable s3aas-dp-firstboot.service exordos-metapaas-rustfs.service
