#include "emulator/util.hpp"

#include <random>
#include <sstream>

namespace kcldap::emulator {

std::string param(const std::map<std::string, std::string>& params, const std::string& name, const std::string& fallback) {
  auto found = params.find(name);
  return found == params.end() ? fallback : found->second;
}

std::vector<std::string> split_trimmed(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string random_uuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::string id;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) id.push_back('-');
    id.push_back(kHex[random() % 16]);
  }
  id[14] = '4';
  return id;
}

}  // namespace kcldap::emulator
