#!/usr/bin/env bash
# Runs federation.yml against kc-emulator for one Keycloak version profile.
#   run.sh KC_EMULATOR_BIN SLAPD_ENV_FILE VERSION EXPECT_RERUN_CHANGED
# On 23+ Keycloak adds krbPrincipalAttribute to a new provider; this module version (community.general
# 6.x) does not know that key, so every re-run reports a change: the drift its users reported.
set -euo pipefail
emulator_bin=$1 env_file=$2 version=$3 expect_rerun_changed=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC1090
. "$env_file"
work=$(mktemp -d)
"$emulator_bin" --port 0 --version "$version" --realm demo > "$work/emulator.out" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q KC_EMULATOR_URL "$work/emulator.out" && break; sleep 0.05; done
url=$(sed -n 's/^KC_EMULATOR_URL=//p' "$work/emulator.out")
[[ -n "$url" ]] || { echo "kc-emulator did not start"; cat "$work/emulator.out"; exit 1; }
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1
ansible-playbook -i localhost, -c local "$here/federation.yml" \
  -e "kc_url=$url ldap_url=$KCLDAP_SLAPD_LDAPS_URL users_dn=$KCLDAP_SLAPD_USERS_DN" \
  -e "bind_dn='$KCLDAP_SLAPD_BIND_DN' expect_rerun_changed=$expect_rerun_changed"
