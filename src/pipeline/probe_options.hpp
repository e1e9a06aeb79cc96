// Joins the config model to the LDAP module: turns [ldap] settings into ldap::ProbeOptions, resolving the
// bind password at the last moment.
#pragma once
#include <string>

#include "common/expected.hpp"
#include "ldap/probe.hpp"
#include "src/config/config.hpp"

namespace kcldap::pipeline {

// Fails with a sentence naming the flag or key to fix (no URL, an unset password variable, ...).
Expected<ldap::ProbeOptions, std::string> make_probe_options(const config::Config& config);

}  // namespace kcldap::pipeline
