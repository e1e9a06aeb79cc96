// Reading a whole file into a string (config, secrets, backups): nullopt when it cannot be opened.
#pragma once
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace kcldap {

inline std::optional<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace kcldap
