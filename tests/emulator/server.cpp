// Keycloak emulator (test-only): the HTTP server and its route table: each emulated Keycloak endpoint
// (method, path pattern, whether it needs an admin token and for which realm) and the Emulator handler
// answering it. Fault injection and the request log hook in around every route.
#include "emulator/server.hpp"

#include <algorithm>
#include <regex>
#include <thread>

namespace kcldap::emulator {

using nlohmann::json;

namespace {

// Arrival order of the request this thread is handling: httplib runs the pre-routing handler and the
// logger of one request on the same thread.
thread_local long long current_arrival = 0;

// What a handler gets from a request.
struct Call {
  const Caller* caller = nullptr;  // admin routes only
  std::vector<std::string> matches;  // path captures: [0] the realm on realm routes
  Params query;
  std::string body;
  bool json_body = false;
  std::string authorization;
  std::string url;       // this request's URL without query (Location headers build on it)
  std::string base_url;  // the server's base URL with the context path
  const std::string& realm() const { return matches.at(0); }
  const std::string& id(std::size_t n = 1) const { return matches.at(n); }
};

enum class Access { open, admin, realm_admin };  // realm_admin: the token must be good for the realm in the path

struct Route {
  const char* method;
  const char* pattern;  // after the context path; "R" stands for the admin realm prefix
  Access access;
  Reply (*handle)(Emulator&, const Call&);
};

// A JSON body's fields as strings, the way Keycloak's representation classes read them.
Params json_fields(const std::string& body, bool* ok) {
  Params fields;
  const json parsed = json::parse(body, nullptr, false);
  *ok = parsed.is_object();
  if (!*ok) return fields;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) fields[key] = value.get<std::string>();
    else if (!value.is_null()) fields[key] = value.dump();
  }
  return fields;
}

Reply test_connection(Emulator& e, const Call& c) {
  bool ok = true;
  const Params fields = c.json_body ? json_fields(c.body, &ok) : c.query;
  if (!ok) return unparseable_body(e.profile());
  return e.test_ldap_connection(*c.caller, c.realm(), fields, c.json_body);
}

Reply capabilities(Emulator& e, const Call& c) {
  bool ok = true;
  const Params fields = json_fields(c.body, &ok);
  if (!ok) return unparseable_body(e.profile());
  return e.ldap_capabilities(*c.caller, c.realm(), fields);
}

