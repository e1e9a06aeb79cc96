// The five JSON reports' shapes, pinned: each report is built from a value with every optional part
// filled and every list holding one item, reduced to its skeleton (keys and value types, recursively),
// and compared with the committed skeleton in tests/unit/report/schemas/<name>.json. A change to a
// report's shape fails here first; a deliberate one updates the file (KCLDAP_UPDATE_SCHEMAS=1 rewrites
// them, to review in the diff).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "src/report/apply_report.hpp"
#include "src/report/bootstrap_report.hpp"
#include "src/report/check_report.hpp"
#include "src/report/doctor_report.hpp"
#include "src/report/plan_report.hpp"
#include "src/report/probe_report.hpp"

using nlohmann::json;
using namespace kcldap;

namespace {

// Keys and value types, recursively; a list by its first item (every item must share that shape).
json skeleton(const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      json out = json::object();
      for (const auto& [key, item] : value.items()) out[key] = skeleton(item);
      return out;
    }
    case json::value_t::array: {
      json out = json::array();
      if (!value.empty()) out.push_back(skeleton(value.front()));
      for (const auto& item : value) REQUIRE(skeleton(item) == out.front());
      return out;
    }
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::null: return "null";
    default: return "unknown";
  }
}

void check_schema(const std::string& name, const json& report) {
  const std::string path = std::string(KCLDAP_SOURCE_DIR) + "/tests/unit/report/schemas/" + name + ".json";
  const json actual = skeleton(report);
  if (std::getenv("KCLDAP_UPDATE_SCHEMAS") != nullptr) std::ofstream(path) << actual.dump(2) << "\n";
  std::ifstream file(path);
  REQUIRE(file.good());
  const json expected = json::parse(file);
  INFO("schema " << name << ": actual skeleton\n" << actual.dump(2));
  CHECK(actual == expected);
}

checks::Check full_check(const std::string& id) {
  return checks::make_check(id, "Directory", "Bind", Status::fail, "could not bind", "check the password", {"a detail"});
}

checks::Report full_report(const std::string& command) {
  checks::Report report{command, {}};
  report.add(full_check("ldap.bind"));
  return report;
}

ldap::ProbeReport full_probe() {
  ldap::ProbeReport report;
  report.stages.push_back({"ldap.bind", "Bind", Status::pass, "bound", {"a detail"}, "a remedy"});
  ldap::ServerInfo server;
  server.url = "ldaps://ldap.example.org";
  server.naming_contexts = {"dc=example,dc=org"};
  server.supported_controls = {"1.2.3"};
  server.supported_extensions = {"1.2.4"};
  server.vendor.evidence = {"vendorName"};
  report.server = server;
  ldap::TlsInspection tls;
  tls.chain.push_back({"CN=ldap", "CN=ca", {"DNS:ldap"}, "2026-01-01", "2027-01-01", 100, false});
  report.tls = tls;
  report.users.dn = "ou=people,dc=example,dc=org";
  report.users.candidates.push_back({"ou=people,dc=example,dc=org", 3, "one"});
  report.users.object_classes = {"inetOrgPerson"};
  report.users.count = 3;
  report.users.disabled = 1;
  ldap::SampleSummary sample;
  sample.sampled = 3;
  sample.attributes.push_back({"uid", 3, 0, 0, false});
  sample.object_classes.push_back({"inetOrgPerson", 3});
  sample.example_dns = {"uid=a,ou=people,dc=example,dc=org"};
  report.sample = sample;
  ldap::Recommendations recommended;
  for (auto* r : {&recommended.vendor, &recommended.username, &recommended.rdn, &recommended.uuid, &recommended.email,
                  &recommended.first_name, &recommended.last_name, &recommended.search_scope}) {
    *r = {"value", "reason"};
  }
  recommended.user_object_classes = {"inetOrgPerson"};
  report.recommended = recommended;
  report.attribute_checks.push_back({"username", "uid", "recommended", "unique"});
  ldap::RequiredGroup required = ldap::assess_required_group("cn=staff,dc=example,dc=org", {"cn=sub,dc=example,dc=org"}, {}, report.users.dn);
  required.users = 2;
  required.outside_examples = {"uid=svc,ou=services,dc=example,dc=org"};
  required.nested_examples = {"cn=sub,dc=example,dc=org"};
  report.required_groups.push_back(required);
  ldap::GroupSummary groups;
  groups.sampled = 2;
  groups.containers.push_back({"ou=groups,dc=example,dc=org", 2});
  groups.object_classes.push_back({"groupOfNames", 2});
  groups.membership_attributes.push_back({"member", 2});
  groups.nested_examples = {"cn=a contains cn=b"};
  groups.example_names = {"staff"};
  report.groups = groups;
  return report;
}

