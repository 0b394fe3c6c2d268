#!/usr/bin/env bash
# What `make test` needs beyond Java and Maven, installed or started when missing, so that the
# README's test command works on a fresh Debian machine (and `.ci/run` is only `make ...` calls):
#   kubectl v1.32 on PATH (comes with the machine image: Debian's kubectl is 1.20, too old);
#   /usr/bin/aws, tmux, faketime, packer, shellcheck, python3-jinja2/yaml (Debian packages);
#   PostgreSQL answering on 127.0.0.1:5432 with trust authentication.
# Installing needs root (or sudo); without it, the script says what to install and stops.
set -euo pipefail

command -v kubectl >/dev/null || {
  echo "test prerequisites: kubectl (v1.32) is required on PATH" >&2
  exit 1
}

need_apt=()
[ -x /usr/bin/aws ] || need_apt+=(awscli)
command -v tmux >/dev/null || need_apt+=(tmux)
# runs the AWS CLI at chosen dates (the emulator's DatesOnAnyDayTest)
[ -x /usr/bin/faketime ] || need_apt+=(faketime)
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
command -v packer >/dev/null || need_apt+=(packer)
command -v shellcheck >/dev/null || need_apt+=(shellcheck)
/usr/bin/python3 -c 'import jinja2, yaml' 2>/dev/null || need_apt+=(python3-jinja2 python3-yaml)

# Root, or password-less sudo, for installing packages and starting PostgreSQL.
sudo=()
can_admin=true
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo); else can_admin=false; fi
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  $can_admin || {
    echo "test prerequisites: missing Debian packages: ${need_apt[*]}" >&2
    echo "  install them with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  }
  echo "test prerequisites: installing ${need_apt[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  versions=(/etc/postgresql/*)
  [ -d "${versions[0]}" ] || {
    echo "test prerequisites: no PostgreSQL cluster under /etc/postgresql" >&2
    exit 1
  }
  version="${versions[0]##*/}"
  if [[ " ${need_apt[*]} " == *" postgresql "* ]]; then
    # Installed just now: the tests connect as postgres over TCP without a password.
    "${sudo[@]}" sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
      "/etc/postgresql/$version/main/pg_hba.conf"
  fi
  echo "test prerequisites: starting PostgreSQL $version"
  $can_admin || {
    echo "test prerequisites: PostgreSQL is not running on 127.0.0.1:5432; start it (as root):" >&2
    echo "  pg_ctlcluster --skip-systemctl-redirect $version main start" >&2
    exit 1
  }
  "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 -q || {
    echo "test prerequisites: PostgreSQL did not start on 127.0.0.1:5432" >&2
    exit 1
  }
fi
