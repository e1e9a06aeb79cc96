#include "ldap/connection.hpp"

#include <ldap.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "common/text.hpp"

namespace kcldap::ldap {
namespace {

timeval to_timeval(int millis) {
  timeval tv{};
  tv.tv_sec = millis / 1000;
  tv.tv_usec = static_cast<suseconds_t>((millis % 1000) * 1000);
  return tv;
}

struct MessageFree {
  void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

struct ControlsFree {
  void operator()(LDAPControl** controls) const { ldap_controls_free(controls); }
};
using ControlsPtr = std::unique_ptr<LDAPControl*, ControlsFree>;

struct ControlFree {
  void operator()(LDAPControl* control) const { ldap_control_free(control); }
};
using ControlPtr = std::unique_ptr<LDAPControl, ControlFree>;

struct BervalFree {
  void operator()(berval* value) const { ber_bvfree(value); }
};
using BervalPtr = std::unique_ptr<berval, BervalFree>;

struct LdapMemFree {
  void operator()(char* text) const { ldap_memfree(text); }
};
using LdapString = std::unique_ptr<char, LdapMemFree>;

std::string take_string(char* text) {
  LdapString owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

// Values longer than `max_value_bytes` are cut to it and counted in `outcome`.
Entry to_entry(LDAP* handle, LDAPMessage* message, std::size_t max_value_bytes, SearchOutcome& outcome) {
  Entry entry;
  entry.dn = take_string(ldap_get_dn(handle, message));
  BerElement* ber_raw = nullptr;
  for (char* name = ldap_first_attribute(handle, message, &ber_raw); name != nullptr;
       name = ldap_next_attribute(handle, message, ber_raw)) {
    std::string attribute = take_string(name);
    std::vector<std::string> values;
    if (berval** raw_values = ldap_get_values_len(handle, message, attribute.c_str()); raw_values != nullptr) {
      for (berval** value = raw_values; *value != nullptr; ++value) {
        const std::size_t size = (*value)->bv_len;
        values.emplace_back((*value)->bv_val, std::min(size, max_value_bytes));
        if (size <= max_value_bytes) continue;
        if (outcome.values_cut++ == 0) outcome.first_cut = clip(attribute, 100) + " of " + clip(entry.dn) + ": " + std::to_string(size) + " bytes";
      }
      ldap_value_free_len(raw_values);
    }
    entry.attributes.emplace_back(std::move(attribute), std::move(values));
  }
  if (ber_raw != nullptr) ber_free(ber_raw, 0);
  return entry;
}

int native_scope(Scope scope) {
  switch (scope) {
    case Scope::base: return LDAP_SCOPE_BASE;
    case Scope::one_level: return LDAP_SCOPE_ONELEVEL;
    case Scope::subtree: return LDAP_SCOPE_SUBTREE;
  }
  return LDAP_SCOPE_SUBTREE;
}

// A failed operation with the diagnostic message and matched DN libldap kept for it.
LdapFailure failure_of(LDAP* handle, std::string operation, int code) {
  LdapFailure failure{std::move(operation), code, "", ""};
  char* message = nullptr;
  if (ldap_get_option(handle, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message) == LDAP_OPT_SUCCESS && message != nullptr) {
    failure.diagnostic = take_string(message);
  }
  char* matched = nullptr;
  if (ldap_get_option(handle, LDAP_OPT_MATCHED_DN, &matched) == LDAP_OPT_SUCCESS && matched != nullptr) {
    failure.matched_dn = take_string(matched);
  }
  return failure;
}

// One search in progress: sends a page request, streams its entries to the callback, and keeps the
// paged-results cookie for the next page. Each step returns the failure that ends the search, if any.
class PagedSearch {
 public:
  PagedSearch(LDAP* handle, const SearchRequest& request, const std::function<bool(const Entry&)>& on_entry,
              int read_timeout_ms)
      : handle_(handle), request_(request), on_entry_(on_entry), timeout_(to_timeval(read_timeout_ms)),
        names_(request.attributes) {
    if (names_.empty()) names_.emplace_back(LDAP_NO_ATTRS);
    for (auto& name : names_) attrs_.push_back(name.data());
    attrs_.push_back(nullptr);
  }
  PagedSearch(const PagedSearch&) = delete;
  PagedSearch& operator=(const PagedSearch&) = delete;

  Expected<SearchOutcome, LdapFailure> run() {
    do {
      if (auto failed = send_page()) return unexpected(std::move(*failed));
      if (auto failed = read_page()) return unexpected(std::move(*failed));
    } while (!stopped_ && request_.page_size > 0 && cookie_ != nullptr);
    if (stopped_ && !outcome_.size_limited) outcome_.complete = false;
    return outcome_;
  }

 private:
  std::optional<LdapFailure> send_page() {
    ControlPtr page_control;
    LDAPControl* server_controls[2] = {nullptr, nullptr};
    if (request_.page_size > 0) {
      LDAPControl* raw_control = nullptr;
      const int rc = ldap_create_page_control(handle_, static_cast<ber_int_t>(request_.page_size), cookie_.get(), 0,
                                              &raw_control);
      if (rc != LDAP_SUCCESS) return failure_of(handle_, "search", rc);
      page_control.reset(raw_control);
      server_controls[0] = raw_control;
    }
    const int rc = ldap_search_ext(handle_, request_.base.c_str(), native_scope(request_.scope), request_.filter.c_str(),
                                   attrs_.data(), 0, server_controls, nullptr, &timeout_, request_.size_limit, &message_id_);
    if (rc != LDAP_SUCCESS) return failure_of(handle_, "search", rc);
    return std::nullopt;
  }

  std::optional<LdapFailure> read_page() {
    for (bool page_done = false; !page_done;) {
      LDAPMessage* raw_message = nullptr;
      const int rc = ldap_result(handle_, message_id_, LDAP_MSG_ONE, &timeout_, &raw_message);
      MessagePtr message(raw_message);
      if (rc == 0) {
        ldap_abandon_ext(handle_, message_id_, nullptr, nullptr);
        return LdapFailure{"search", LDAP_TIMEOUT, "no answer within read_timeout_ms", ""};
      }
      if (rc < 0) {
        int code = LDAP_OTHER;
        ldap_get_option(handle_, LDAP_OPT_RESULT_CODE, &code);
        return failure_of(handle_, "search", code);
      }
      switch (ldap_msgtype(message.get())) {
        case LDAP_RES_SEARCH_ENTRY:
          page_done = !take_entry(message.get());
          break;
        case LDAP_RES_SEARCH_REFERENCE:
          ++outcome_.references;
          break;
        case LDAP_RES_SEARCH_RESULT:
          if (auto failed = end_page(std::move(message))) return failed;
          page_done = true;
          break;
        default:
          break;
      }
    }
    return std::nullopt;
  }

  // False when the callback stops the search.
  bool take_entry(LDAPMessage* message) {
    ++outcome_.entries;
    if (on_entry_(to_entry(handle_, message, request_.max_value_bytes, outcome_))) return true;
    ldap_abandon_ext(handle_, message_id_, nullptr, nullptr);
    stopped_ = true;
    return false;
  }

  std::optional<LdapFailure> end_page(MessagePtr message) {
    int result_code = LDAP_SUCCESS;
    char* matched = nullptr;
    char* diagnostic = nullptr;
    LDAPControl** raw_controls = nullptr;
    const int rc = ldap_parse_result(handle_, message.release(), &result_code, &matched, &diagnostic, nullptr,
                                     &raw_controls, 1);
    ControlsPtr controls(raw_controls);
    std::string matched_dn = take_string(matched);
    std::string message_text = take_string(diagnostic);
    if (rc != LDAP_SUCCESS) return failure_of(handle_, "search", rc);
    if (result_code == LDAP_SIZELIMIT_EXCEEDED) {
      outcome_.size_limited = true;
      outcome_.complete = false;
      stopped_ = true;
    } else if (result_code == LDAP_REFERRAL) {
      ++outcome_.references;
    } else if (result_code != LDAP_SUCCESS) {
      return LdapFailure{"search", result_code, message_text, matched_dn};
    }
    take_cookie(controls.get());
    return std::nullopt;
  }

  // The server's cookie for the next page; none when this was the last page.
  void take_cookie(LDAPControl** controls) {
    cookie_.reset();
    LDAPControl* page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, nullptr);
    if (page == nullptr) return;
    ber_int_t estimate = 0;
    berval fresh{};
    if (ldap_parse_pageresponse_control(handle_, page, &estimate, &fresh) == LDAP_SUCCESS) {
      if (fresh.bv_len > 0) {
        cookie_.reset(ber_bvdup(&fresh));
      }
      ber_memfree(fresh.bv_val);
    }
  }

  LDAP* handle_;
  const SearchRequest& request_;
  const std::function<bool(const Entry&)>& on_entry_;
  timeval timeout_;
  std::vector<std::string> names_;
  std::vector<char*> attrs_;  // into names_, NULL-terminated, as libldap wants them
  SearchOutcome outcome_;
  BervalPtr cookie_;
  int message_id_ = 0;
  bool stopped_ = false;
};

}  // namespace

void Connection::Unbind::operator()(::ldap* handle) const { ldap_unbind_ext_s(handle, nullptr, nullptr); }

std::string system_ca_bundle() { return "/etc/ssl/certs/ca-certificates.crt"; }

LdapFailure Connection::failure(std::string operation, int code) const {
  return failure_of(handle_.get(), std::move(operation), code);
}

Expected<Connection, LdapFailure> Connection::open(const ConnectOptions& options) {
  LDAP* raw = nullptr;
  const std::string url = options.url.to_string();
  if (int rc = ldap_initialize(&raw, url.c_str()); rc != LDAP_SUCCESS) {
    return unexpected(LdapFailure{"connect", rc, "libldap does not accept the URL " + url, ""});
  }
  Connection connection(std::unique_ptr<::ldap, Unbind>(raw), options.read_timeout_ms);
  LDAP* handle = connection.handle_.get();

  const int version = LDAP_VERSION3;
  ldap_set_option(handle, LDAP_OPT_PROTOCOL_VERSION, &version);
  // Referrals are reported, not followed: following them would bind to other servers with our password.
  ldap_set_option(handle, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  const timeval connect_timeout = to_timeval(options.connect_timeout_ms);
  ldap_set_option(handle, LDAP_OPT_NETWORK_TIMEOUT, &connect_timeout);
  const timeval operation_timeout = to_timeval(options.read_timeout_ms);
  ldap_set_option(handle, LDAP_OPT_TIMEOUT, &operation_timeout);

  if (options.url.secure || options.start_tls) {
    const int require = options.tls_verify ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
    ldap_set_option(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, &require);
    const std::string ca_file = options.ca_file.empty() ? system_ca_bundle() : options.ca_file;
    ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, ca_file.c_str());
    const int is_server = 0;
    if (int rc = ldap_set_option(handle, LDAP_OPT_X_TLS_NEWCTX, &is_server); rc != LDAP_OPT_SUCCESS) {
      return unexpected(LdapFailure{"connect", rc, "libldap could not set up TLS with the CA file " + ca_file, ""});
    }
  }
  if (int rc = ldap_connect(handle); rc != LDAP_SUCCESS) {
    return unexpected(connection.failure("connect", rc));
  }
  if (options.start_tls) {
    if (int rc = ldap_start_tls_s(handle, nullptr, nullptr); rc != LDAP_SUCCESS) {
      return unexpected(connection.failure("StartTLS", rc));
    }
  }
  return connection;
}

Expected<Done, LdapFailure> Connection::bind_simple(const std::string& dn, const std::string& password) {
  berval credential{};
  credential.bv_val = const_cast<char*>(password.data());  // libldap's API is not const-correct
  credential.bv_len = password.size();
  const int rc = ldap_sasl_bind_s(handle_.get(), dn.c_str(), LDAP_SASL_SIMPLE, &credential, nullptr, nullptr, nullptr);
  if (rc != LDAP_SUCCESS) return unexpected(failure("bind", rc));
  return Done{};
}

Expected<Done, LdapFailure> Connection::bind_anonymous() {
  berval empty{};
  const int rc = ldap_sasl_bind_s(handle_.get(), "", LDAP_SASL_SIMPLE, &empty, nullptr, nullptr, nullptr);
  if (rc != LDAP_SUCCESS) return unexpected(failure("bind", rc));
  return Done{};
}

Expected<SearchOutcome, LdapFailure> Connection::search(const SearchRequest& request,
                                                        const std::function<bool(const Entry&)>& on_entry) {
  return PagedSearch(handle_.get(), request, on_entry, read_timeout_ms_).run();
}

std::string Connection::tls_protocol() const {
  char* value = nullptr;
  // libldap 2.5 hands out a copy (ber_strdup) of the text: take ownership so it is freed.
  if (ldap_get_option(handle_.get(), LDAP_OPT_X_TLS_VERSION, &value) == LDAP_OPT_SUCCESS && value != nullptr) {
    return take_string(value);
  }
  return "";
}

std::string Connection::tls_cipher() const {
  char* value = nullptr;
  if (ldap_get_option(handle_.get(), LDAP_OPT_X_TLS_CIPHER, &value) == LDAP_OPT_SUCCESS && value != nullptr) {
    return take_string(value);
  }
  return "";
}

}  // namespace kcldap::ldap
