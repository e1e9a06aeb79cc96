#include <charconv>
#include "ldap/vendor.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace kcldap::ldap {
namespace {

constexpr const char* kAdCapability = "1.2.840.113556.1.4.800";
constexpr const char* kAdLdsCapability = "1.2.840.113556.1.4.1851";

std::string first_value(const Entry& entry, std::string_view attribute) {
  const auto* values = entry.values(attribute);
  return values != nullptr && !values->empty() ? values->front() : std::string();
}

std::string ad_functional_level(const std::string& level) {
  if (level == "0") return "Windows 2000";
  if (level == "1") return "Windows Server 2003 interim";
  if (level == "2") return "Windows Server 2003";
  if (level == "3") return "Windows Server 2008";
  if (level == "4") return "Windows Server 2008 R2";
  if (level == "5") return "Windows Server 2012";
  if (level == "6") return "Windows Server 2012 R2";
  if (level == "7") return "Windows Server 2016";
  if (level == "10") return "Windows Server 2025";
  return level.empty() ? "" : "level " + level;
}

}  // namespace

bool has_value(const Entry& entry, std::string_view attribute, std::string_view value) {
  if (const auto* values = entry.values(attribute)) {
    for (const auto& candidate : *values) {
      if (iequals(candidate, value)) return true;
    }
  }
  return false;
}

namespace {

// Active Directory, AD LDS or Samba AD, recognised by their capabilities or root DSE attributes.
std::optional<VendorGuess> detect_active_directory(const Entry& root_dse) {
  const bool ad_capability = has_value(root_dse, "supportedCapabilities", kAdCapability);
  const bool ad_lds_capability = has_value(root_dse, "supportedCapabilities", kAdLdsCapability);
  const bool ad_attributes = root_dse.has("defaultNamingContext") && root_dse.has("dsServiceName");
  if (!ad_capability && !ad_lds_capability && !ad_attributes) return std::nullopt;
  VendorGuess guess;
  const auto say = [&](std::string fact) { guess.evidence.push_back(std::move(fact)); };
  const std::string vendor_name = first_value(root_dse, "vendorName");
  guess.keycloak_vendor = "ad";
  guess.active_directory = true;
  if (ad_capability) say(std::string("supportedCapabilities has ") + kAdCapability + " (Active Directory)");
  if (ad_lds_capability) say(std::string("supportedCapabilities has ") + kAdLdsCapability + " (AD LDS)");
  if (ad_attributes) say("root DSE has defaultNamingContext and dsServiceName");
  if (contains_nocase(vendor_name, "samba")) {
    guess.product = "Samba AD";
    guess.version = first_value(root_dse, "vendorVersion");
    say("vendorName is \"" + vendor_name + "\"");
  } else if (ad_lds_capability && !ad_capability) {
    guess.product = "Active Directory Lightweight Directory Services";
  } else {
    guess.product = "Active Directory";
    const std::string level = ad_functional_level(first_value(root_dse, "domainControllerFunctionality"));
    if (!level.empty()) guess.version = "domain controller functional level " + level;
  }
  return guess;
}

// Products known by their vendorName alone, in the order they are tried.
struct NamedProduct {
  std::vector<const char*> vendor_names;  // any of them, case-insensitively, within vendorName
  const char* keycloak_vendor;            // "": left at "other"
  const char* product;
};

const std::vector<NamedProduct>& named_products() {
  static const std::vector<NamedProduct> products = {
      {{"International Business Machines", "IBM"}, "tivoli", "IBM Security Directory Server (Tivoli)"},
      {{"Novell", "NetIQ", "Micro Focus"}, "edirectory", "NetIQ eDirectory"},
      {{"Apache Software Foundation"}, "", "Apache Directory Server"},
      {{"ForgeRock", "Ping Identity"}, "", "ForgeRock/Ping Directory Server (OpenDJ)"},
      {{"Oracle", "Sun Microsystems"}, "", "Oracle Directory Server"}};
  return products;
}

// 389 Directory Server and its Red Hat editions, by vendorName or vendorVersion.
bool detect_389ds(const Entry& root_dse, const std::string& vendor_name, const std::string& vendor_version,
                  VendorGuess& guess) {
  const bool ipa = has_value(root_dse, "namingContexts", "o=ipaca");
  if (contains_nocase(vendor_name, "389 Project") || contains_nocase(vendor_version, "389-Directory")) {
    guess.keycloak_vendor = "rhds";
    if (ipa) guess.evidence.push_back("namingContexts has o=ipaca (the FreeIPA certificate authority)");
    guess.product = ipa ? "FreeIPA (389 Directory Server)" : "389 Directory Server";
    return true;
  }
  if (contains_nocase(vendor_name, "Red Hat") || contains_nocase(vendor_version, "Red Hat-Directory")) {
    guess.keycloak_vendor = "rhds";
    guess.product = ipa ? "Red Hat Identity Management (RHDS)" : "Red Hat Directory Server";
    return true;
  }
  return false;
}

bool detect_named_product(const std::string& vendor_name, VendorGuess& guess) {
  for (const auto& known : named_products()) {
    if (std::none_of(known.vendor_names.begin(), known.vendor_names.end(),
                     [&](const char* name) { return contains_nocase(vendor_name, name); })) {
      continue;
    }
    if (*known.keycloak_vendor != '\0') guess.keycloak_vendor = known.keycloak_vendor;
    guess.product = known.product;
    return true;
  }
  return false;
}

}  // namespace

VendorGuess detect_vendor(const Entry& root_dse) {
  if (auto active_directory = detect_active_directory(root_dse)) return *active_directory;
  VendorGuess guess;
  const std::string vendor_name = first_value(root_dse, "vendorName");
  const std::string vendor_version = first_value(root_dse, "vendorVersion");
  if (!vendor_name.empty()) guess.evidence.push_back("vendorName is \"" + vendor_name + "\"");
  if (!vendor_version.empty()) guess.evidence.push_back("vendorVersion is \"" + vendor_version + "\"");
  guess.version = vendor_version;
  if (detect_389ds(root_dse, vendor_name, vendor_version, guess) || detect_named_product(vendor_name, guess)) return guess;
  if (has_value(root_dse, "objectClass", "OpenLDAProotDSE") ||
      has_value(root_dse, "structuralObjectClass", "OpenLDAProotDSE")) {
    guess.evidence.push_back("root DSE object class is OpenLDAProotDSE");
    guess.product = contains_nocase(vendor_name, "Symas") ? "OpenLDAP (Symas)" : "OpenLDAP";
    return guess;
  }
  guess.evidence.push_back("no known product marker in the root DSE");
  return guess;
}

std::optional<bool> ad_account_disabled(std::string_view user_account_control) {
  unsigned long flags = 0;
  const char* end = user_account_control.data() + user_account_control.size();
  const auto [stop, error] = std::from_chars(user_account_control.data(), end, flags);
  if (user_account_control.empty() || error != std::errc() || stop != end) return std::nullopt;
  return (flags & 0x2UL) != 0;
}

}  // namespace kcldap::ldap
