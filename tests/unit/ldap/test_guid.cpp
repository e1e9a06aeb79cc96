#include <catch2/catch.hpp>

#include "ldap/guid.hpp"

using namespace kcldap::ldap;

TEST_CASE("objectGUID bytes read as Windows (and Keycloak) write the GUID", "[guid]") {
  // alovelace in the Samba fixture: ldapsearch gives Xkpg5/N/s0q9qqa7Cb7Aww==, samba-tool user show gives
  // objectGUID: e7604a5e-7ff3-4ab3-bdaa-a6bb09bec0c3.
  const std::string bytes("\x5e\x4a\x60\xe7\xf3\x7f\xb3\x4a\xbd\xaa\xa6\xbb\x09\xbe\xc0\xc3", 16);
  CHECK(object_guid_text(bytes) == "e7604a5e-7ff3-4ab3-bdaa-a6bb09bec0c3");
  CHECK(directory_id_text("objectGUID", bytes) == "e7604a5e-7ff3-4ab3-bdaa-a6bb09bec0c3");
  CHECK(directory_id_text("OBJECTGUID", bytes) == "e7604a5e-7ff3-4ab3-bdaa-a6bb09bec0c3");
}

TEST_CASE("other id attributes, and objectGUIDs of the wrong size, stay as the server returned them", "[guid]") {
  CHECK(directory_id_text("nsUniqueId", "e8d3729a-e6b011f1-96c0f37d-617fed82") == "e8d3729a-e6b011f1-96c0f37d-617fed82");
  CHECK(directory_id_text("entryUUID", "0b1d-77") == "0b1d-77");
  CHECK(object_guid_text("short") == "short");
}
