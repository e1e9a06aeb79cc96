#include "ldap/guid.hpp"

#include "common/text.hpp"

namespace kcldap::ldap {

std::string object_guid_text(std::string_view bytes) {
  if (bytes.size() != 16) return std::string(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  // Data1 (4 bytes), Data2 and Data3 (2 bytes each) are little-endian; Data4 is 8 bytes in order.
  static constexpr int kOrder[] = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
  std::string text;
  text.reserve(36);
  for (const int index : kOrder) {
    if (index < 0) {
      text += '-';
      continue;
    }
    const auto byte = static_cast<unsigned char>(bytes[static_cast<std::size_t>(index)]);
    text += kHex[byte >> 4];
    text += kHex[byte & 0x0f];
  }
  return text;
}

std::string directory_id_text(std::string_view uuid_attribute, std::string_view value) {
  if (iequals(uuid_attribute, "objectGUID")) return object_guid_text(value);
  return std::string(value);
}

}  // namespace kcldap::ldap
