#include "ldap/user_listing.hpp"

namespace kcldap::ldap {

std::string ListedUser::value(const std::string& attribute) const {
  auto found = values.find(lowercase(attribute));
  return found == values.end() ? "" : found->second;
}

UserQuery users_query(const ProbeReport& probe, std::vector<std::string> attributes) {
  return UserQuery{probe.users.dn, probe.users.scope == "one" ? Scope::one_level : Scope::subtree, probe.users.filter,
                   std::move(attributes)};
}

Expected<SearchOutcome, LdapFailure> list_users(const ProbeOptions& options, const std::string& url, const UserQuery& query,
                                                const std::function<bool(const ListedUser&)>& each) {
  auto parsed = parse_ldap_url(url);
  if (!parsed) return unexpected(LdapFailure{"connect", -1, "not an LDAP URL: " + url, ""});
  ConnectOptions connect_options{*parsed, options.start_tls, options.tls_verify, options.ca_file, options.connect_timeout_ms,
                                 options.read_timeout_ms};
  auto connection = Connection::open(connect_options);
  if (!connection) return unexpected(connection.error());
  auto bound = options.bind_dn.empty() ? connection->bind_anonymous() : connection->bind_simple(options.bind_dn, options.bind_password);
  if (!bound) return unexpected(bound.error());
  SearchRequest request;
  request.base = query.base;
  request.scope = query.scope;
  request.filter = query.filter;
  request.attributes = query.attributes;
  request.page_size = options.page_size;
  request.max_value_bytes = options.max_value_bytes;
  return connection->search(request, [&](const Entry& entry) {
    ListedUser user;
    user.dn = entry.dn;
    for (const auto& [name, values] : entry.attributes) {
      if (!values.empty()) user.values.emplace(lowercase(name), values.front());
    }
    return each(user);
  });
}

}  // namespace kcldap::ldap