// Collections answer with or without a trailing slash, as Keycloak's JAX-RS resources do; the more
// specific pattern comes first (httplib takes the first match).
const std::vector<Route>& route_table() {
  using A = Access;
  static const std::vector<Route> table = {
      // Tokens and the public realm endpoints (tokens.cpp, realms.cpp).
      {"POST", "/realms/([^/]+)/protocol/openid-connect/token", A::open,
       [](Emulator& e, const Call& c) { return e.token(c.realm(), c.query, c.authorization); }},
      {"GET", "/realms/([^/]+)/\\.well-known/openid-configuration", A::open,
       [](Emulator& e, const Call& c) { return e.well_known(c.realm(), c.base_url); }},
      {"GET", "/realms/([^/]+)", A::open, [](Emulator& e, const Call& c) { return e.public_realm(c.realm(), c.base_url); }},
      // Server and realms (realms.cpp, admin_events.cpp).
      {"GET", "/admin/serverinfo", A::admin, [](Emulator& e, const Call& c) { return e.serverinfo(*c.caller); }},
      {"POST", "/admin/realms/?", A::admin, [](Emulator& e, const Call& c) { return e.create_realm(*c.caller, c.body, c.url); }},
      {"GET", "R", A::realm_admin, [](Emulator& e, const Call& c) { return e.get_realm(*c.caller, c.realm()); }},
      {"PUT", "R", A::realm_admin, [](Emulator& e, const Call& c) { return e.update_realm(*c.caller, c.realm(), c.body); }},
      {"DELETE", "R", A::realm_admin, [](Emulator& e, const Call& c) { return e.delete_realm(*c.caller, c.realm()); }},
      {"GET", "R/admin-events", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_admin_events(*c.caller, c.realm(), c.query); }},
      {"DELETE", "R/admin-events", A::realm_admin, [](Emulator& e, const Call& c) { return e.clear_admin_events(*c.caller, c.realm()); }},
      // Components (components.cpp).
      {"GET", "R/components/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_components(*c.caller, c.realm(), c.query); }},
      {"POST", "R/components/?", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.create_component(*c.caller, c.realm(), c.body, c.url); }},
      {"GET", "R/components/([^/]+)/sub-component-types", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.sub_component_types(*c.caller, c.realm(), c.id(), c.query); }},
      {"GET", "R/components/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.get_component(*c.caller, c.realm(), c.id()); }},
      {"PUT", "R/components/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.update_component(*c.caller, c.realm(), c.id(), c.body); }},
      {"DELETE", "R/components/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.delete_component(*c.caller, c.realm(), c.id()); }},
      // LDAP tests and user storage (user_storage.cpp).
      {"POST", "R/testLDAPConnection", A::realm_admin, test_connection},
      {"POST", "R/ldap-server-capabilities", A::realm_admin, capabilities},
      {"POST", "R/user-storage/([^/]+)/sync", A::realm_admin, [](Emulator& e, const Call& c) { return e.sync(*c.caller, c.realm(), c.id(), c.query); }},
      {"POST", "R/user-storage/([^/]+)/mappers/([^/]+)/sync", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.sync_mapper(*c.caller, c.realm(), c.id(), c.id(2), c.query); }},
      {"GET", "R/user-storage/([^/]+)/name", A::realm_admin, [](Emulator& e, const Call& c) { return e.storage_name(*c.caller, c.realm(), c.id()); }},
      {"POST", "R/user-storage/([^/]+)/remove-imported-users", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.remove_imported_users(*c.caller, c.realm(), c.id()); }},
      {"POST", "R/user-storage/([^/]+)/unlink-users", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.unlink_users(*c.caller, c.realm(), c.id()); }},
      // Users, their groups and role mappings (users.cpp, groups.cpp, clients.cpp).
      {"GET", "R/users/count", A::realm_admin, [](Emulator& e, const Call& c) { return e.count_users(*c.caller, c.realm(), c.query); }},
      {"GET", "R/users/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_users(*c.caller, c.realm(), c.query); }},
      {"POST", "R/users/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.create_user(*c.caller, c.realm(), c.body, c.url); }},
      {"GET", "R/users/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.get_user(*c.caller, c.realm(), c.id()); }},
      {"PUT", "R/users/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.update_user(*c.caller, c.realm(), c.id(), c.body); }},
      {"DELETE", "R/users/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.delete_user(*c.caller, c.realm(), c.id()); }},
      {"PUT", "R/users/([^/]+)/reset-password", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.reset_password(*c.caller, c.realm(), c.id(), c.body); }},
      {"GET", "R/users/([^/]+)/groups", A::realm_admin, [](Emulator& e, const Call& c) { return e.user_groups(*c.caller, c.realm(), c.id()); }},
      {"PUT", "R/users/([^/]+)/groups/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.join_group(*c.caller, c.realm(), c.id(), c.id(2)); }},
      {"DELETE", "R/users/([^/]+)/groups/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.leave_group(*c.caller, c.realm(), c.id(), c.id(2)); }},
      {"GET", "R/users/([^/]+)/role-mappings/clients/([^/]+)/composite", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.client_role_mappings(*c.caller, c.realm(), c.id(), c.id(2), true); }},
      {"GET", "R/users/([^/]+)/role-mappings/clients/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.client_role_mappings(*c.caller, c.realm(), c.id(), c.id(2), false); }},
      {"POST", "R/users/([^/]+)/role-mappings/clients/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.add_client_role_mappings(*c.caller, c.realm(), c.id(), c.id(2), c.body); }},
      {"DELETE", "R/users/([^/]+)/role-mappings/clients/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.remove_client_role_mappings(*c.caller, c.realm(), c.id(), c.id(2), c.body); }},
      {"GET", "R/users/([^/]+)/role-mappings/realm", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.realm_role_mappings(*c.caller, c.realm(), c.id()); }},
      // Groups (groups.cpp).
      {"GET", "R/groups/count", A::realm_admin, [](Emulator& e, const Call& c) { return e.count_groups(*c.caller, c.realm()); }},
      {"GET", "R/groups/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_groups(*c.caller, c.realm(), c.query); }},
      {"POST", "R/groups/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.create_group(*c.caller, c.realm(), c.body, c.url); }},
      {"POST", "R/roles/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.create_realm_role(*c.caller, c.realm(), c.body, c.url); }},
      {"GET", "R/groups/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.get_group(*c.caller, c.realm(), c.id()); }},
      {"DELETE", "R/groups/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.delete_group(*c.caller, c.realm(), c.id()); }},
      {"GET", "R/groups/([^/]+)/members", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.group_members(*c.caller, c.realm(), c.id(), c.query); }},
      // Clients (clients.cpp).
      {"GET", "R/clients/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_clients(*c.caller, c.realm(), c.query); }},
      {"POST", "R/clients/?", A::realm_admin, [](Emulator& e, const Call& c) { return e.create_client(*c.caller, c.realm(), c.body, c.url); }},
      {"GET", "R/clients/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.get_client(*c.caller, c.realm(), c.id()); }},
      {"PUT", "R/clients/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.update_client(*c.caller, c.realm(), c.id(), c.body); }},
      {"DELETE", "R/clients/([^/]+)", A::realm_admin, [](Emulator& e, const Call& c) { return e.delete_client(*c.caller, c.realm(), c.id()); }},
      {"GET", "R/clients/([^/]+)/client-secret", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.get_client_secret(*c.caller, c.realm(), c.id()); }},
      {"POST", "R/clients/([^/]+)/client-secret", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.regenerate_client_secret(*c.caller, c.realm(), c.id()); }},
      {"GET", "R/clients/([^/]+)/service-account-user", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.service_account_user(*c.caller, c.realm(), c.id()); }},
      {"GET", "R/clients/([^/]+)/roles", A::realm_admin, [](Emulator& e, const Call& c) { return e.list_client_roles(*c.caller, c.realm(), c.id()); }},
      {"GET", "R/clients/([^/]+)/roles/([^/]+)", A::realm_admin,
       [](Emulator& e, const Call& c) { return e.get_client_role(*c.caller, c.realm(), c.id(), c.id(2)); }},
  };
  return table;
}

void send(httplib::Response& response, const Reply& reply) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (!reply.body.empty()) response.set_content(reply.body, reply.content_type.c_str());
}

}  // namespace

std::optional<Fault> parse_fault(const std::string& spec, std::string* error) {
  static const std::regex pattern(R"(^([A-Z]*):([^:]+):([0-9]+):(status=[0-9]{3}|delay=[0-9]+|close|html|garbage|huge=[0-9]+)(?::([0-9]+))?$)");
  std::smatch match;
  if (!std::regex_match(spec, match, pattern)) {
    *error = "--fault " + spec + ": expected METHOD:PATH_PREFIX:NTH:status=CODE|delay=MS|close|html|garbage|huge=BYTES[:TIMES]";
    return std::nullopt;
  }
  Fault fault;
  fault.method = match[1];
  fault.path_prefix = match[2];
  fault.nth = std::stoi(match[3]);
  const std::string action = match[4];
  if (action.rfind("status=", 0) == 0) fault.status = std::stoi(action.substr(7));
  if (action.rfind("delay=", 0) == 0) fault.delay_ms = std::stoi(action.substr(6));
  fault.close = action == "close";
  if (action == "html" || action == "garbage") fault.body = action;
  if (action.rfind("huge=", 0) == 0) fault.huge = std::stoll(action.substr(5));
  if (match[5].matched) fault.times = std::stoi(match[5]);
  return fault;
}

HttpServer::HttpServer(State& state) : state_(state), emulator_(state) {
  hooks();
  routes();
  test_only_routes();
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (bound > 0) base_url_ = "http://" + host + ":" + std::to_string(bound);
  return bound;
}

void HttpServer::run() { server_.listen_after_bind(); }
void HttpServer::stop() { server_.stop(); }

void HttpServer::routes() {
  const std::string admin_realm = "/admin/realms/([^/]+)";
  for (const Route& route : route_table()) {
    std::string pattern = route.pattern;
    if (pattern.front() == 'R') pattern = admin_realm + pattern.substr(1);
    const Route* entry = &route;
    auto handler = [this, entry](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(state_.mutex);
      Call call;
      for (std::size_t i = 1; i < request.matches.size(); ++i) call.matches.push_back(request.matches[i]);
      for (const auto& [key, value] : request.params) call.query.emplace(key, value);
      call.body = request.body;
      call.json_body = request.get_header_value("Content-Type").find("application/json") != std::string::npos;
      call.authorization = request.get_header_value("Authorization");
      call.base_url = base_url_ + state_.context_path;
      call.url = base_url_ + request.path;
      if (!call.url.empty() && call.url.back() == '/') call.url.pop_back();
      if (entry->access == Access::open) {
        send(response, entry->handle(emulator_, call));
        return;
      }
      Reply refusal;
      const std::string realm = entry->access == Access::realm_admin ? call.realm() : "";
      auto caller = emulator_.authenticate(call.authorization, realm, refusal);
      if (!caller) {
        send(response, refusal);
        return;
      }
      caller->ip_address = request.remote_addr;
      call.caller = &*caller;
      send(response, entry->handle(emulator_, call));
    };
    const std::string full = state_.context_path + pattern;
    const std::string method = route.method;
    route_patterns_.emplace_back(method, std::regex(full));
    if (method == "GET") server_.Get(full, handler);
    else if (method == "POST") server_.Post(full, handler);
    else if (method == "PUT") server_.Put(full, handler);
    else server_.Delete(full, handler);
  }
}

Fault* HttpServer::firing_fault(const httplib::Request& request) {
  for (auto& fault : state_.faults) {
    if (!fault.method.empty() && fault.method != request.method) continue;
    if (request.path.rfind(fault.path_prefix, 0) != 0) continue;
    ++fault.seen;
    if (fault.seen >= fault.nth && fault.seen < fault.nth + fault.times) return &fault;
  }
  return nullptr;
}

// A peer that is not (quite) Keycloak: a login page, bytes that are not JSON, or a body of any size (streamed).
static void answer_oddly(const Fault& fired, httplib::Response& response) {
  response.status = 200;
  if (fired.body == "html") {
    response.set_content("<!DOCTYPE html><html><body><form action=\"/login\">Sign in</form></body></html>", "text/html");
    return;
  }
  if (fired.body == "garbage") {
    response.set_content("{\"issuer\": not json", "application/json");
    return;
  }
  const auto total = static_cast<size_t>(fired.huge);
  response.set_content_provider(total, "application/json", [total](size_t offset, size_t, httplib::DataSink& sink) {
    static const std::string chunk(64 * 1024, 'x');
    const size_t length = std::min(chunk.size(), total - offset);
    return sink.write(chunk.data(), length);
  });
}

void HttpServer::hooks() {
  const auto is_test_only = [](const std::string& path) { return path.rfind("/__emulator/", 0) == 0; };
  // No route for the request: Keycloak's JAX-RS answers with a JSON error body, 405 when the path exists
  // for another method. (Errors a handler answered keep their own body.)
  server_.set_error_handler(httplib::Server::HandlerWithResponse([this, is_test_only](const httplib::Request& request,
                                                                                      httplib::Response& response) {
    if (!response.body.empty() || is_test_only(request.path) || (response.status != 404 && response.status != 405)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const bool other_method = std::any_of(route_patterns_.begin(), route_patterns_.end(), [&](const auto& route) {
      return route.first != request.method && std::regex_match(request.path, route.second);
    });
    const bool admin = request.path.rfind(state_.context_path + "/admin/", 0) == 0;
    response.status = other_method ? 405 : 404;
    const std::string text = other_method ? "HTTP 405 Method Not Allowed"
                             : admin      ? "HTTP 404 Not Found"
                                          : "Unable to find matching target resource method";
    response.set_content(json{{"error", text}}.dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }));
  server_.set_pre_routing_handler([this, is_test_only](const httplib::Request& request, httplib::Response& response) {
    std::unique_lock lock(state_.mutex);
    current_arrival = ++state_.arrivals;
    if (is_test_only(request.path)) return httplib::Server::HandlerResponse::Unhandled;
    ++state_.answered;
    Fault* fault = firing_fault(request);
    if (fault == nullptr) return httplib::Server::HandlerResponse::Unhandled;
    const Fault fired = *fault;
    lock.unlock();
    if (fired.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(fired.delay_ms));
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (fired.close) {
      // Headers go out, then the connection closes mid-body: the client sees a broken connection.
      response.set_content_provider(1024, "application/json",
                                    [](size_t, size_t, httplib::DataSink&) { return false; });
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!fired.body.empty() || fired.huge > 0) {
      answer_oddly(fired, response);
      return httplib::Server::HandlerResponse::Handled;
    }
    response.status = fired.status;
    response.set_content(json{{"error", "injected fault"}}.dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  server_.set_logger([this, is_test_only](const httplib::Request& request, const httplib::Response& response) {
    if (is_test_only(request.path)) return;
    std::lock_guard lock(state_.mutex);
    LogEntry entry{current_arrival, request.method, request.path, response.status};
    const auto after = std::upper_bound(state_.log.begin(), state_.log.end(), entry,
                                        [](const LogEntry& a, const LogEntry& b) { return a.arrival < b.arrival; });
    state_.log.insert(after, entry);
    ++state_.logged;
    state_.log_written.notify_all();
  });
}

}  // namespace kcldap::emulator
