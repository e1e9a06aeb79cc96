#include "common/file.hpp"
#include "src/config/secret.hpp"

#include <cstdlib>

namespace kcldap::config {

bool SecretRef::is_reference() const {
  std::string ignored;
  return parse_reference(text, &ignored).has_value();
}

std::optional<Reference> parse_reference(const std::string& text, std::string* error) {
  if (text.rfind("${", 0) != 0) {
    if (text.find("${env:") != std::string::npos || text.find("${file:") != std::string::npos) {
      *error = "a reference must be the whole value, e.g. \"${env:NAME}\"; it cannot be part of a longer string";
    }
    return std::nullopt;
  }
  if (text.back() != '}') {
    *error = "the reference \"" + text + "\" is missing its closing '}'";
    return std::nullopt;
  }
  const std::string inner = text.substr(2, text.size() - 3);
  const auto colon = inner.find(':');
  const std::string kind = colon == std::string::npos ? inner : inner.substr(0, colon);
  const std::string target = colon == std::string::npos ? "" : inner.substr(colon + 1);
  if (kind != "env" && kind != "file") {
    *error = "unknown reference kind \"${" + kind + ":...}\"; use ${env:NAME} or ${file:/path}";
    return std::nullopt;
  }
  if (target.empty()) {
    *error = kind == "env" ? "${env:} names no variable; write ${env:NAME}" : "${file:} names no file; write ${file:/path}";
    return std::nullopt;
  }
  return Reference{kind == "env" ? Reference::Kind::env : Reference::Kind::file, target};
}

Expected<std::string, std::string> resolve_text(const std::string& text, const std::string& key,
                                                const SourceLocation& where) {
  std::string error;
  auto reference = parse_reference(text, &error);
  const std::string origin = where.to_string() + ": " + key;
  if (!error.empty()) return unexpected(origin + ": " + error);
  if (!reference) return text;
  if (reference->kind == Reference::Kind::env) {
    const char* value = std::getenv(reference->target.c_str());
    if (value == nullptr) {
      return unexpected(origin + " refers to the environment variable " + reference->target +
                        ", which is not set; export it (export " + reference->target + "=...) or change the reference");
    }
    return std::string(value);
  }
  auto read = read_regular_file(reference->target, kMaxReferencedFileBytes);
  if (!read) {
    return unexpected(origin + " refers to the file " + reference->target + ", which cannot be read: it " + read.error() +
                      "; check the path and its permissions");
  }
  std::string value = std::move(*read);
  // Secret files usually end with one newline that is not part of the secret.
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  return value;
}

Expected<Secret, std::string> resolve_secret(const SecretRef& ref) {
  auto resolved = resolve_text(ref.text, ref.key, ref.where);
  if (!resolved) return unexpected(resolved.error());
  if (resolved->empty()) {
    std::string ignored;
    const auto reference = parse_reference(ref.text, &ignored);
    const std::string source = !reference ? "it is written as an empty string"
                               : reference->kind == Reference::Kind::env ? "the environment variable " + reference->target + " is empty"
                                                                         : "the file " + reference->target + " is empty";
    return unexpected(ref.where.to_string() + ": " + ref.key + ": " + source + "; a secret cannot be empty");
  }
  return Secret(std::move(*resolved));
}

}  // namespace kcldap::config

namespace kcldap::config {

std::vector<std::string> secret_values(const Config& config) {
  std::vector<std::string> values;
  for (const SecretRef* ref : {&config.ldap.bind_password, &config.keycloak.client_secret, &config.keycloak.password,
                               &config.checks.test_password}) {
    if (!ref->present()) continue;
    if (auto secret = resolve_secret(*ref); secret && !secret->empty()) values.push_back(secret->reveal());
  }
  return values;
}

std::vector<std::string> secret_variables(const Config& config) {
  std::vector<std::string> names;
  for (const SecretRef* ref : {&config.ldap.bind_password, &config.keycloak.client_secret, &config.keycloak.password,
                               &config.checks.test_password}) {
    std::string error;
    const auto reference = parse_reference(ref->text, &error);
    if (reference && reference->kind == Reference::Kind::env) names.push_back(reference->target);
  }
  return names;
}

}  // namespace kcldap::config
