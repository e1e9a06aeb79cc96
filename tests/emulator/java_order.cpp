#include "emulator/java_order.hpp"

#include <algorithm>
#include <cstdint>

namespace kcldap::emulator {

int java_string_hash(const std::string& utf8) {
  // String.hashCode over UTF-16 code units: s[0]*31^(n-1) + ... ; config keys are ASCII in practice,
  // non-ASCII is decoded to code points (BMP) for completeness.
  std::uint32_t hash = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    std::uint32_t unit = byte;
    std::size_t length = 1;
    if (byte >= 0xE0 && i + 2 < utf8.size()) {
      unit = ((byte & 0x0FU) << 12U) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3FU) << 6U) |
             (static_cast<unsigned char>(utf8[i + 2]) & 0x3FU);
      length = 3;
    } else if (byte >= 0xC0 && i + 1 < utf8.size()) {
      unit = ((byte & 0x1FU) << 6U) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3FU);
      length = 2;
    }
    hash = hash * 31U + unit;
    i += length;
  }
  return static_cast<int>(hash);
}

std::vector<std::string> java_hashmap_order(const std::vector<std::string>& insertion_order) {
  // Default capacity 16, doubled while size exceeds 0.75 * capacity; a resize keeps the relative order
  // within a bucket, so the final order is (bucket index, insertion order).
  std::size_t capacity = 16;
  while (insertion_order.size() > capacity * 3 / 4) capacity *= 2;
  struct Slot {
    std::size_t bucket;
    std::size_t inserted;
    const std::string* key;
  };
  std::vector<Slot> slots;
  for (std::size_t i = 0; i < insertion_order.size(); ++i) {
    const auto h = static_cast<std::uint32_t>(java_string_hash(insertion_order[i]));
    const std::uint32_t spread = h ^ (h >> 16U);
    slots.push_back({spread & (capacity - 1), i, &insertion_order[i]});
  }
  std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.bucket < b.bucket; });
  std::vector<std::string> out;
  for (const auto& slot : slots) out.push_back(*slot.key);
  return out;
}

}  // namespace kcldap::emulator
