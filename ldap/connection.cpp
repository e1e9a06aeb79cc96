#include "ldap/connection.hpp"

#include <ldap.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>

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

Entry to_entry(LDAP* handle, LDAPMessage* message) {
  Entry entry;
  entry.dn = take_string(ldap_get_dn(handle, message));
  BerElement* ber_raw = nullptr;
  for (char* name = ldap_first_attribute(handle, message, &ber_raw); name != nullptr;
       name = ldap_next_attribute(handle, message, ber_raw)) {
    std::string attribute = take_string(name);
    std::vector<std::string> values;
    if (berval** raw_values = ldap_get_values_len(handle, message, attribute.c_str()); raw_values != nullptr) {
      for (berval** value = raw_values; *value != nullptr; ++value) {
        values.emplace_back((*value)->bv_val, (*value)->bv_len);
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

}  // namespace

void Connection::Unbind::operator()(::ldap* handle) const { ldap_unbind_ext_s(handle, nullptr, nullptr); }

std::string system_ca_bundle() { return "/etc/ssl/certs/ca-certificates.crt"; }

LdapFailure Connection::failure(std::string operation, int code) const {
  LdapFailure failure{std::move(operation), code, "", ""};
  char* message = nullptr;
  if (ldap_get_option(handle_.get(), LDAP_OPT_DIAGNOSTIC_MESSAGE, &message) == LDAP_OPT_SUCCESS && message != nullptr) {
    failure.diagnostic = take_string(message);
  }
  char* matched = nullptr;
  if (ldap_get_option(handle_.get(), LDAP_OPT_MATCHED_DN, &matched) == LDAP_OPT_SUCCESS && matched != nullptr) {
    failure.matched_dn = take_string(matched);
  }
  return failure;
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
  LDAP* handle = handle_.get();
  std::vector<std::string> names = request.attributes;
  if (names.empty()) names.emplace_back(LDAP_NO_ATTRS);
  std::vector<char*> attrs;
  for (auto& name : names) attrs.push_back(name.data());
  attrs.push_back(nullptr);

  SearchOutcome outcome;
  BervalPtr cookie;
  timeval timeout = to_timeval(read_timeout_ms_);
  bool stopped = false;
  do {
    ControlPtr page_control;
    LDAPControl* server_controls[2] = {nullptr, nullptr};
    if (request.page_size > 0) {
      LDAPControl* raw_control = nullptr;
      const int rc = ldap_create_page_control(handle, static_cast<ber_int_t>(request.page_size), cookie.get(), 0,
                                              &raw_control);
      if (rc != LDAP_SUCCESS) return unexpected(failure("search", rc));
      page_control.reset(raw_control);
      server_controls[0] = raw_control;
    }
    int message_id = 0;
    int rc = ldap_search_ext(handle, request.base.c_str(), native_scope(request.scope), request.filter.c_str(),
                             attrs.data(), 0, server_controls, nullptr, &timeout, request.size_limit, &message_id);
    if (rc != LDAP_SUCCESS) return unexpected(failure("search", rc));

    bool page_done = false;
    while (!page_done) {
      LDAPMessage* raw_message = nullptr;
      rc = ldap_result(handle, message_id, LDAP_MSG_ONE, &timeout, &raw_message);
      MessagePtr message(raw_message);
      if (rc == 0) {
        ldap_abandon_ext(handle, message_id, nullptr, nullptr);
        return unexpected(LdapFailure{"search", LDAP_TIMEOUT, "no answer within read_timeout_ms", ""});
      }
      if (rc < 0) {
        int code = LDAP_OTHER;
        ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code);
        return unexpected(failure("search", code));
      }
      switch (ldap_msgtype(message.get())) {
        case LDAP_RES_SEARCH_ENTRY: {
          ++outcome.entries;
          if (!on_entry(to_entry(handle, message.get()))) {
            ldap_abandon_ext(handle, message_id, nullptr, nullptr);
            stopped = true;
            page_done = true;
          }
          break;
        }
        case LDAP_RES_SEARCH_REFERENCE:
          ++outcome.references;
          break;
        case LDAP_RES_SEARCH_RESULT: {
          int result_code = LDAP_SUCCESS;
          char* matched = nullptr;
          char* diagnostic = nullptr;
          LDAPControl** raw_controls = nullptr;
          rc = ldap_parse_result(handle, message.release(), &result_code, &matched, &diagnostic, nullptr,
                                 &raw_controls, 1);
          ControlsPtr controls(raw_controls);
          std::string matched_dn = take_string(matched);
          std::string message_text = take_string(diagnostic);
          if (rc != LDAP_SUCCESS) return unexpected(failure("search", rc));
          if (result_code == LDAP_SIZELIMIT_EXCEEDED) {
            outcome.size_limited = true;
            outcome.complete = false;
            stopped = true;
          } else if (result_code == LDAP_REFERRAL) {
            ++outcome.references;
          } else if (result_code != LDAP_SUCCESS) {
            return unexpected(LdapFailure{"search", result_code, message_text, matched_dn});
          }
          cookie.reset();
          if (LDAPControl* page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls.get(), nullptr);
              page != nullptr) {
            ber_int_t estimate = 0;
            berval fresh{};
            if (ldap_parse_pageresponse_control(handle, page, &estimate, &fresh) == LDAP_SUCCESS) {
              if (fresh.bv_len > 0) {
                cookie.reset(ber_bvdup(&fresh));
              }
              ber_memfree(fresh.bv_val);
            }
          }
          page_done = true;
          break;
        }
        default:
          break;
      }
    }
  } while (!stopped && request.page_size > 0 && cookie != nullptr);
  if (stopped && !outcome.size_limited) outcome.complete = false;
  return outcome;
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
