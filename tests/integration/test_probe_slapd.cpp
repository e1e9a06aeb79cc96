// The probe against the real slapd fixture: every stage passing, and each failure the admin meets.
#include <catch2/catch.hpp>

#include "ldap/probe.hpp"
#include "support/fixture_env.hpp"
#include "support/probe_text.hpp"

using namespace kcldap::ldap;
using kcldap::Status;
using kcldap::test::everything;
using kcldap::test::expiring_slapd;
using kcldap::test::plain_slapd;
using kcldap::test::slapd;

namespace {

ProbeOptions options_for(const std::string& url) {
  ProbeOptions options;
  options.urls = {*parse_ldap_url(url)};
  options.ca_file = slapd().at("KCLDAP_SLAPD_CA_FILE");
  options.bind_dn = slapd().at("KCLDAP_SLAPD_BIND_DN");
  options.bind_password = slapd().at("KCLDAP_SLAPD_BIND_PASSWORD");
  options.users_dn = slapd().at("KCLDAP_SLAPD_USERS_DN");
  options.connect_timeout_ms = 2000;
  options.read_timeout_ms = 5000;
  return options;
}

ProbeOptions ldaps_options() { return options_for(slapd().at("KCLDAP_SLAPD_LDAPS_URL")); }

Status status_of(const ProbeReport& report, const std::string& id) {
  const auto* stage = report.stage(id);
  REQUIRE(stage != nullptr);
  return stage->status;
}

}  // namespace

TEST_CASE("over ldaps every stage passes and the discovery matches the fixture data", "[probe][slapd]") {
  const ProbeReport report = run_probe(ldaps_options());
  for (const auto& stage : report.stages) {
    INFO(stage.id << ": " << stage.message);
    CHECK(stage.status == Status::pass);
  }
  REQUIRE(report.stages.size() == 9);
  REQUIRE(report.server);
  CHECK(report.server->vendor.product == "OpenLDAP");
  CHECK(report.server->vendor.keycloak_vendor == "other");
  CHECK(report.server->paged_results);
  CHECK(report.server->password_modify);
  REQUIRE(report.tls);
  CHECK(report.tls->chain_trusted);
  CHECK(report.tls->name_matches);
  REQUIRE(report.users.count);
  CHECK(*report.users.count == 50);
  CHECK(report.users.count_complete);
  REQUIRE(report.recommended);
  CHECK(report.recommended->username.value == "uid");
  CHECK(report.recommended->uuid.value == "entryUUID");
  CHECK(report.recommended->email.value == "mail");
  CHECK(report.recommended->email.reason.find("94% of 50") != std::string::npos);
  CHECK(report.recommended->first_name.value == "givenName");
  CHECK(report.recommended->last_name.value == "sn");
  CHECK(report.recommended->rdn.value == "uid");
  CHECK(report.recommended->search_scope.value == "subtree");  // ou=contractors sits below ou=people
  REQUIRE(report.groups);
  CHECK(report.groups->sampled == 5);
  CHECK(report.groups->recommended_dn() == "ou=groups,dc=example,dc=org");
  CHECK(report.groups->recommended_membership_attribute() == "member");
  CHECK_FALSE(report.groups->nested_examples.empty());
  REQUIRE(report.sample);
  CHECK(report.sample->with_member_of > 0);
}

TEST_CASE("StartTLS on the plain port passes TLS", "[probe][slapd]") {
  ProbeOptions options = options_for(slapd().at("KCLDAP_SLAPD_URL"));
  options.start_tls = true;
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.tls") == Status::pass);
  CHECK(report.stage("ldap.tls")->message.find("via StartTLS") != std::string::npos);
  CHECK_FALSE(report.failed());
}

TEST_CASE("plain ldap:// with a password bind warns and names the risk", "[probe][slapd]") {
  const ProbeReport report = run_probe(options_for(slapd().at("KCLDAP_SLAPD_URL")));
  CHECK(status_of(report, "ldap.tls") == Status::warn);
  CHECK(report.stage("ldap.tls")->message.find("bind password") != std::string::npos);
  CHECK_FALSE(report.failed());
}