pipeline::Planned full_plan() {
  pipeline::Planned planned;
  planned.facts.base_url = "https://keycloak.example.org";
  planned.facts.version = {26, 4, 7};
  planned.plan.provider = {keycloak::Action::update, "ldap", "id-1", "ldap", {{"vendor", "other", "ad", "probe"}}, false};
  planned.plan.mappers.push_back({keycloak::Action::create, "email", "", "user-attribute-ldap-mapper", {{"ldap.attribute", std::nullopt, "mail", ""}}, false});
  planned.plan.secret = keycloak::SecretAction::set;
  planned.plan.secret_reason = "first apply";
  planned.plan.notes = {"a note"};
  pipeline::ClientPlan client{"ai-platform", {}, ""};
  client.would.created = true;
  client.would.roles_granted = {"view-users"};
  client.would.extra_roles = {"view-events"};
  planned.clients.push_back(client);
  return planned;
}

report::ApplyRecord full_apply_record() {
  report::ApplyRecord record;
  record.result = "failed";
  record.stage = "post-checks";
  record.planned = full_plan();
  record.applied = {{"created the provider"}, {"mapper email"}, "", "/var/backups/kcldap.json", "id-1"};
  record.rolled_back = true;
  record.rollback = {{"deleted the provider"}, ""};
  record.restart_reason = "--force-restart";
  record.interrupted = "SIGTERM";
  record.resumed = pipeline::Journal{"demo", "ldap", 42, "20261201T010000Z", "20261201T010001Z", "post-checks", "/var/backups/kcldap.json",
                                     {"create provider"}, {"create provider (id id-1)"}, "id-1", ""};
  hook::StepReport step;
  step.step = "command";
  step.argv = {"systemctl", "restart", "keycloak"};
  step.process.started = true;
  step.process.exit_code = 0;
  step.process.seconds = 1.5;
  record.restart_steps.push_back(step);
  return record;
}

report::BootstrapReport full_bootstrap() {
  report::BootstrapReport report;
  report.realm = "example";
  report.client_id = "kcldap";
  report.admin_identity = "user admin (admin-cli)";
  report.client = report::BootstrapClient{"uuid", "service-account-kcldap", true, {"a"}, {"view-realm"}, {"query-users"}, {"manage-clients"}};
  report.secret = report::BootstrapSecret{true, "/etc/kcldap/secret", true, true};
  report.verify = report::BootstrapVerify{"pass", "holds every role"};
  report.kubectl = "kubectl create secret generic kcldap";
  report.config = report::BootstrapConfig{"kcldap.toml", true, "${file:/etc/kcldap/secret}", ""};
  report.changed = true;
  return report;
}

}  // namespace

TEST_CASE("report schemas: kcldap.probe/v1 keeps its shape", "[report][schema]") {
  const json report = report::probe_to_json(full_probe());
  CHECK(report["schema"] == "kcldap.probe/v1");
  check_schema("probe", report);
}

TEST_CASE("report schemas: kcldap.check/v1 keeps its shape", "[report][schema]") {
  const json report = report::report_to_json(full_report("check"), true);
  CHECK(report["schema"] == "kcldap.check/v1");
  check_schema("check", report);
}

TEST_CASE("report schemas: kcldap.plan/v1 keeps its shape", "[report][schema]") {
  const json report = report::plan_to_json(full_plan(), "example");
  CHECK(report["schema"] == "kcldap.plan/v1");
  check_schema("plan", report);
}

TEST_CASE("report schemas: kcldap.apply/v1 keeps its shape", "[report][schema]") {
  const json report = report::apply_to_json(full_apply_record(), full_report("apply"), "example");
  CHECK(report["schema"] == "kcldap.apply/v1");
  check_schema("apply", report);
}

TEST_CASE("report schemas: kcldap.bootstrap/v1 keeps its shape, done and failed", "[report][schema]") {
  const json done = report::bootstrap_to_json(full_bootstrap());
  CHECK(done["schema"] == "kcldap.bootstrap/v1");
  check_schema("bootstrap", done);
  report::BootstrapReport failed;
  failed.realm = "example";
  failed.client_id = "kcldap";
  failed.failure = report::BootstrapFailure{"sign-in", "401 Unauthorized"};
  check_schema("bootstrap-failed", report::bootstrap_to_json(failed));
}

TEST_CASE("report schemas: kcldap.doctor/v1 keeps its shape", "[report][schema]") {
  report::DoctorReport doctor;
  doctor.realm = "example";
  doctor.provider_name = "corp";
  doctor.provider_id = "id-1";
  doctor.connection_url = "ldaps://ldap.example.org";
  doctor.directory_reached = true;
  doctor.server_product = "OpenLDAP";
  doctor.users = 400;
  doctor.findings.push_back({"doctor.read-timeout", checks::Severity::warn, "Read timeout unset", "readTimeout is not set",
                             "[ldap] read_timeout_ms = 5000", "User federation > corp > Settings > LDAP searching and updating > Read timeout",
                             {"a detail"}});
  doctor.seconds = 1.5;
  const json report = report::doctor_to_json(doctor);
  CHECK(report["schema"] == "kcldap.doctor/v1");
  CHECK(report["result"] == "passed");
  check_schema("doctor", report);
}
