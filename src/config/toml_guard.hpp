// What kcldap refuses before handing text to the TOML parser: keys dotted so deeply that parsing them
// would recurse without bound (toml++ overflows the stack at tens of thousands of parts), and names
// too long to show in a message.
#pragma once
#include <optional>
#include <string>

namespace kcldap::config {

// kcldap's keys have two parts (section.key); this leaves room for any TOML a person writes.
inline constexpr int kMaxDottedKeyParts = 16;
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

struct GuardProblem {
  int line = 0;
  int column = 0;
  std::string message;
};

// The first key with more than kMaxDottedKeyParts parts, outside strings and comments; nullopt if none.
std::optional<GuardProblem> overly_dotted_key(const std::string& text);

// A name as messages show it: cut to 64 characters, with its full length said.
std::string shown_name(const std::string& name);

}  // namespace kcldap::config