TEST_CASE("a wrong port fails to connect and skips the rest", "[probe][slapd]") {
  const ProbeReport report = run_probe(options_for("ldap://127.0.0.1:1"));
  CHECK(status_of(report, "ldap.connect") == Status::fail);
  CHECK(report.stage("ldap.connect")->message.find("refused") != std::string::npos);
  CHECK(status_of(report, "ldap.bind") == Status::skip);
  CHECK(status_of(report, "ldap.groups") == Status::skip);
}

TEST_CASE("an unknown host is named as such", "[probe][slapd]") {
  const ProbeReport report = run_probe(options_for("ldap://no-such-host.invalid:389"));
  CHECK(status_of(report, "ldap.connect") == Status::fail);
  CHECK(report.stage("ldap.connect")->message.find("unknown host") != std::string::npos);
}

TEST_CASE("an unreachable first URL fails over to the next with a warning", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.urls.insert(options.urls.begin(), *parse_ldap_url("ldap://127.0.0.1:1"));
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.connect") == Status::warn);
  CHECK(report.server->url == slapd().at("KCLDAP_SLAPD_LDAPS_URL"));
  CHECK_FALSE(report.failed());
}

TEST_CASE("a wrong password fails the bind with the reason, never the password", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.bind_password = "wrong-password-4711";
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.bind") == Status::fail);
  CHECK(report.stage("ldap.bind")->message.find("invalidCredentials") != std::string::npos);
  CHECK(status_of(report, "ldap.root-dse") == Status::skip);
  CHECK(everything(report).find("wrong-password-4711") == std::string::npos);
}

TEST_CASE("an unknown users DN fails and proposes where users are", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.users_dn = "ou=peple,dc=example,dc=org";
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.users-dn") == Status::fail);
  CHECK(report.stage("ldap.users-dn")->message.find("does not exist") != std::string::npos);
  CHECK(report.stage("ldap.users-dn")->remedy.find("ou=people,dc=example,dc=org") != std::string::npos);
  CHECK(status_of(report, "ldap.user-count") == Status::skip);
}

TEST_CASE("without users_dn the probe proposes one and carries on", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.users_dn.clear();
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.users-dn") == Status::warn);
  CHECK(report.users.dn == "ou=people,dc=example,dc=org");
  CHECK(report.users.dn_source == "proposed");
  CHECK(*report.users.count == 50);
}

TEST_CASE("ldaps with an unknown CA fails and names the issuer", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.ca_file.clear();  // the system store does not know the fixture's CA
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.tls") == Status::fail);
  const auto* tls = report.stage("ldap.tls");
  CHECK(tls->message.find("not trusted") != std::string::npos);
  CHECK(tls->message.find("kcldap fixture CA") != std::string::npos);
  CHECK(tls->remedy.find("ca_file") != std::string::npos);
  CHECK(status_of(report, "ldap.bind") == Status::skip);
}

TEST_CASE("tls_verify = false turns an unknown CA into a warning, and says so", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.ca_file.clear();
  options.tls_verify = false;
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.tls") == Status::warn);
  CHECK(status_of(report, "ldap.bind") == Status::pass);
}

TEST_CASE("a certificate that expires within 30 days is a warning with the date", "[probe][slapd]") {
  ProbeOptions options = options_for(expiring_slapd().at("KCLDAP_SLAPD_LDAPS_URL"));
  options.ca_file = expiring_slapd().at("KCLDAP_SLAPD_CA_FILE");
  options.bind_password = expiring_slapd().at("KCLDAP_SLAPD_BIND_PASSWORD");
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.tls") == Status::warn);
  const auto* tls = report.stage("ldap.tls");
  CHECK((tls->message.find("expires in 9 days") != std::string::npos ||
         tls->message.find("expires in 10 days") != std::string::npos));
  CHECK(tls->remedy.find("renew") != std::string::npos);
  CHECK(status_of(report, "ldap.bind") == Status::pass);
  CHECK_FALSE(report.failed());
}

