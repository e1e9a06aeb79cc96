#!/usr/bin/env bash
# Measures `kcldap check` (the whole preflight, whose simulated sync lists every directory user) for time
# and peak memory against real slapd directories of growing size and kc-emulator.
#   bash bench/check-scale.sh [COUNT ...]        (default: 1000 10000 50000)
# Needs GNU time (Debian package "time", installed here if missing). Results: bench/results/check-scale.txt
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-deps
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq time >/dev/null
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKCLDAP_BUILD_TESTS=ON >/dev/null
cmake --build build/release -j"$(nproc)" --target kcldap kc-emulator >/dev/null
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1000 10000 50000)
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  bash fixtures/slapd/stop.sh "$work/slapd" || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p bench/results
out=bench/results/check-scale.txt
{
  echo "# kcldap check against slapd and kc-emulator on loopback; $(nproc) cores; $(date -u +%Y-%m-%d)"
  echo "# users  previewed  wall_seconds  max_rss_kib"
} > "$out"
for count in "${counts[@]}"; do
  bash bench/generate-users.sh "$count" > "$work/users.ldif"
  env_file=$(bash fixtures/slapd/start.sh "$work/slapd" --users-ldif "$work/users.ldif" --no-groups)
  # shellcheck disable=SC1090
  . "$env_file"
  build/release/tests/kc-emulator --port 0 --realm demo --truststore "$KCLDAP_SLAPD_CA_FILE" > "$work/emulator.out" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do grep -q KC_EMULATOR_URL "$work/emulator.out" && break; sleep 0.05; done
  printf '%s\n' '[ldap]' "url = \"$KCLDAP_SLAPD_LDAPS_URL\"" "ca_file = \"$KCLDAP_SLAPD_CA_FILE\"" \
    "bind_dn = \"$KCLDAP_SLAPD_BIND_DN\"" 'bind_password = "${env:KCLDAP_BIND_PASSWORD}"' "users_dn = \"$KCLDAP_SLAPD_USERS_DN\"" \
    '[keycloak]' "url = \"$(sed -n 's/^KC_EMULATOR_URL=//p' "$work/emulator.out")\"" 'realm = "demo"' 'username = "admin"' \
    'password = "${env:KEYCLOAK_PASSWORD}"' > "$work/kcldap.toml"
  export KCLDAP_BIND_PASSWORD="$KCLDAP_SLAPD_BIND_PASSWORD" KEYCLOAK_PASSWORD=admin
  /usr/bin/time -f "%e %M" -o "$work/time.txt" build/release/src/kcldap check --config "$work/kcldap.toml" --format json \
    > "$work/report.json" || true
  previewed=$(grep -o '"finding": "[0-9]* directory users would be imported' "$work/report.json" | tr -dc '0-9')
  read -r seconds rss < "$work/time.txt"
  printf '%7s  %9s  %12s  %11s\n' "$count" "$previewed" "$seconds" "$rss" | tee -a "$out"
  kill "$emulator_pid"; wait "$emulator_pid" 2>/dev/null || true; emulator_pid=""
  bash fixtures/slapd/stop.sh "$work/slapd"
done
echo "written to $out"
