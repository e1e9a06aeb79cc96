#!/usr/bin/env bash
# kcldap apply versus Debian's Ansible module community.general.keycloak_user_federation, side by side in
# one run against one real Keycloak (fixtures/keycloak) and the bundled slapd (50 users), then a full sync of
# a generated directory through the same Keycloak:
#
#   bash bench/apply-vs-ansible.sh [--rounds N] [--users N] [--version V] [--out FILE] [--note TEXT] [--worktree]
#     --rounds N   rounds of part 1 (default 5); each round, each of the three contenders gets a realm of its
#                  own (admin events on), does a fresh apply, then re-applies the same federation
#     --users N    users in part 2's directory (default 10000)
#     --version V  Keycloak version (default: the first line of fixtures/keycloak/versions)
#     --out FILE   results file (default bench/results/apply-vs-ansible.md)
#     --note TEXT  a line for the results' machine section (e.g. that the machine was shared)
#     --worktree   bench kcldap built from the working tree (build/bench) instead of the last commit
#
# Part 1 contenders (their order rotates from round to round):
#   kcldap          `kcldap apply --yes` as users run it: probe, plan, apply, post-checks (test connection and
#                   authentication, full sync, 3 sample users looked up)
#   kcldap-lean     the same with `[checks] sync = false` and `sample_users = 0`; kcldap has no switch for
#                   the rest, so it still probes the directory, reads the stored provider back and has
#                   Keycloak test the connection and the bind
#   ansible         `ansible-playbook` with one keycloak_user_federation task carrying the same provider
#                   settings and the same mappers (read back from what kcldap stored in a calibration realm)
# Writes are counted with Keycloak's own admin events (CREATE/UPDATE/DELETE; ACTION events, such as a
# sync, are listed apart), cleared before each step. Times are wall clock of the whole command
# (GNU time), ansible-playbook's own start-up included (measured apart, with an empty play).
#
# Part 2: slapd with --users generated users (bench/generate-users.sh), `kcldap apply` with every post-check
# on, and how the time splits between kcldap and Keycloak (the per-check `seconds` of --format json, and
# kcldap's own CPU time).
#
# Before part 1, kcldap's default configuration (default_mappers = "adopt": the default mappers Keycloak
# creates are corrected) is applied once to a realm of its own and its outcome is recorded, failure or not.
# The timed kcldap runs use default_mappers = "keep" when that canary fails (see the results file). A second
# canary changes one provider setting (trust_email) of an existing provider and records that outcome too.
#
# Secrets (the admin password, the bind password) go through environment variables only; the results and
# every log of the run are checked for them at the end. Needs the Debian packages of scripts/install-deps
# and GNU time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

rounds=5 users=10000 version="" out=bench/results/apply-vs-ansible.md note="" worktree=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds=${2:?}; shift ;;
    --users) users=${2:?}; shift ;;
    --version) version=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    --note) note=${2:?}; shift ;;
    --worktree) worktree=1 ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
  shift
done
[[ "$rounds" =~ ^[1-9][0-9]*$ && "$users" =~ ^[1-9][0-9]*$ ]] || { echo "$0: --rounds and --users take a positive number" >&2; exit 2; }

bash scripts/install-deps
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" || apt-get install -y -qq time >/dev/null
build_kcldap() {  # SOURCE_DIR BUILD_DIR; the compiler's output goes to BUILD_DIR/build.log, shown on failure
  mkdir -p "$2"
  { cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DKCLDAP_BUILD_TESTS=OFF &&
    cmake --build "$2" -j"$(nproc)" --target kcldap; } > "$2/build.log" 2>&1 ||
    { tail -n 40 "$2/build.log" >&2; echo "$0: building kcldap failed (log: $2/build.log)" >&2; exit 1; }
}
# kcldap is built from the last commit (HEAD), not from the working tree, so the results name a revision.
# Its files are copied into build/bench-head/tree only where they differ, so a later run rebuilds what changed.
if [[ "$worktree" -eq 1 ]]; then
  build_kcldap . build/bench
  kcldap=$root/build/bench/src/kcldap
  kcldap_rev="$(git rev-parse --short HEAD) plus the working tree's uncommitted changes (--worktree)"
