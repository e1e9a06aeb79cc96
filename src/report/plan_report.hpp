// The plan report (kcldap plan; also inside kcldap.apply/v1): a plan for people (a diff with reasons,
// the secret's fate, a one-line summary) and for programs (JSON, schema kcldap.plan/v1). Never prints the
// bind credential.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "src/pipeline/planning.hpp"

namespace kcldap::report {

std::string render_plan_text(const pipeline::Planned& planned, const std::string& realm, bool color);
nlohmann::json plan_to_json(const pipeline::Planned& planned, const std::string& realm);
std::string plan_summary(const keycloak::Plan& plan);

}  // namespace kcldap::report
