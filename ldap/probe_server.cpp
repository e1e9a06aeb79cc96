// The probe stages that read the server: its root DSE and, from it, the vendor (and whether it is
// Active Directory, which the other stages ask).
#include <algorithm>
#include <map>
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/probe_run.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap::detail {

std::vector<std::string> ProbeRun::default_object_classes() const {
  if (!options_.user_object_classes.empty()) return options_.user_object_classes;
  if (active_directory()) return {"person", "organizationalPerson", "user"};
  return {"inetOrgPerson", "organizationalPerson"};
}

bool ProbeRun::active_directory() const {
  if (options_.vendor != "auto") return options_.vendor == "ad";
  return server_is_active_directory();
}

bool ProbeRun::server_is_active_directory() const { return report_.server && report_.server->vendor.active_directory; }

void ProbeRun::read_root_dse() {
  StageResult stage{"ldap.root-dse", "Root DSE", Status::pass, "", {}, ""};
  SearchRequest request;
  request.base = "";
  request.scope = Scope::base;
  request.page_size = 0;
  // Active Directory and Samba return nothing for "+", so the operational attributes are also named.
  request.attributes = {"*", "+", "namingContexts", "defaultNamingContext", "rootDomainNamingContext",
                        "dsServiceName", "supportedCapabilities", "supportedControl", "supportedExtension",
                        "supportedLDAPVersion", "vendorName", "vendorVersion", "domainControllerFunctionality",
                        "dnsHostName", "objectClass", "structuralObjectClass"};
  bool found = false;
  auto searched = connection_->search(request, [&](const Entry& entry) {
    root_dse_ = entry;
    found = true;
    return true;
  });
  ServerInfo& server = *report_.server;
  if (!searched || !found) {
    stage.status = Status::warn;
    stage.message = "the root DSE could not be read" +
                    (searched ? std::string(" (no entry returned)") : ": " + result_code_name(searched.error().code));
    stage.remedy = "allow the bind identity to read the root DSE (base \"\", scope base); vendor and naming contexts stay unknown";
    finish(std::move(stage));
    return;
  }
  server.naming_contexts = values_of(root_dse_, "namingContexts");
  const auto default_context = values_of(root_dse_, "defaultNamingContext");
  server.default_naming_context = default_context.empty() ? "" : default_context.front();
  const auto vendor_name = values_of(root_dse_, "vendorName");
  const auto vendor_version = values_of(root_dse_, "vendorVersion");
  server.vendor_name = vendor_name.empty() ? "" : vendor_name.front();
  server.vendor_version = vendor_version.empty() ? "" : vendor_version.front();
  server.supported_controls = values_of(root_dse_, "supportedControl");
  server.supported_extensions = values_of(root_dse_, "supportedExtension");
  server.supported_ldap_versions = values_of(root_dse_, "supportedLDAPVersion");
  server.paged_results = has_value(root_dse_, "supportedControl", kPagedResultsOid);
  server.password_modify = has_value(root_dse_, "supportedExtension", kPasswordModifyOid);
  server.start_tls_extension = has_value(root_dse_, "supportedExtension", kStartTlsOid);
  server.matching_rule_in_chain = root_dse_.has("supportedCapabilities");  // AD family supports it
  server.vendor = detect_vendor(root_dse_);

  stage.message = "naming contexts: " + (server.naming_contexts.empty() ? "none listed" : join(server.naming_contexts)) +
                  "; paged results " + (server.paged_results ? "supported" : "NOT supported") +
                  "; password modify " + (server.password_modify ? "supported" : "not supported");
  stage.details.push_back(std::to_string(server.supported_controls.size()) + " controls, " +
                          std::to_string(server.supported_extensions.size()) + " extensions announced");
  if (server.vendor.active_directory) {
    stage.details.push_back("Active Directory and Samba return nothing for the '+' attribute list; kcldap asks for each root DSE attribute by name");
  }
  if (!server.paged_results) {
    stage.status = Status::warn;
    stage.remedy = "the server does not announce paged results (" + std::string(kPagedResultsOid) +
                   "): set pagination = false in [federation]; counts above the server's size limit will be incomplete";
  }
  finish(std::move(stage));
}

void ProbeRun::detect_vendor_stage() {
  StageResult stage{"ldap.vendor", "Vendor", Status::pass, "", {}, ""};
  const VendorGuess& guess = report_.server->vendor;
  stage.details = guess.evidence;
  stage.message = guess.product + (guess.version.empty() ? "" : " " + guess.version) + " -> Keycloak vendor \"" +
                  guess.keycloak_vendor + "\"";
  if (options_.vendor != "auto" && options_.vendor != guess.keycloak_vendor) {
    stage.status = Status::warn;
    stage.message = "vendor is set to \"" + options_.vendor + "\" but the server looks like " + guess.product +
                    " (Keycloak vendor \"" + guess.keycloak_vendor + "\")";
    stage.remedy = "set vendor = \"auto\" or \"" + guess.keycloak_vendor +
                   "\"; the vendor decides Keycloak's UUID attribute and its Active Directory handling";
  }
  report_.active_directory = active_directory();
  finish(std::move(stage));
}

}  // namespace kcldap::ldap::detail
