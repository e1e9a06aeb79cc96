#!/usr/bin/env bash
# Runs the conformance suite against a real Keycloak when KCLDAP_TEST_KEYCLOAK_URL is set; otherwise
# reports "skipped" to ctest (exit 77). See test_conformance.cpp for the variables, and the README for a
# Docker recipe.
set -euo pipefail
if [[ -z "${KCLDAP_TEST_KEYCLOAK_URL:-}" ]]; then
  echo "KCLDAP_TEST_KEYCLOAK_URL is not set: the real-Keycloak suite is skipped"
  exit 77
fi
exec "$1"