TEST_CASE("a name the certificate does not list is a mismatch", "[probe][slapd]") {
  const ProbeReport report = run_probe(options_for("ldaps://127.0.0.2:" + slapd().at("KCLDAP_SLAPD_LDAPS_PORT")));
  CHECK(status_of(report, "ldap.tls") == Status::fail);
  CHECK(report.stage("ldap.tls")->message.find("does not name 127.0.0.2") != std::string::npos);
  CHECK(report.stage("ldap.tls")->message.find("IP:127.0.0.1") != std::string::npos);
}

TEST_CASE("ldaps:// aimed at a plain LDAP port says the port has no TLS", "[probe][slapd]") {
  const ProbeReport report = run_probe(options_for("ldaps://127.0.0.1:" + slapd().at("KCLDAP_SLAPD_PORT")));
  CHECK(status_of(report, "ldap.tls") == Status::fail);
  CHECK(report.stage("ldap.tls")->message.find("no TLS on port") != std::string::npos);
  CHECK(report.stage("ldap.tls")->remedy.find("start_tls") != std::string::npos);
}

TEST_CASE("StartTLS refused by a server without TLS", "[probe][slapd]") {
  ProbeOptions options = options_for(plain_slapd().at("KCLDAP_SLAPD_URL"));
  options.start_tls = true;
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.tls") == Status::fail);
  CHECK(report.stage("ldap.tls")->message.find("refused StartTLS") != std::string::npos);
}

TEST_CASE("anonymous access to the data is denied and explained", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.bind_dn.clear();
  options.bind_password.clear();
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.bind") == Status::pass);
  CHECK(status_of(report, "ldap.users-dn") == Status::fail);
  CHECK(report.stage("ldap.users-dn")->message.find("anonymous access") != std::string::npos);
  CHECK(report.stage("ldap.users-dn")->remedy.find("bind_dn") != std::string::npos);
}

TEST_CASE("a filter that matches nobody fails and shows what the entries carry", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.user_filter = "(departmentNumber=does-not-exist)";
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.user-count") == Status::fail);
  const auto* stage = report.stage("ldap.user-count");
  CHECK(stage->message.find("matches nobody") != std::string::npos);
  CHECK(stage->message.find("(departmentNumber=does-not-exist)") != std::string::npos);
  bool lists_classes = false;
  for (const auto& detail : stage->details) lists_classes |= detail.find("inetOrgPerson") != std::string::npos;
  CHECK(lists_classes);
}

TEST_CASE("a user filter narrows the count to members of one group", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.user_filter = "(memberOf=cn=engineering,ou=groups,dc=example,dc=org)";
  const ProbeReport report = run_probe(options);
  CHECK_FALSE(report.failed());
  CHECK(*report.users.count == 10);
}

TEST_CASE("one-level scope does not see users in sub-containers", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.search_scope = Scope::one_level;
  const ProbeReport report = run_probe(options);
  CHECK(*report.users.count == 46);
}

TEST_CASE("a configured email attribute that users do not carry is flagged before any login", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.attributes.email = "userPrincipalName";
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.attributes") == Status::warn);
  const std::string text = everything(report);
  CHECK(text.find("email_attribute = \"userPrincipalName\" is carried by none of 50 sampled users") != std::string::npos);
  CHECK(text.find("mail: present on 94%") != std::string::npos);
}

TEST_CASE("a configured username attribute that is missing fails", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.attributes.username = "sAMAccountName";
  const ProbeReport report = run_probe(options);
  CHECK(status_of(report, "ldap.attributes") == Status::fail);
}

TEST_CASE("the sample size bounds the attribute discovery", "[probe][slapd]") {
  ProbeOptions options = ldaps_options();
  options.sample_size = 7;
  options.page_size = 3;
  const ProbeReport report = run_probe(options);
  REQUIRE(report.sample);
  CHECK(report.sample->sampled == 7);
  CHECK(*report.users.count == 50);  // the count is not bounded by the sample
}
