// Contract of the test-only features: fault injection (at start and at run time) and the request log.
#include "integration/emulator/contract_support.hpp"

using namespace kcldap::test;
using nlohmann::json;

TEST_CASE("emulator: a fault set at start answers the Nth matching request", "[emulator][faults]") {
  EmulatorProcess emulator(emulator_args("26.4", {"--fault", "GET:/admin/realms/demo/components:2:status=503"}));
  const std::string token = emulator.admin_token();
  CHECK(emulator.get("/admin/realms/demo/components", token)->status == 200);
  auto second = emulator.get("/admin/realms/demo/components", token);
  CHECK(second->status == 503);
  CHECK(emulator.get("/admin/realms/demo/components", token)->status == 200);
  CHECK(emulator.get("/admin/realms/demo", token)->status == 200);  // other paths untouched
}

TEST_CASE("emulator: faults set at run time can close the connection or delay", "[emulator][faults]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  REQUIRE(emulator.client().Post("/__emulator/faults", "PUT:/admin/realms/demo/components:1:close", "text/plain")->status == 204);
  REQUIRE(emulator.client().Post("/__emulator/faults", "GET:/admin/realms/demo/users:1:delay=600", "text/plain")->status == 204);
  CHECK(emulator.client().Post("/__emulator/faults", "nonsense", "text/plain")->status == 400);
  const std::string id = create(emulator, token, ldap_provider());
  auto closed = emulator.put_json("/admin/realms/demo/components/" + id, token, {{"name", "x"}});
  CHECK((!closed || closed->body.size() < 1024));  // the answer never arrives whole
  const auto started = std::chrono::steady_clock::now();
  CHECK(emulator.get("/admin/realms/demo/users", token)->status == 200);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(550));
  REQUIRE(emulator.client().Delete("/__emulator/faults")->status == 204);
}

TEST_CASE("emulator: the request log records method, path and status", "[emulator][log]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  create(emulator, token, ldap_provider());
  emulator.get("/admin/realms/demo/components", token);
  const json log = emulator.log();
  REQUIRE(log.size() == 3);
  CHECK(log[0] == json{{"method", "POST"}, {"path", "/realms/master/protocol/openid-connect/token"}, {"status", 200}});
  CHECK(log[1] == json{{"method", "POST"}, {"path", "/admin/realms/demo/components"}, {"status", 201}});
  CHECK(log[2]["method"] == "GET");
  REQUIRE(emulator.client().Delete("/__emulator/log")->status == 204);
  CHECK(emulator.log().empty());
}
