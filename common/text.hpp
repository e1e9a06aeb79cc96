// Small text helpers every module shares: ASCII case folding (LDAP names and DNs compare
// case-insensitively), joining lists for messages, whole percentages for reports, and clipping text a
// server sent before it reaches a message.
#pragma once
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcldap {

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

inline bool contains_nocase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

inline std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Rounded, 0 when whole is 0.
inline int percent(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0 : static_cast<int>((part * 100 + whole / 2) / whole);
}

// Text a peer sent, fit for a message: at most `limit` bytes (cut on a UTF-8 boundary, with the full size
// named), control characters shown as '?', so a hostile server can neither flood nor steer the terminal.
inline std::string clip(std::string_view text, std::size_t limit = 200) {
  std::size_t cut = text.size() <= limit ? text.size() : limit;
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  std::string out(text.substr(0, cut));
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) c = (c == '\n' || c == '\t') ? ' ' : '?';
  }
  if (cut < text.size()) out += "... (" + std::to_string(text.size()) + " bytes in all)";
  return out;
}

}  // namespace kcldap
