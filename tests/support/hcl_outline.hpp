// Test support: the outline of the HCL `kcldap export --format terraform` writes — each resource's type,
// label and arguments ("cache.policy" for an argument of a nested block; a map argument such as a custom
// mapper's config is one argument) with the value as written. Only the layout the exporter writes (one
// argument per line, blocks opened with "name {" and closed with "}"); comments are skipped.
#pragma once
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace kcldap::test {

struct HclResource {
  std::string type;
  std::string label;
  std::map<std::string, std::string> arguments;  // name -> value text
};

inline std::string hcl_trim(const std::string& text) {
  const auto begin = text.find_first_not_of(' ');
  return begin == std::string::npos ? "" : text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

inline std::vector<HclResource> hcl_resources(const std::string& text) {
  std::vector<HclResource> out;
  std::istringstream lines(text);
  std::string line;
  std::string block;     // the nested block we are in, "" at the resource's level
  bool in_map = false;   // inside "name = {" ... "}"
  bool in_resource = false;
  while (std::getline(lines, line)) {
    const std::string t = hcl_trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (!in_resource) {
      if (t.rfind("resource \"", 0) == 0) {
        std::istringstream words(t);
        std::string keyword, type, label;
        words >> keyword >> type >> label;
        out.push_back({type.substr(1, type.size() - 2), label.substr(1, label.size() - 2), {}});
        in_resource = true;
      }
      continue;
    }
    if (t == "}") {
      if (in_map) in_map = false;
      else if (!block.empty()) block.clear();
      else in_resource = false;
      continue;
    }
    if (in_map) continue;
    if (t.size() > 2 && t.substr(t.size() - 2) == " {" && t.find('=') == std::string::npos) {
      block = t.substr(0, t.size() - 2);
      continue;
    }
    const auto equals = t.find(" = ");
    if (equals == std::string::npos) continue;
    const std::string name = hcl_trim(t.substr(0, equals));
    const std::string value = hcl_trim(t.substr(equals + 3));
    out.back().arguments[block.empty() ? name : block + "." + name] = value;
    if (value == "{") in_map = true;
  }
  return out;
}

}  // namespace kcldap::test
