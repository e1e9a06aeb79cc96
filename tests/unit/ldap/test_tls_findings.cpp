#include <catch2/catch.hpp>

#include "ldap/tls_findings.hpp"

using namespace kcldap;
using namespace kcldap::ldap;

namespace {

LdapUrl ldaps(const std::string& host) {
  LdapUrl url;
  url.host = host;
  url.port = 636;
  url.secure = true;
  return url;
}

TlsInspection good_session() {
  TlsInspection tls;
  tls.tcp_connected = true;
  tls.handshake_ok = true;
  tls.protocol = "TLSv1.3";
  tls.cipher = "TLS_AES_256_GCM_SHA384";
  CertificateFacts leaf;
  leaf.subject = "CN=ldap.example.org";
  leaf.issuer = "CN=Example CA";
  leaf.names = {"DNS:ldap.example.org"};
  leaf.not_after = "2027-11-22 16:00:00 UTC";
  leaf.days_left = 356;
  tls.chain = {leaf};
  tls.trust_source = "CA file /etc/ca.pem";
  tls.chain_trusted = true;
  tls.checked_name = "ldap.example.org";
  tls.name_matches = true;
  return tls;
}

ProbeOptions with_ca(const std::string& ca_file) {
  ProbeOptions options;
  options.ca_file = ca_file;
  return options;
}

}  // namespace

TEST_CASE("a trusted, matching, valid certificate passes and says what it trusted") {
  const StageResult stage = judge_tls(good_session(), ldaps("ldap.example.org"), with_ca("/etc/ca.pem"));
  CHECK(stage.id == "ldap.tls");
  CHECK(stage.status == Status::pass);
  CHECK(stage.message == "TLSv1.3, certificate for DNS:ldap.example.org trusted by /etc/ca.pem, expires in 356 days");
  REQUIRE(stage.details.size() == 3);
  CHECK(stage.details[0] == "protocol TLSv1.3, cipher TLS_AES_256_GCM_SHA384");
  CHECK(stage.details[1] == "certificate: CN=ldap.example.org; issuer CN=Example CA; valid until 2027-11-22 16:00:00 UTC; names DNS:ldap.example.org");
  CHECK(stage.details[2] == "trust: CA file /etc/ca.pem");
}

TEST_CASE("a refused StartTLS fails with the server's result") {
  TlsInspection tls;
  tls.start_tls_attempted = true;
  tls.start_tls_result_code = 2;
  tls.start_tls_message = "unsupported extended operation";
  LdapUrl url = ldaps("ldap.example.org");
  url.secure = false;
  const StageResult stage = judge_tls(tls, url, ProbeOptions{});
  CHECK(stage.status == Status::fail);
  CHECK(stage.message.rfind("the server refused StartTLS (", 0) == 0);
  CHECK(stage.details.front() == "StartTLS answer: result 2 \"unsupported extended operation\"");
}

TEST_CASE("plain LDAP on an ldaps:// port is named as such") {
  TlsInspection tls;
  tls.handshake_error = "wrong version number";
  tls.looks_like_plain_ldap = true;
  LdapUrl url = ldaps("ldap.example.org");
  url.port = 389;
  const StageResult stage = judge_tls(tls, url, ProbeOptions{});
  CHECK(stage.status == Status::fail);
  CHECK(stage.message == "no TLS on port 389: the server did not complete a TLS handshake");
  CHECK(stage.remedy.find("use ldap://ldap.example.org:389 with start_tls = true") != std::string::npos);
  CHECK(stage.details == std::vector<std::string>{"handshake: wrong version number"});
}

TEST_CASE("an untrusted certificate fails with verification and warns without it") {
  TlsInspection tls = good_session();
  tls.chain_trusted = false;
  tls.chain_error = "unable to get local issuer certificate";
  SECTION("tls_verify = true") {
    const StageResult stage = judge_tls(tls, ldaps("ldap.example.org"), ProbeOptions{});
    CHECK(stage.status == Status::fail);
    CHECK(stage.message == "the certificate is not trusted: unable to get local issuer certificate (issuer CN=Example CA)");
    CHECK(stage.remedy == "set ca_file to the PEM file of the CA that issued the server certificate (CN=Example CA)");
  }
  SECTION("tls_verify = false") {
    ProbeOptions options;
    options.tls_verify = false;
    const StageResult stage = judge_tls(tls, ldaps("ldap.example.org"), options);
    CHECK(stage.status == Status::warn);
    CHECK(stage.message.rfind("the certificate is not trusted", 0) == 0);
    CHECK(stage.details.back().rfind("tls_verify = false:", 0) == 0);
  }
}

