// libFuzzer target: the kcldap.toml loader (TOML parse, key table, value checks, references) and the
// Keycloak-text conversions of every value it accepts. It must never crash, hang or grow without bound.
#include <cstddef>
#include <cstdint>
#include <string>

#include "src/config/config.hpp"
#include "src/config/schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const kcldap::config::LoadResult loaded = kcldap::config::load_config_text(text, "fuzz.toml");
  for (const auto& error : loaded.errors) (void)error.to_string();
  if (!loaded.ok()) return 0;
  for (const auto& key : kcldap::config::config_schema()) {
    const auto value = key.read(loaded.config);
    if (!value) continue;
    (void)kcldap::config::toml_text(*value);
    if (!key.keycloak.name.empty()) (void)kcldap::config::from_keycloak_text(key, kcldap::config::to_keycloak_text(key, *value));
  }
  return 0;
}
