#!/usr/bin/env bash
# Runs as root inside the build VM, last: remove what only the build needed so every node boots
# as a fresh machine (new SSH host keys, new machine-id, cloud-init runs again, no build user).
set -euo pipefail

BUILD_USER=${BUILD_USER:-s3aas-build}

apt-get clean
rm -rf /var/lib/apt/lists/* /tmp/s3aas-* /var/tmp/*
rm -f /etc/ssh/ssh_host_*
truncate -s 0 /etc/machine-id
rm -f /var/lib/dbus/machine-id
cloud-init clean --logs --seed || true
# The build user is removed at next boot (we are logged in as it now): a one-shot unit does it.
cat >/etc/systemd/system/s3aas-remove-build-user.service <<UNIT
[Unit]
Description=Remove the image build user
ConditionPathExists=/home/${BUILD_USER}

[Service]
Type=oneshot
ExecStart=/usr/sbin/userdel --remove ${BUILD_USER}
ExecStart=/bin/rm -f /etc/sudoers.d/90-cloud-init-users

[Install]
WantedBy=multi-user.target
UNIT
systemctl enable s3aas-remove-build-user.service
passwd --lock "${BUILD_USER}"
sync
