#include "ldap/escape.hpp"

#include <array>

namespace kcldap::ldap {
namespace {

void append_hex(std::string& out, unsigned char byte) {
  static constexpr std::array<char, 16> digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                               '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  out.push_back('\\');
  out.push_back(digits[byte >> 4U]);
  out.push_back(digits[byte & 0x0FU]);
}

}  // namespace

std::string escape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    const bool special = c == '*' || c == '(' || c == ')' || c == '\\' || byte == 0;
    // UTF-8 multibyte sequences pass unchanged: RFC 4515 allows them, and servers compare them as text.
    if (special || (byte < 0x20) || byte == 0x7F) {
      append_hex(out, byte);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_dn_value(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 4);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const auto byte = static_cast<unsigned char>(c);
    const bool leading = i == 0 && (c == '#' || c == ' ');
    const bool trailing = i + 1 == value.size() && c == ' ';
    const bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' ||
                         c == ';' || c == '=';
    if (byte == 0) {
      append_hex(out, byte);
    } else if (leading || trailing || special) {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace kcldap::ldap
