// Terminal safety for text kcldap did not write itself (directory values, server answers): printable()
// shows C0 controls (except newline and tab), DEL, C1 controls and bytes that are not valid UTF-8 as
// \xNN, so an entry's ESC or NUL cannot move the cursor, recolour or clear the terminal. Valid printable
// UTF-8 is kept as is.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace kcldap {

namespace detail {

inline void append_hex(std::string& out, unsigned char byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0xF];
}

// Length of the valid UTF-8 sequence starting at text[i] (1..4), or 0 when it is not valid (overlong,
// surrogate, beyond U+10FFFF, truncated).
inline std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF) length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
  else if (lead >= 0xF0 && lead <= 0xF4) length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (i + length > text.size()) return 0;
  if (at(i + 1) < low || at(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return length;
}

}  // namespace detail

inline std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const bool control = (byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F;
      if (control) detail::append_hex(out, byte);
      else out += static_cast<char>(byte);
      ++i;
      continue;
    }
    const std::size_t length = detail::utf8_length(text, i);
    // C1 controls (U+0080..U+009F: C2 80..C2 9F) act like ESC sequences on some terminals.
    const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (length == 0 || c1) {
      for (std::size_t k = 0; k < (c1 ? 2 : 1); ++k) detail::append_hex(out, static_cast<unsigned char>(text[i + k]));
      i += c1 ? 2 : 1;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace kcldap
