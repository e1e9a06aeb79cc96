// The probe against wrong or hostile directory peers: a server that accepts TCP and then says nothing
// (over LDAPS and at StartTLS) is a timeout named with its length, not "plain LDAP"; an attribute value
// over the size limit is cut, counted and named in a finding, never kept or printed whole.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "ldap/connection.hpp"
#include "ldap/probe.hpp"
#include "support/fixture_env.hpp"
#include "support/probe_text.hpp"

using namespace kcldap::ldap;
using kcldap::Status;
using kcldap::test::everything;
using kcldap::test::required_env;
using kcldap::test::slapd;

namespace {

// A listener whose kernel completes the TCP handshake and which never reads nor writes: a hung server.
struct SilentListener {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentListener() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
};

int run_admin(const std::string& tool, const std::string& ldif) {
  const std::string file = required_env("KCLDAP_TEST_TMP") + "/peers-" + std::to_string(::getpid()) + ".ldif";
  std::ofstream(file) << ldif;
  const std::string command = tool + " -x -H '" + slapd().at("KCLDAP_SLAPD_URL") + "' -D '" + slapd().at("KCLDAP_SLAPD_ADMIN_DN") +
                              "' -w '" + slapd().at("KCLDAP_SLAPD_ADMIN_PASSWORD") + "' -c -f '" + file + "' >/dev/null 2>&1";
  return std::system(command.c_str());
}

}  // namespace

TEST_CASE("a hung LDAPS server is a TLS handshake timeout, not plain LDAP", "[probe][peers]") {
  SilentListener hung;
  for (const bool start_tls : {false, true}) {
    ProbeOptions options;
    options.urls = {*parse_ldap_url((start_tls ? "ldap://127.0.0.1:" : "ldaps://127.0.0.1:") + std::to_string(hung.port))};
    options.start_tls = start_tls;
    options.connect_timeout_ms = 500;
    const auto started = std::chrono::steady_clock::now();
    const ProbeReport report = run_probe(options);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    const auto* tls = report.stage("ldap.tls");
    REQUIRE(tls != nullptr);
    CHECK(tls->status == Status::fail);
    CHECK(tls->message.find(start_tls ? "did not answer the StartTLS request within 500 ms" : "the TLS handshake timed out after 500 ms") !=
          std::string::npos);
    CHECK(everything(report).find("plain LDAP") == std::string::npos);
  }
}

TEST_CASE("an attribute value over the limit is cut, counted and named, not kept whole", "[probe][peers]") {
  const std::string base = slapd().at("KCLDAP_SLAPD_BASE_DN");
  const std::string ou = "ou=huge-values-" + std::to_string(::getpid()) + "," + base;
  const std::string huge(1U << 20U, 'x');  // 1 MiB (slapd takes up to 4 MiB per request)
  REQUIRE(run_admin("ldapadd", "dn: " + ou + "\nobjectClass: organizationalUnit\nou: huge-values-" + std::to_string(::getpid()) +
                                   "\n\ndn: cn=big," + ou + "\nobjectClass: device\ncn: big\ndescription: " + huge + "\n") == 0);
  ProbeOptions options;
  options.urls = {*parse_ldap_url(slapd().at("KCLDAP_SLAPD_LDAPS_URL"))};
  options.ca_file = slapd().at("KCLDAP_SLAPD_CA_FILE");
  options.bind_dn = slapd().at("KCLDAP_SLAPD_BIND_DN");
  options.bind_password = slapd().at("KCLDAP_SLAPD_BIND_PASSWORD");
  options.users_dn = ou;
  options.user_object_classes = {"device"};
  options.attributes.first_name = "description";
  const ProbeReport report = run_probe(options);
  run_admin("ldapdelete", "cn=big," + ou + "\n" + ou + "\n");
  const std::string text = everything(report);
  INFO(text.substr(0, 4000));
  const auto* attributes = report.stage("ldap.attributes");
  REQUIRE(attributes != nullptr);
  CHECK(attributes->status == Status::warn);
  CHECK(text.find("1 attribute value(s) longer than 65536 bytes were cut to that size") != std::string::npos);
  CHECK(text.find("description of cn=big," + ou + ": 1048576 bytes") != std::string::npos);
  CHECK(text.size() < 200000);  // the report does not carry the value whole
  CHECK(kDefaultMaxValueBytes == 65536);
}