else
  rev=$(git rev-parse --short HEAD)
  stage=$(mktemp -d)
  git archive "$rev" | tar -x -C "$stage"
  mkdir -p build/bench-head/tree
  (cd "$stage" && find . -type f) | while IFS= read -r f; do
    cmp -s "$stage/$f" "build/bench-head/tree/$f" || { mkdir -p "$(dirname "build/bench-head/tree/$f")"; cp "$stage/$f" "build/bench-head/tree/$f"; }
  done
  rm -rf "$stage"
  build_kcldap build/bench-head/tree build/bench-head/build
  kcldap=$root/build/bench-head/build/src/kcldap
  kcldap_rev="$rev (the committed tree, built apart in build/bench-head)"
fi
admin=(python3 "$root/bench/kc-admin.py")

work=$(mktemp -d)
chmod 700 "$work"
cleanup() {
  bash fixtures/keycloak/stop.sh "$work/keycloak" >/dev/null 2>&1 || true
  bash fixtures/slapd/stop.sh "$work/slapd-small" >/dev/null 2>&1 || true
  bash fixtures/slapd/stop.sh "$work/slapd-big" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
say() { echo "bench: $*" >&2; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# --- fixtures -------------------------------------------------------------------------------------------
say "generating $users users; starting two slapd and Keycloak ${version:-(default version)}"
bash bench/generate-users.sh "$users" > "$work/users.ldif"
small_env=$(bash fixtures/slapd/start.sh "$work/slapd-small")
big_env=$(bash fixtures/slapd/start.sh "$work/slapd-big" --users-ldif "$work/users.ldif" --no-groups)
slapd_var() { (. "$1"; eval "printf '%s' \"\$$2\""); }
kc_env=$(bash fixtures/keycloak/start.sh "$work/keycloak" ${version:+--version "$version"} \
  --truststore "$(slapd_var "$small_env" KCLDAP_SLAPD_CA_FILE)" --truststore "$(slapd_var "$big_env" KCLDAP_SLAPD_CA_FILE)")
set -a
# shellcheck disable=SC1090
. "$kc_env"
set +a
# Both fixtures use the same bind password variable name; each run gets the one of its directory.
small_bind_password=$(slapd_var "$small_env" KCLDAP_SLAPD_BIND_PASSWORD)
big_bind_password=$(slapd_var "$big_env" KCLDAP_SLAPD_BIND_PASSWORD)
export KCLDAP_BIND_PASSWORD="$small_bind_password"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" ANSIBLE_REMOTE_TEMP="$work/ansible-tmp"

# kcldap.toml for REALM against the directory of ENV_FILE; extra lines (TOML) are appended to [checks]
# and [federation].
write_config() {  # FILE REALM ENV_FILE FEDERATION_LINES CHECKS_LINES
  local file=$1 realm=$2 env_file=$3
  {
    printf '%s\n' '[ldap]' "url = \"$(slapd_var "$env_file" KCLDAP_SLAPD_LDAPS_URL)\"" \
      "ca_file = \"$(slapd_var "$env_file" KCLDAP_SLAPD_CA_FILE)\"" "bind_dn = \"$(slapd_var "$env_file" KCLDAP_SLAPD_BIND_DN)\"" \
      'bind_password = "${env:KCLDAP_BIND_PASSWORD}"' "users_dn = \"$(slapd_var "$env_file" KCLDAP_SLAPD_USERS_DN)\"" \
      '[keycloak]' "url = \"$KCLDAP_KEYCLOAK_URL\"" "realm = \"$realm\"" "username = \"$KCLDAP_KEYCLOAK_ADMIN_USER\"" \
      'password = "${env:KCLDAP_KEYCLOAK_ADMIN_PASSWORD}"' '[federation]' "backup_dir = \"$work/backups\""
    printf '%s\n' "$4" '[checks]' "$5"
  } > "$file"
}

# One timed step: NAME (file stem) then the command. Prints "wall user sys exit" (GNU time).
timed() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -f "%e %U %S" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  echo "$(tail -n 1 "$work/$name.time") $rc"
}
events() {  # REALM NAME: writes the admin events as NAME.events.json, prints the number of writes
  "${admin[@]}" events-count "$1" > "$work/$2.events.json"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["writes"])' "$work/$2.events.json"
}
kcldap_result() {  # NAME: the apply report's result (applied/unchanged/failed)
  python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1])).get("result", "?"))
except Exception: print("no-report")' "$work/$1.out"
}

