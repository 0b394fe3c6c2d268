#!/usr/bin/env bash
# Provisions the s3aas control-plane image; runs as root inside the build VM. Input:
#   S3AAS_CP_SRC  directory holding files/, scripts/ and dist/ (bin/s3aas, bin/s3ctl, lib/)
set -euo pipefail

SRC=${S3AAS_CP_SRC:-/tmp/s3aas-cp}
[ -x "$SRC/dist/bin/s3aas" ] || { echo "no s3aas distribution in $SRC/dist (run make build first)" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get dist-upgrade -y -q
apt-get install -y -q --no-install-recommends ca-certificates curl openjdk-17-jre-headless postgresql util-linux
# The cluster is created on the data disk at first boot, not in the image.
systemctl stop postgresql
pg_dropcluster --stop "$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n1)" main || true

getent group s3aas >/dev/null || groupadd --system s3aas
getent passwd s3aas >/dev/null ||
  useradd --system --gid s3aas --home-dir /var/lib/s3aas --no-create-home --shell /usr/sbin/nologin s3aas
install -d -m 0755 /etc/s3aas /opt/s3aas
install -d -m 0700 -o s3aas -g s3aas /var/lib/s3aas

cp -a "$SRC/dist/bin" "$SRC/dist/lib" /opt/s3aas/
chown -R root:root /opt/s3aas
ln -sf /opt/s3aas/bin/s3ctl /usr/local/bin/s3ctl
ln -sf /opt/s3aas/bin/s3aas /usr/local/bin/s3aas

install -m 0755 "$SRC/scripts/s3aas-cp-firstboot" /usr/local/sbin/s3aas-cp-firstboot
install -m 0755 "$SRC/scripts/s3aas-cp-operator" /usr/local/bin/s3aas-cp-operator
for unit in s3aas-server.service s3aas-operator.service s3aas-cp-firstboot.service; do
  install -m 0644 "$SRC/files/$unit" /etc/systemd/system/
done
systemd-analyze verify /etc/systemd/system/s3aas-server.service /etc/systemd/system/s3aas-operator.service \
  /etc/systemd/system/s3aas-cp-firstboot.service
systemctl daemon-reload
systemctl enable s3aas-cp-firstboot.service s3aas-server.service s3aas-operator.service
