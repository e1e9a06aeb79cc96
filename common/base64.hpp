// Base64 in both alphabets (standard "+/" and URL-safe "-_"), as header-only helpers: JWT segments are
// unpadded base64url, HTTP Basic credentials standard base64.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kcldap {

// Encodes without padding, in the URL-safe alphabet (JWT style).
inline std::string encode_base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : bytes) {
    value = ((value << 8) | static_cast<unsigned char>(c)) & 0xFFFFu;  // only the unwritten bits matter
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(value >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(value << (6 - bits)) & 0x3F]);
  return out;
}

// Decodes either alphabet, with or without "=" padding; nullopt on any other character.
inline std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    unsigned digit = 0;
    if (c >= 'A' && c <= 'Z') digit = static_cast<unsigned>(c - 'A');
    else if (c >= 'a' && c <= 'z') digit = static_cast<unsigned>(c - 'a' + 26);
    else if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0' + 52);
    else if (c == '+' || c == '-') digit = 62;
    else if (c == '/' || c == '_') digit = 63;
    else if (c == '=') break;
    else return std::nullopt;
    value = ((value << 6) | digit) & 0xFFFFu;  // only the unread bits matter
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace kcldap
