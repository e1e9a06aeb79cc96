// "Did you mean": the nearest known name to a misspelt one (edit distance, ignoring case and -/_).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace kcldap::config {

std::optional<std::string> nearest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace kcldap::config
