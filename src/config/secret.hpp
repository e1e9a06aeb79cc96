// Secret values and ${env:NAME} / ${file:/path} references. A Secret cannot be printed or streamed:
// the only way to its text is reveal(), used at the edge that needs it (an LDAP bind, an HTTP form).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "src/config/config.hpp"

namespace kcldap::config {

class Secret {
 public:
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

struct Reference {
  enum class Kind { env, file } kind;
  std::string target;  // variable name or file path
};

// Recognises "${env:NAME}" and "${file:/path}". Returns nullopt for plain text; sets `error` when the
// text looks like a reference but is malformed (e.g. "${vault:x}" or "${env:}").
std::optional<Reference> parse_reference(const std::string& text, std::string* error);

// Resolves a reference (or returns the literal). A missing variable or unreadable file is an error
// naming the variable/file and the key that refers to it; the error never contains the secret.
Expected<std::string, std::string> resolve_text(const std::string& text, const std::string& key,
                                                const SourceLocation& where);
// A secret must resolve to something: an empty variable or file is an error, not an empty password.
Expected<Secret, std::string> resolve_secret(const SecretRef& ref);

// A ${file:} reference names a small file (a secret, a URL): larger ones are refused, not read.
inline constexpr std::size_t kMaxReferencedFileBytes = 64 * 1024;

}  // namespace kcldap::config

namespace kcldap::config {

// The values of every secret the config names that resolves (bind password, client secret, admin
// password, test password): for masking them in output kcldap does not write itself (hook output).
std::vector<std::string> secret_values(const Config& config);

// The environment variables the config's secrets are read from (${env:NAME}): kept out of the restart
// hook's environment.
std::vector<std::string> secret_variables(const Config& config);

}  // namespace kcldap::config
