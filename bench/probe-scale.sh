#!/usr/bin/env bash
# Measures `kcldap probe` time and peak memory against real slapd directories of growing size, to show
# that memory stays flat (entries are streamed; only the bounded sample is held).
#   bash bench/probe-scale.sh [COUNT ...]        (default: 1000 10000 50000)
# Needs GNU time (Debian package "time", installed here if missing). Results: bench/results/probe-scale.txt
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-deps
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq time >/dev/null
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKCLDAP_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" --target kcldap >/dev/null
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1000 10000 50000)
work=$(mktemp -d)
trap 'bash fixtures/slapd/stop.sh "$work/slapd" || true; rm -rf "$work"' EXIT
mkdir -p bench/results
out=bench/results/probe-scale.txt
{
  echo "# kcldap probe against slapd on loopback; $(nproc) cores; $(date -u +%Y-%m-%d)"
  echo "# users  count_found  wall_seconds  max_rss_kib"
} > "$out"
for count in "${counts[@]}"; do
  bash bench/generate-users.sh "$count" > "$work/users.ldif"
  env_file=$(bash fixtures/slapd/start.sh "$work/slapd" --users-ldif "$work/users.ldif" --no-groups)
  # shellcheck disable=SC1090
  . "$env_file"
  export KCLDAP_BIND_PASSWORD="$KCLDAP_SLAPD_BIND_PASSWORD"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" build/release/src/kcldap probe --format json \
    --ldap-url "$KCLDAP_SLAPD_LDAPS_URL" --ca-file "$KCLDAP_SLAPD_CA_FILE" --bind-dn "$KCLDAP_SLAPD_BIND_DN" \
    --bind-password-env KCLDAP_BIND_PASSWORD --users-dn "$KCLDAP_SLAPD_USERS_DN" > "$work/report.json" || true
  found=$(grep -o '"count": [0-9]*' "$work/report.json" | tail -n 1 | tr -dc '0-9')  # users.count is the last "count" key
  read -r seconds rss < "$work/time.txt"
  printf '%7s  %11s  %12s  %11s\n' "$count" "$found" "$seconds" "$rss" | tee -a "$out"
  bash fixtures/slapd/stop.sh "$work/slapd"
done
echo "written to $out"
