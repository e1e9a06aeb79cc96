#include "src/report/text_style.hpp"

namespace kcldap::report {

std::string status_badge(kcldap::Status status, const TextStyle& style) {
  const char* text = "SKIP";
  const char* color = "\033[2m";
  switch (status) {
    case kcldap::Status::pass: text = "PASS"; color = "\033[32m"; break;
    case kcldap::Status::warn: text = "WARN"; color = "\033[33m"; break;
    case kcldap::Status::fail: text = "FAIL"; color = "\033[31;1m"; break;
    case kcldap::Status::skip: break;
  }
  return style.color ? std::string(color) + text + "\033[0m" : std::string(text);
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

}  // namespace kcldap::report
