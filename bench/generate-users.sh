#!/usr/bin/env bash
# Writes an LDIF with the example-org tree and COUNT synthetic users (ou=people) plus one group, for
# measuring kcldap on directories of any size: bench/generate-users.sh 20000 > users.ldif
set -euo pipefail
count=${1:?usage: $0 COUNT}
base="dc=example,dc=org"
cat <<EOF2
dn: $base
objectClass: top
objectClass: dcObject
objectClass: organization
o: Example Org
dc: example

dn: ou=people,$base
objectClass: organizationalUnit
ou: people

dn: ou=groups,$base
objectClass: organizationalUnit
ou: groups

dn: ou=services,$base
objectClass: organizationalUnit
ou: services

dn: cn=kcldap-reader,ou=services,$base
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: kcldap-reader
userPassword: @READER_PASSWORD@

EOF2
awk -v n="$count" -v base="$base" 'BEGIN {
  for (i = 1; i <= n; i++) {
    uid = sprintf("user%06d", i)
    printf "dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nobjectClass: organizationalPerson\nobjectClass: person\n", uid, base
    printf "uid: %s\ncn: User %d\ngivenName: User\nsn: Number%d\n", uid, i, i
    if (i % 10 != 0) printf "mail: %s@example.org\n", uid
    printf "userPassword: @USER_PASSWORD@\n\n"
  }
}'
