// Directory unique ids as Keycloak shows them (its LDAP_ID user attribute): AD's binary objectGUID in
// Microsoft's GUID text form, every other id attribute as the text the server returns.
#pragma once
#include <string>
#include <string_view>

namespace kcldap::ldap {

// 16 bytes -> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (first three groups little-endian, as Windows
// prints it); anything that is not 16 bytes is returned unchanged.
std::string object_guid_text(std::string_view bytes);

// The value of the provider's uuidLDAPAttribute as Keycloak stores it in LDAP_ID.
std::string directory_id_text(std::string_view uuid_attribute, std::string_view value);

}  // namespace kcldap::ldap
