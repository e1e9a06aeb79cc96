// What the TLS stage of the probe concludes from a TLS inspection: the verdict, the message, the
// remedy and the details, as a function of the inspection and the configured TLS options. Pure: no I/O.
#pragma once
#include "ldap/probe.hpp"
#include "ldap/tls_inspect.hpp"
#include "ldap/url.hpp"

namespace kcldap::ldap {

// The "ldap.tls" stage for a connection that uses TLS (ldaps:// or StartTLS). Only the first failure is
// the message; later problems become "also: ..." details unless one of them fails where the first only warned.
StageResult judge_tls(const TlsInspection& tls, const LdapUrl& url, const ProbeOptions& options);

// The "ldap.tls" stage for plain ldap:// without StartTLS: a warning, sharper when a password is sent.
StageResult judge_plain_channel(const ProbeOptions& options);

}  // namespace kcldap::ldap