failed_checks() {  # NAME: the failed checks of NAME.out's apply report (id, finding, details) into NAME.summary
  python3 - "$work/$1.out" > "$work/$1.summary" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("no JSON report (%s)" % e); sys.exit()
for c in d.get("checks", []):
    if c["status"] == "fail":
        print("%s: %s" % (c["id"], c["finding"]))
        for line in c.get("details", []):
            print("    " + line)
PY
}

# --- canary: kcldap as shipped (default_mappers = "adopt") -----------------------------------------------
say "canary: kcldap apply with the default configuration"
"${admin[@]}" realm-create bench-canary --no-events  # admin events off: the realm as Keycloak creates it
write_config "$work/canary.toml" bench-canary "$small_env" "" ""
read -r c_wall _ _ c_rc < <(timed canary "$kcldap" apply --config "$work/canary.toml" --yes --format json)
canary_result=$(kcldap_result canary)
failed_checks canary
canary_log_lines=$(grep -h "ERROR\|Caused by" "$KCLDAP_KEYCLOAK_LOG" | head -n 3 || true)
if [[ "$c_rc" -eq 0 ]]; then
  mappers_line=""
  say "canary: applied (exit 0)"
else
  mappers_line='default_mappers = "keep"'
  say "canary: FAILED (exit $c_rc, result $canary_result); the timed kcldap runs use default_mappers = \"keep\""
fi
"${admin[@]}" realm-delete bench-canary

# --- calibration: what kcldap stores is what Ansible is told to hold ---------------------------------------
say "calibration: reading the provider and mappers kcldap stores, for the playbook"
"${admin[@]}" realm-create bench-calibrate
write_config "$work/calibrate.toml" bench-calibrate "$small_env" "$mappers_line" 'sync = false'
read -r _ _ _ cal_rc < <(timed calibrate "$kcldap" apply --config "$work/calibrate.toml" --yes --format json)
[[ "$cal_rc" -eq 0 ]] || { say "calibration apply failed (exit $cal_rc):"; cat "$work/calibrate.err" >&2; exit 1; }
"${admin[@]}" ansible-vars bench-calibrate ldap > "$work/ansible-federation.json"
# Second canary: change one setting of the provider that now exists (a PUT of the provider).
sed 's/^\[federation\]$/[federation]\ntrust_email = true/' "$work/calibrate.toml" > "$work/change.toml"
read -r _ _ _ change_rc < <(timed change "$kcldap" apply --config "$work/change.toml" --yes --format json)
change_result=$(kcldap_result change)
failed_checks change
say "canary 2 (change trust_email on the existing provider): exit $change_rc ($change_result)"
"${admin[@]}" realm-delete bench-calibrate
printf '%s\n' '- hosts: localhost' '  gather_facts: false' '  tasks: []' > "$work/empty.yml"
ansible_vars() {  # REALM: the vars file of the playbook for REALM (no secret in it)
  python3 - "$work/ansible-federation.json" "$1" "$KCLDAP_KEYCLOAK_URL" > "$work/vars-$1.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("dropped_keys", None)
d["bench_realm"], d["bench_url"] = sys.argv[2], sys.argv[3]
print(json.dumps(d))
PY
  echo "$work/vars-$1.json"
}

