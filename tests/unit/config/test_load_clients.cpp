// src/config/load_clients: [[clients]] blocks as a user writes them, and the warnings a broad role list gets.
#include <catch2/catch.hpp>

#include "src/config/load_clients.hpp"

using namespace kcldap::config;

namespace {

bool warned(const LoadResult& result, const std::string& text) {
  for (const auto& warning : result.config.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string errors(const LoadResult& result) {
  std::string out;
  for (const auto& error : result.errors) out += error.to_string() + "\n";
  return out;
}

}  // namespace

TEST_CASE("[[clients]]: a preset's roles, a hand-written list, the secret's destinations", "[config][clients]") {
  const LoadResult result = load_config_text(R"([[clients]]
client_id = "ai-platform"
preset = "user-reader"
secret_file = "/run/ai.secret"
kubectl_secret = { name = "ai-keycloak", namespace = "ai" }

[[clients]]
client_id = "assistant"
description = "the assistant"
roles = ["manage-users", "view-realm"]
realm_roles = ["offline_access"]
rotate_secret = true
)", "k.toml");
  INFO(errors(result));
  REQUIRE(result.ok());
  REQUIRE(result.config.clients.size() == 2);
  const auto& reader = result.config.clients[0];
  CHECK(reader.preset == "user-reader");
  CHECK(reader.roles == std::vector<std::string>{"view-users"});
  CHECK(reader.secret_file == "/run/ai.secret");
  REQUIRE(reader.kubectl_secret);
  CHECK(reader.kubectl_secret->name == "ai-keycloak");
  CHECK(reader.kubectl_secret->namespace_name == "ai");
  CHECK(reader.kubectl_secret->key == "client-secret");
  CHECK_FALSE(reader.rotate_secret);
  CHECK(reader.where.line == 1);
  const auto& assistant = result.config.clients[1];
  CHECK(assistant.roles == std::vector<std::string>{"manage-users", "view-realm"});
  CHECK(assistant.realm_roles == std::vector<std::string>{"offline_access"});
  CHECK(assistant.rotate_secret);
  CHECK(result.config.warnings.empty());
}

TEST_CASE("[[clients]]: realm-admin is loaded with a warning naming the least-privilege preset", "[config][clients]") {
  const LoadResult result = load_config_text("[[clients]]\nclient_id = \"assistant\"\nroles = [\"realm-admin\", \"view-users\"]\n", "k.toml");
  REQUIRE(result.ok());
  CHECK(warned(result, "k.toml:1:1: [[clients]] \"assistant\" grants realm-admin"));
  CHECK(warned(result, "preset = \"user-manager\""));
  CHECK(warned(result, "lists view-users, which realm-admin already contains"));
}

TEST_CASE("[[clients]]: each mistake is named with its line, key and what to do", "[config][clients]") {
  const auto first_error = [](const std::string& text) {
    const LoadResult result = load_config_text(text, "k.toml");
    return result.errors.empty() ? std::string() : result.errors.front().to_string();
  };
  CHECK(first_error("[[clients]]\npreset = \"user-reader\"\n") == "k.toml:1:1: [[clients]]: every client needs client_id = \"...\" (the client's id in Keycloak)");
  CHECK(first_error("[[clients]]\nclient_id = \"a b\"\npreset = \"user-reader\"\n").find("k.toml:2:13") == 0);
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\n[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\n")
            .find("two [[clients]] blocks share this client_id") != std::string::npos);
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\nroles = [\"view-users\"]\n").find("either preset or roles") != std::string::npos);
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\nsecret_fil = \"/x\"\n") ==
        "k.toml:4:1: [[clients]] \"a\" secret_fil: unknown key; did you mean 'secret_file'?");
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\nroles = [\"view-user\"]\n").find("did you mean \"view-users\"?") != std::string::npos);
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\nrotate_secret = \"yes\"\n").find("expected true or false") != std::string::npos);
  CHECK(first_error("[[clients]]\nclient_id = \"a\"\npreset = \"user-reader\"\nsecret_file = \"/x\"\nkubectl_secret = { name = \"Bad_Name\" }\n")
            .find("is not a valid Kubernetes name") != std::string::npos);
  CHECK(first_error("[clients]\nclient_id = \"a\"\n").find("[[clients]] blocks") != std::string::npos);
  CHECK(first_error("[[client]]\nclient_id = \"a\"\n").find("did you mean [clients] (written [[clients]])?") != std::string::npos);
}
