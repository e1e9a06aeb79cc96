// TLS diagnosis independent of libldap: kcldap performs its own handshake (directly for ldaps://, after an
// LDAP StartTLS request for ldap://) and reports the protocol, the certificate chain, whether the chain is
// trusted by the configured CA file or the system store, whether the name matches, and the expiry. It
// works even when verification fails, which is exactly when the admin needs to see the certificate.
#pragma once
#include <string>
#include <vector>

#include "ldap/url.hpp"

namespace kcldap::ldap {

struct CertificateFacts {
  std::string subject;  // RFC 2253
  std::string issuer;
  std::vector<std::string> names;  // subjectAltName entries: "DNS:host", "IP:1.2.3.4"
  std::string not_before;          // "2026-11-22 16:00:00 UTC"
  std::string not_after;
  long days_left = 0;              // negative when expired
  bool self_signed = false;
};

struct TlsInspection {
  bool tcp_connected = false;
  std::string tcp_error;

  bool start_tls_attempted = false;
  bool start_tls_accepted = false;
  int start_tls_result_code = -1;
  std::string start_tls_message;
  bool start_tls_timed_out = false;  // no answer to the StartTLS request within the timeout

  bool handshake_ok = false;
  std::string handshake_error;
  bool looks_like_plain_ldap = false;  // the peer answered with LDAP bytes or hung up instead of TLS
  bool handshake_timed_out = false;    // the peer accepted TCP and then said nothing within the timeout
  int timeout_ms = 0;                  // the timeout the inspection ran under

  std::string protocol;  // e.g. "TLSv1.3"
  std::string cipher;
  std::vector<CertificateFacts> chain;  // leaf first, as the server sent it

  std::string trust_source;  // "CA file /path" or "the system trust store (...)"
  bool trust_source_loaded = true;
  bool chain_trusted = false;
  std::string chain_error;  // OpenSSL's verification text when not trusted

  std::string checked_name;  // the host name from the URL
  bool name_matches = false;
};

TlsInspection inspect_tls(const LdapUrl& url, bool start_tls, const std::string& ca_file, int timeout_ms);

}  // namespace kcldap::ldap