# --- part 1: rounds ---------------------------------------------------------------------------------------
raw="$work/raw.tsv"
printf 'round\tcontender\tphase\twall\tuser\tsys\texit\tresult\twrites\tevents\n' > "$raw"
contenders=(kcldap kcldap-lean ansible)
for ((round = 1; round <= rounds; round++)); do
  shift_by=$(( (round - 1) % 3 ))
  order=("${contenders[@]:shift_by}" "${contenders[@]:0:shift_by}")
  read -r a_wall _ _ _ < <(timed "r$round-empty" ansible-playbook -i localhost, -c local "$work/empty.yml")
  printf '%s\tansible-startup\tempty-play\t%s\t\t\t\t\t\t\n' "$round" "$a_wall" >> "$raw"
  for who in "${order[@]}"; do
    realm="bench-r$round-$who"
    "${admin[@]}" realm-create "$realm"
    case "$who" in
      kcldap) write_config "$work/$realm.toml" "$realm" "$small_env" "$mappers_line" "" ;;
      kcldap-lean) write_config "$work/$realm.toml" "$realm" "$small_env" "$mappers_line" $'sync = false\nsample_users = 0' ;;
      ansible) vars=$(ansible_vars "$realm") ;;
    esac
    for phase in fresh reapply; do
      name="r$round-$who-$phase"
      "${admin[@]}" events-clear "$realm"
      if [[ "$who" == ansible ]]; then
        read -r wall user sys rc < <(timed "$name" ansible-playbook -i localhost, -c local bench/ansible/federation.yml -e "@$vars")
        result=$(grep -o 'changed=[0-9]*' "$work/$name.out" | tail -n 1 | sed 's/changed=0/unchanged/; s/changed=[1-9][0-9]*/changed/')
        [[ "$rc" -eq 0 ]] || result=failed
      else
        read -r wall user sys rc < <(timed "$name" "$kcldap" apply --config "$work/$realm.toml" --yes --format json)
        result=$(kcldap_result "$name")
      fi
      sleep 0.5  # let Keycloak commit the last admin event
      writes=$(events "$realm" "$name")
      by_type=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["by_type"]; print(", ".join("%s %d" % (k, v) for k, v in sorted(d.items())) or "none")' "$work/$name.events.json")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$who" "$phase" "$wall" "$user" "$sys" "$rc" "$result" "$writes" "$by_type" >> "$raw"
      say "round $round/$rounds $who $phase: ${wall}s exit $rc ($result), $writes writes"
    done
    "${admin[@]}" realm-delete "$realm"
  done
done

# --- part 2: a full sync of $users users -------------------------------------------------------------------
say "part 2: kcldap apply with every post-check on, $users users"
export KCLDAP_BIND_PASSWORD="$big_bind_password"
"${admin[@]}" realm-create bench-sync
write_config "$work/sync.toml" bench-sync "$big_env" "$mappers_line" 'timeout_s = 3600'
read -r s_wall s_user s_sys s_rc < <(timed sync "$kcldap" apply --config "$work/sync.toml" --yes --format json)
s_result=$(kcldap_result sync)
s_users=$("${admin[@]}" users-count bench-sync)
read -r s2_wall _ _ s2_rc < <(timed sync-reapply "$kcldap" apply --config "$work/sync.toml" --yes --format json)
s2_result=$(kcldap_result sync-reapply)
say "part 2: ${s_wall}s exit $s_rc ($s_result), $s_users users in the realm; re-apply ${s2_wall}s ($s2_result)"
"${admin[@]}" realm-delete bench-sync
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- results ------------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
export BENCH_NOTE="$note" BENCH_RAW="$raw" BENCH_WORK="$work" BENCH_ROUNDS="$rounds" BENCH_USERS="$users" BENCH_STARTED="$started_at"
export BENCH_LOAD_BEFORE="$load_before" BENCH_LOAD_AFTER="$load_after" BENCH_MAPPERS_LINE="$mappers_line"
export BENCH_CANARY_RC="$c_rc" BENCH_CANARY_RESULT="$canary_result" BENCH_CANARY_WALL="$c_wall"
export BENCH_CANARY_LOG="$canary_log_lines" BENCH_CANARY_CHECKS="$(cat "$work/canary.summary")"
export BENCH_CHANGE_RC="$change_rc" BENCH_CHANGE_RESULT="$change_result" BENCH_CHANGE_CHECKS="$(cat "$work/change.summary")"
export BENCH_SYNC="$s_wall $s_user $s_sys $s_rc $s_result $s_users" BENCH_SYNC_REAPPLY="$s2_wall $s2_rc $s2_result"
export BENCH_COMMAND="bash bench/apply-vs-ansible.sh --rounds $rounds --users $users${version:+ --version $version}"
export BENCH_KCLDAP_REV="$kcldap_rev"
python3 bench/apply-vs-ansible-report.py > "$out"

# No secret may have reached the results or any log of the run.
for secret in "$KCLDAP_KEYCLOAK_ADMIN_PASSWORD" "$small_bind_password" "$big_bind_password"; do
  if grep -rqF -- "$secret" "$out" "$work"/*.out "$work"/*.err "$work"/*.json "$work"/*.toml "$raw" 2>/dev/null; then
    echo "bench: a secret appeared in the results or a log; results withheld" >&2
    rm -f "$out"
    exit 1
  fi
done
cat "$out"
echo "written to $out" >&2
