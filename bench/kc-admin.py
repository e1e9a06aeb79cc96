#!/usr/bin/env python3
"""Small Keycloak Admin REST helper for bench/apply-vs-ansible.sh (standard library only).

Reads the Keycloak URL from KCLDAP_KEYCLOAK_URL and the admin credentials from KCLDAP_KEYCLOAK_ADMIN_USER /
KCLDAP_KEYCLOAK_ADMIN_PASSWORD (environment, never argv); signs in with the password grant on realm master,
client admin-cli. Never prints a secret.

  kc-admin.py realm-create REALM [--details|--no-events]
                                          create REALM with admin events on (--details: with representations,
                                          adminEventsDetailsEnabled; --no-events: admin events left off)
  kc-admin.py realm-delete REALM          delete REALM (no error when absent)
  kc-admin.py events-clear REALM          delete REALM's stored admin events
  kc-admin.py events-count REALM          print the admin events as JSON: {"total", "writes", "by_type", "events"}
  kc-admin.py ansible-vars REALM NAME     print, as JSON, the provider NAME's config and its mappers in the
                                          shape community.general.keycloak_user_federation takes (keys the
                                          module does not know are dropped and listed in "dropped_keys";
                                          bindCredential is left out: the playbook reads it from the environment)
  kc-admin.py users-count REALM           print the number of users in REALM
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ["KCLDAP_KEYCLOAK_URL"].rstrip("/")
_token = {"value": None, "at": 0.0}


def token():
    # Tokens of master's admin-cli live 60 s by default: take a new one well before that.
    if _token["value"] is None or time.monotonic() - _token["at"] > 30:
        body = urllib.parse.urlencode({
            "grant_type": "password", "client_id": "admin-cli",
            "username": os.environ["KCLDAP_KEYCLOAK_ADMIN_USER"],
            "password": os.environ["KCLDAP_KEYCLOAK_ADMIN_PASSWORD"]}).encode()
        req = urllib.request.Request(BASE + "/realms/master/protocol/openid-connect/token", data=body)
        with urllib.request.urlopen(req, timeout=60) as resp:
            _token["value"] = json.load(resp)["access_token"]
            _token["at"] = time.monotonic()
    return _token["value"]


def call(method, path, payload=None, ok_missing=False):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(BASE + "/admin" + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token())
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=600) as resp:
            raw = resp.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        if ok_missing and e.code == 404:
            return None
        sys.exit("kc-admin: %s %s: HTTP %d %s" % (method, path, e.code, e.read()[:300].decode(errors="replace")))


def q(realm):
    return urllib.parse.quote(realm, safe="")


def events(realm):
    return call("GET", "/realms/%s/admin-events?first=0&max=100000" % q(realm)) or []


# The config keys community.general 6.x's keycloak_user_federation accepts (its config_spec).
MODULE_KEYS = {
    "allowKerberosAuthentication", "allowPasswordAuthentication", "authType", "batchSizeForSync", "bindCredential",
    "bindDn", "cachePolicy", "changedSyncPeriod", "connectionPooling", "connectionPoolingAuthentication",
    "connectionPoolingDebug", "connectionPoolingInitSize", "connectionPoolingMaxSize", "connectionPoolingPrefSize",
    "connectionPoolingProtocol", "connectionPoolingTimeout", "connectionTimeout", "connectionUrl",
    "customUserSearchFilter", "debug", "editMode", "enabled", "evictionDay", "evictionHour", "evictionMinute",
    "fullSyncPeriod", "importEnabled", "kerberosRealm", "keyTab", "maxLifespan", "pagination", "priority",
    "rdnLDAPAttribute", "readTimeout", "searchScope", "serverPrincipal", "startTls", "syncRegistrations",
    "trustEmail", "updateProfileFirstLogin", "useKerberosForPasswordAuthentication", "usePasswordModifyExtendedOp",
    "useTruststoreSpi", "userObjectClasses", "usernameLDAPAttribute", "usersDn", "uuidLDAPAttribute",
    "validatePasswordPolicy", "vendor"}


def main(argv):
    cmd, realm = argv[1], argv[2]
    if cmd == "realm-create":
        call("POST", "/realms", {"realm": realm, "enabled": True})
        if "--no-events" in argv[3:]:
            return
        rep = call("GET", "/realms/%s" % q(realm))
        rep["adminEventsEnabled"] = True
        rep["adminEventsDetailsEnabled"] = "--details" in argv[3:]
        call("PUT", "/realms/%s" % q(realm), rep)
    elif cmd == "realm-delete":
        call("DELETE", "/realms/%s" % q(realm), ok_missing=True)
    elif cmd == "events-clear":
        call("DELETE", "/realms/%s/admin-events" % q(realm))
    elif cmd == "events-count":
        evs = events(realm)
        by_type = {}
        for e in evs:
            key = "%s %s" % (e.get("operationType"), e.get("resourceType"))
            by_type[key] = by_type.get(key, 0) + 1
        writes = sum(1 for e in evs if e.get("operationType") in ("CREATE", "UPDATE", "DELETE"))
        short = [{"op": e.get("operationType"), "type": e.get("resourceType"), "path": e.get("resourcePath")}
                 for e in sorted(evs, key=lambda e: e.get("time", 0))]
        print(json.dumps({"total": len(evs), "writes": writes, "by_type": by_type, "events": short}))
    elif cmd == "ansible-vars":
        name = argv[3]
        found = call("GET", "/realms/%s/components?type=org.keycloak.storage.UserStorageProvider&name=%s"
                     % (q(realm), urllib.parse.quote(name)))
        if len(found) != 1:
            sys.exit("kc-admin: expected one provider named %s in %s, found %d" % (name, realm, len(found)))
        provider = found[0]
        config, dropped = {}, []
        for key, values in sorted(provider.get("config", {}).items()):
            if key == "bindCredential":
                continue
            if key not in MODULE_KEYS:
                dropped.append(key)
                continue
            config[key] = values[0] if values else ""
        mappers = []
        for m in sorted(call("GET", "/realms/%s/components?parent=%s" % (q(realm), provider["id"])),
                        key=lambda m: m["name"]):
            mappers.append({"name": m["name"], "providerId": m["providerId"], "providerType": m["providerType"],
                            "config": {k: (v[0] if v else "") for k, v in sorted(m.get("config", {}).items())}})
        print(json.dumps({"provider_name": name, "config": config, "mappers": mappers, "dropped_keys": dropped},
                         indent=1))
    elif cmd == "users-count":
        print(call("GET", "/realms/%s/users/count" % q(realm)))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
