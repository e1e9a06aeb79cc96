// The outcome of one probe stage or check, shared by the probe, the checks and every report.
#pragma once
#include <string>

namespace kcldap {

enum class Status { pass, warn, fail, skip };

inline std::string to_string(Status status) {
  switch (status) {
    case Status::pass: return "pass";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
  }
  return "skip";
}

}  // namespace kcldap
