// The emulator's model of java.util.HashMap key order (the PUT unknown-key trap depends on it).
#include <catch2/catch.hpp>

#include "emulator/java_order.hpp"

using namespace kcldap::emulator;

TEST_CASE("Java String.hashCode is reproduced", "[emulator][java]") {
  CHECK(java_string_hash("hello") == 99162322);
  CHECK(java_string_hash("Aa") == java_string_hash("BB"));  // the classic collision
  CHECK(java_string_hash("") == 0);
  CHECK(java_string_hash("editMode") == 1601832653);
}

TEST_CASE("HashMap iteration is by bucket, then insertion order", "[emulator][java]") {
  // "Aa" and "BB" share a bucket: insertion order decides between them.
  CHECK(java_hashmap_order({"BB", "Aa"}) == std::vector<std::string>{"BB", "Aa"});
  CHECK(java_hashmap_order({"Aa", "BB"}) == std::vector<std::string>{"Aa", "BB"});
  // Single-character keys land in buckets by their code: 'c' (99) -> 3, 'a' (97) -> 1, 'b' -> 2.
  CHECK(java_hashmap_order({"c", "a", "b"}) == std::vector<std::string>{"a", "b", "c"});
}