TEST_CASE("later problems become details, and a failure overrides a warning") {
  TlsInspection tls = good_session();
  tls.chain.front().days_left = 10;
  tls.name_matches = false;
  ProbeOptions options;
  options.tls_verify = false;
  StageResult stage = judge_tls(tls, ldaps("other.example.org"), options);
  CHECK(stage.status == Status::warn);
  CHECK(stage.message == "the certificate does not name other.example.org (it names DNS:ldap.example.org)");
  CHECK(stage.details[3] == "also: the certificate expires in 10 days (2027-11-22 16:00:00 UTC)");

  tls.trust_source_loaded = false;
  stage = judge_tls(tls, ldaps("other.example.org"), with_ca("/missing.pem"));
  CHECK(stage.status == Status::fail);
  CHECK(stage.message == "ca_file /missing.pem could not be read as PEM certificates");
  CHECK(stage.details.size() == 3);  // a failure stops the findings
}

TEST_CASE("an expired certificate fails; verification off with no problem is a warning") {
  TlsInspection tls = good_session();
  tls.chain.front().days_left = -1;
  CHECK(judge_tls(tls, ldaps("ldap.example.org"), ProbeOptions{}).message ==
        "the certificate expired on 2027-11-22 16:00:00 UTC");
  ProbeOptions options;
  options.tls_verify = false;
  const StageResult stage = judge_tls(good_session(), ldaps("ldap.example.org"), options);
  CHECK(stage.status == Status::warn);
  CHECK(stage.remedy == "set tls_verify = true and give ca_file instead");
}

TEST_CASE("plain ldap:// warns, and says the password is exposed when there is one") {
  ProbeOptions options;
  CHECK(judge_plain_channel(options).status == Status::warn);
  CHECK(judge_plain_channel(options).message == "plain ldap:// without StartTLS: user data crosses the network unencrypted");
  options.bind_dn = "cn=reader,dc=example,dc=org";
  CHECK(judge_plain_channel(options).message.find("the bind password") != std::string::npos);
}

TEST_CASE("a hung LDAPS server is a TLS handshake timeout, not plain LDAP") {
  TlsInspection tls;
  tls.tcp_connected = true;
  tls.handshake_timed_out = true;
  tls.timeout_ms = 500;
  const StageResult stage = judge_tls(tls, ldaps("ldap.example.org"), with_ca("/etc/ca.pem"));
  CHECK(stage.status == Status::fail);
  CHECK(stage.message.find("the TLS handshake timed out after 500 ms on ldap.example.org:636") == 0);
  CHECK(stage.remedy.find("plain LDAP") == std::string::npos);
  TlsInspection start_tls;
  start_tls.tcp_connected = true;
  start_tls.start_tls_attempted = true;
  start_tls.start_tls_timed_out = true;
  start_tls.timeout_ms = 500;
  CHECK(judge_tls(start_tls, ldaps("ldap.example.org"), with_ca("/etc/ca.pem")).message ==
        "the server did not answer the StartTLS request within 500 ms");
}

TEST_CASE("an expired or not yet valid certificate gets renew / clock remedies, not the unknown-CA one") {
  TlsInspection expired = good_session();
  expired.chain_trusted = false;
  expired.chain_error = "certificate has expired";
  const StageResult stage = judge_tls(expired, ldaps("ldap.example.org"), with_ca("/etc/ca.pem"));
  CHECK(stage.status == Status::fail);
  CHECK(stage.remedy.find("renew the server certificate") == 0);
  CHECK(stage.remedy.find("did not issue") == std::string::npos);
  TlsInspection early = good_session();
  early.chain_trusted = false;
  early.chain_error = "certificate is not yet valid";
  CHECK(judge_tls(early, ldaps("ldap.example.org"), with_ca("/etc/ca.pem")).remedy.find("clock") != std::string::npos);
}
