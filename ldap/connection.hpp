// The directory client: one RAII libldap handle with connect (ldap://, ldaps://, StartTLS), simple or
// anonymous bind, and searches whose entries are streamed to a callback one at a time (paged when the
// server supports it), so memory stays flat however large the directory is.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "ldap/entry.hpp"
#include "ldap/url.hpp"

struct ldap;  // libldap's LDAP handle

namespace kcldap::ldap {

// The defaults of [ldap] connect_timeout_ms and read_timeout_ms (kcldap.toml's model takes them from here).
inline constexpr int kDefaultConnectTimeoutMs = 5000;
inline constexpr int kDefaultReadTimeoutMs = 30000;
// The largest attribute value kcldap keeps (64 KiB): a longer one is cut to this size and counted in
// SearchOutcome, so that one huge value costs neither memory in every copy nor a screenful of output.
inline constexpr std::size_t kDefaultMaxValueBytes = std::size_t{64} << 10U;

struct ConnectOptions {
  LdapUrl url;
  bool start_tls = false;
  bool tls_verify = true;
  std::string ca_file;  // empty: the system trust store
  int connect_timeout_ms = kDefaultConnectTimeoutMs;
  int read_timeout_ms = kDefaultReadTimeoutMs;
};

// A failed LDAP operation with the server's own words.
struct LdapFailure {
  std::string operation;  // "connect", "StartTLS", "bind", "search"
  int code = 0;           // LDAP result code (negative: client-side, e.g. -1 server down)
  std::string diagnostic;
  std::string matched_dn;
};

enum class Scope { base, one_level, subtree };

struct SearchRequest {
  std::string base;
  Scope scope = Scope::subtree;
  std::string filter = "(objectClass=*)";
  std::vector<std::string> attributes;  // empty: no attributes ("1.1")
  int page_size = 500;                   // 0: no paged-results control
  int size_limit = 0;                    // 0: no client-side limit
  std::size_t max_value_bytes = kDefaultMaxValueBytes;  // longer values are cut to this size
};

struct SearchOutcome {
  std::size_t entries = 0;
  std::size_t references = 0;  // continuation references (referrals) seen and not followed
  bool complete = true;        // false: stopped by the callback or by a size limit
  bool size_limited = false;   // the server (or size_limit) stopped it
  std::size_t values_cut = 0;  // values longer than max_value_bytes, cut to it
  std::string first_cut;       // "attribute description of <dn>: 104857600 bytes"
};

class Connection {
 public:
  static Expected<Connection, LdapFailure> open(const ConnectOptions& options);

  Expected<Done, LdapFailure> bind_simple(const std::string& dn, const std::string& password);
  Expected<Done, LdapFailure> bind_anonymous();

  // Streams each entry to `on_entry`; returning false stops the search (the rest is abandoned).
  Expected<SearchOutcome, LdapFailure> search(const SearchRequest& request,
                                              const std::function<bool(const Entry&)>& on_entry);

  // The TLS protocol and cipher libldap negotiated ("" on a plain connection).
  std::string tls_protocol() const;
  std::string tls_cipher() const;

 private:
  struct Unbind {
    void operator()(::ldap* handle) const;
  };
  explicit Connection(std::unique_ptr<::ldap, Unbind> handle, int read_timeout_ms)
      : handle_(std::move(handle)), read_timeout_ms_(read_timeout_ms) {}

  LdapFailure failure(std::string operation, int code) const;

  std::unique_ptr<::ldap, Unbind> handle_;
  int read_timeout_ms_;
};

// The CA bundle used when no ca_file is configured.
std::string system_ca_bundle();

}  // namespace kcldap::ldap
