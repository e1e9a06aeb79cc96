// src/cli/output_mask: a value that came from a ${env:} reference in a non-secret key is shown as the
// reference, in text and JSON, as a whole token only.
#include <catch2/catch.hpp>

#include "src/cli/output_mask.hpp"

using kcldap::cli::mask_references;

TEST_CASE("resolved reference values are shown as their reference", "[cli][secret]") {
  const std::vector<std::pair<std::string, std::string>> refs = {{"cn=svc,dc=example,dc=org", "${env:BIND_DN}"},
                                                                 {"s3cr\"et", "${env:REALM}"}};
  CHECK(mask_references("bound as cn=svc,dc=example,dc=org.", refs) == "bound as ${env:BIND_DN}.");
  CHECK(mask_references("{\"realm\": \"s3cr\\\"et\"}", refs) == "{\"realm\": \"${env:REALM}\"}");
  CHECK(mask_references("realms/s3cr\"et/users", refs) == "realms/${env:REALM}/users");
  const std::vector<std::pair<std::string, std::string>> short_value = {{"demo", "${env:REALM}"}};
  CHECK(mask_references("realm demo; demonstration", short_value) == "realm ${env:REALM}; demonstration");
}
