#!/usr/bin/env bash
# make check-packaging: checks the VM images and their scripts without building a VM.
#   1. packer fmt -check and packer validate on every template (Debian's packer 1.6.6);
#      also that rustfs_sha256 stays a required input (no made-up default);
#   2. shellcheck on every shell script under packer/;
#   3. systemd-analyze verify on every unit, in a scratch root with the units' executables stubbed
#      (any warning fails the check);
#   4. rustfs.env rendered by the operator's own renderer (operator/target/classes) defines what
#      the RustFS unit reads, and s3aas-sync-hosts turns a distributed one into /etc/hosts lines;
#   5. s3aas-rustfs-health against a local HTTP server answering 200, 503 and nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "check-packaging: FAIL: $*" >&2; exit 1; }
step() { echo "check-packaging: $*"; }
scratch=$(mktemp -d)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

for tool in packer shellcheck; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (Debian package $tool)"
done

# 1. packer
zeros=$(printf '0%.0s' $(seq 64))
mkdir -p "$scratch/dist/bin"
for t in packer/dp/rustfs-dp.pkr.hcl packer/cp/s3aas-cp.pkr.hcl; do
  packer fmt -check "$t" >/dev/null || fail "packer fmt -check $t (run: packer fmt $t)"
done
step "packer fmt: ok"
(
  cd packer
  # Placeholder inputs: a zero checksum is syntactically valid and obviously not a real one.
  packer validate -var "rustfs_sha256=$zeros" -var "base_image_checksum=sha256:$zeros" dp/rustfs-dp.pkr.hcl
  packer validate -var "base_image_checksum=sha256:$zeros" -var "dist_dir=$scratch/dist" cp/s3aas-cp.pkr.hcl
  if packer validate -var "base_image_checksum=sha256:$zeros" dp/rustfs-dp.pkr.hcl >/dev/null 2>&1; then
    echo "rustfs_sha256 must have no default" >&2
    exit 1
  fi
  if packer validate -var rustfs_sha256=not-a-checksum -var "base_image_checksum=sha256:$zeros" dp/rustfs-dp.pkr.hcl >/dev/null 2>&1; then
    echo "rustfs_sha256 must be validated" >&2
    exit 1
  fi
) || fail "packer validate"
step "packer validate: ok"

# 2. shellcheck
mapfile -t scripts < <(grep -rlE '^#!(/usr/bin/env |/bin/)(ba)?sh' packer | sort)
[ "${#scripts[@]}" -ge 8 ] || fail "expected at least 8 scripts under packer/, found ${#scripts[@]}"
shellcheck -x "${scripts[@]}" || fail "shellcheck"
step "shellcheck: ok (${#scripts[@]} scripts)"

