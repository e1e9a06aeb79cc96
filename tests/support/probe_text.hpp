// Test support: a probe report as one text (each stage's message, remedy and details), for searching.
#pragma once
#include <string>

#include "ldap/probe.hpp"

namespace kcldap::test {

inline std::string everything(const ldap::ProbeReport& report) {
  std::string text;
  for (const auto& stage : report.stages) {
    text += stage.message + "\n" + stage.remedy + "\n";
    for (const auto& detail : stage.details) text += detail + "\n";
  }
  return text;
}

}  // namespace kcldap::test
