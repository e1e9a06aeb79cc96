#!/usr/bin/env bash
# Runs the conformance suite against any real Keycloak when KCLDAP_TEST_KEYCLOAK_URL is set; otherwise
# reports "skipped" to ctest (exit 77). The pinned versions have their own ctest entries (fixtures/keycloak);
# see target.hpp for the variables, and the README for a
# Docker recipe.
set -euo pipefail
if [[ -z "${KCLDAP_TEST_KEYCLOAK_URL:-}" ]]; then
  echo "KCLDAP_TEST_KEYCLOAK_URL is not set: the real-Keycloak suite is skipped"
  exit 77
fi
exec "$1"