# 3. systemd units
if command -v systemd-analyze >/dev/null && [ -d /usr/lib/systemd/system ]; then
  root="$scratch/root"
  mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd"
  cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
  units=(packer/*/files/*.service)
  cp "${units[@]}" "$root/etc/systemd/system/"
  # Stub every absolute executable the units name, as the image installs them.
  grep -hoE '^Exec[A-Za-z]+=[-+!@:]*/[^ ]+' "${units[@]}" | sed -E 's/^[^=]+=[-+!@:]*//' | sort -u |
    while read -r exe; do
      mkdir -p "$root$(dirname "$exe")"
      printf '#!/bin/sh\n' >"$root$exe"
      chmod +x "$root$exe"
    done
  names=()
  for u in "${units[@]}"; do names+=("$root/etc/systemd/system/$(basename "$u")"); done
  out=$(systemd-analyze verify --root="$root" "${names[@]}" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warned: $out"
  step "systemd-analyze verify: ok (${#units[@]} units)"
else
  step "systemd-analyze verify: skipped (no systemd-analyze here)"
fi

# 4. rustfs.env as the operator renders it
classes=operator/target/classes
if [ -f "$classes/rustfs.env.tmpl" ] && [ -d "$classes/io/exordos/s3aas/operator/provision" ] && command -v java >/dev/null; then
  java -cp "$classes" packer/ci/RenderEnv.java single >"$scratch/single.env"
  java -cp "$classes" packer/ci/RenderEnv.java distributed >"$scratch/distributed.env"
  unit=packer/dp/files/exordos-metapaas-rustfs.service
  grep -q '^EnvironmentFile=/etc/exordos_metapaas/rustfs.env$' "$unit" || fail "$unit does not read /etc/exordos_metapaas/rustfs.env"
  grep -q "ENV_PATH = \"/etc/exordos_metapaas/rustfs.env\"" operator/src/main/java/io/exordos/s3aas/operator/provision/ExordosProvisioner.java ||
    fail "the operator no longer pushes /etc/exordos_metapaas/rustfs.env"
  grep -q 'RESTART = "systemctl restart exordos-metapaas-rustfs"' operator/src/main/java/io/exordos/s3aas/operator/provision/ExordosProvisioner.java ||
    fail "the operator no longer restarts exordos-metapaas-rustfs"
  for env in "$scratch/single.env" "$scratch/distributed.env"; do
    bad=$(grep -vE '^[A-Z_][A-Z0-9_]*=[^[:space:]]+$' "$env" || true)
    [ -z "$bad" ] || fail "rendered rustfs.env has lines systemd would misread: $bad"
    for var in $(grep -oE '\$\{[A-Z_]+\}' "$unit" | tr -d '{}\044' | sort -u) RUSTFS_ACCESS_KEY RUSTFS_SECRET_KEY RUSTFS_ADDRESS; do
      grep -q "^$var=" "$env" || fail "rendered rustfs.env lacks $var, which the RustFS node needs"
    done
  done
  grep -q '^EXORDOS_S3_HOSTS=' "$scratch/single.env" && fail "a single-node rustfs.env must not carry EXORDOS_S3_HOSTS"
  hosts="$scratch/hosts"
  printf '127.0.0.1 localhost\n' >"$hosts"
  peers=$(sed -n 's/^EXORDOS_S3_HOSTS=//p' "$scratch/distributed.env")
  HOSTS_FILE=$hosts EXORDOS_S3_HOSTS=$peers packer/dp/scripts/s3aas-sync-hosts
  HOSTS_FILE=$hosts EXORDOS_S3_HOSTS=$peers packer/dp/scripts/s3aas-sync-hosts
  [ "$(grep -c 'rustfs.internal' "$hosts")" -eq 4 ] || fail "s3aas-sync-hosts: $(cat "$hosts")"
  grep -q '^10.20.0.13 node3.rustfs.internal$' "$hosts" || fail "s3aas-sync-hosts: $(cat "$hosts")"
  HOSTS_FILE=$hosts EXORDOS_S3_HOSTS='' packer/dp/scripts/s3aas-sync-hosts
  [ "$(cat "$hosts")" = "127.0.0.1 localhost" ] || fail "s3aas-sync-hosts did not remove its block: $(cat "$hosts")"
  step "rustfs.env (operator's renderer) and s3aas-sync-hosts: ok"
else
  step "rustfs.env render: skipped (operator classes not built; make test runs this after Maven)"
fi

# 5. the health check script
if command -v python3 >/dev/null && command -v curl >/dev/null; then
  port_file="$scratch/port"
  python3 - "$port_file" <<'PY' &
import http.server, sys
state = {"ready": 200}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/toggle":
            state["ready"] = 503
            code = 200
        else:
            code = state["ready"] if self.path == "/health/ready" else 404
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status":"ok","ready":%s}' % (b"true" if code == 200 else b"false"))
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
  server_pid=$!
  for _ in $(seq 1 50); do [ -s "$port_file" ] && break; sleep 0.1; done
  base="http://127.0.0.1:$(cat "$port_file")"
  packer/dp/scripts/s3aas-rustfs-health "$base" >/dev/null || fail "health: a 200 must be healthy"
  curl -fsS "$base/toggle" >/dev/null
  rc=0; packer/dp/scripts/s3aas-rustfs-health "$base" >/dev/null || rc=$?
  [ "$rc" -eq 1 ] || fail "health: a 503 must exit 1, got $rc"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  rc=0; RUSTFS_HEALTH_TIMEOUT=1 packer/dp/scripts/s3aas-rustfs-health "$base" >/dev/null || rc=$?
  [ "$rc" -eq 2 ] || fail "health: no answer must exit 2, got $rc"
  step "s3aas-rustfs-health: ok"
fi
step "all packaging checks passed"
