#include "ldap/filter.hpp"

#include "ldap/escape.hpp"

namespace kcldap::ldap {
namespace {

class FilterChecker {
 public:
  explicit FilterChecker(std::string_view text) : text_(text) {}

  std::optional<std::string> check() {
    if (text_.empty()) return "the filter is empty";
    if (text_.front() != '(') return at(0, "a filter must start with '('");
    if (!filter()) return error_;
    if (pos_ != text_.size()) return at(pos_, "unexpected text after the closing ')'; combine filters with (&...)");
    return std::nullopt;
  }

 private:
  std::optional<std::string> at(std::size_t position, const std::string& message) {
    return message + " (at character " + std::to_string(position + 1) + ")";
  }
  bool failed(std::size_t position, const std::string& message) {
    error_ = at(position, message);
    return false;
  }

  bool filter() {
    if (pos_ >= text_.size() || text_[pos_] != '(') return failed(pos_, "expected '('");
    const std::size_t open = pos_++;
    if (pos_ >= text_.size()) return failed(open, "this '(' is never closed");
    const char op = text_[pos_];
    if (op == '&' || op == '|') {
      ++pos_;
      int count = 0;
      while (pos_ < text_.size() && text_[pos_] == '(') {
        if (!filter()) return false;
        ++count;
      }
      if (count == 0 && !(pos_ < text_.size() && text_[pos_] == ')')) {
        return failed(pos_, std::string("expected '(' to start the first filter inside '") + op + "'");
      }
    } else if (op == '!') {
      ++pos_;
      if (!filter()) return false;
    } else {
      if (!item(open)) return false;
    }
    if (pos_ >= text_.size() || text_[pos_] != ')') {
      return failed(pos_ >= text_.size() ? open : pos_,
                    pos_ >= text_.size() ? "this '(' is never closed" : "expected ')'");
    }
    ++pos_;
    return true;
  }

  bool item(std::size_t open) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != '=' && text_[pos_] != ')' && text_[pos_] != '(') ++pos_;
    if (pos_ >= text_.size() || text_[pos_] != '=') {
      return failed(open, "the item '" + std::string(text_.substr(open, pos_ - open + 1)) +
                              "' has no operator; write attribute=value");
    }
    std::size_t attr_end = pos_;
    if (attr_end > start && (text_[attr_end - 1] == '~' || text_[attr_end - 1] == '>' ||
                             text_[attr_end - 1] == '<' || text_[attr_end - 1] == ':')) {
      --attr_end;
    }
    if (attr_end == start) return failed(start, "an attribute name is missing before '='");
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != ')') {
      if (text_[pos_] == '(') return failed(pos_, "'(' inside a value must be escaped as \\28");
      if (text_[pos_] == '\\') {
        if (pos_ + 2 >= text_.size() || !is_hex(text_[pos_ + 1]) || !is_hex(text_[pos_ + 2])) {
          return failed(pos_, "'\\' in a value must be followed by two hex digits (e.g. \\2a for '*')");
        }
        pos_ += 2;
      }
      ++pos_;
    }
    return true;
  }

  static bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::optional<std::string> error_;
};

}  // namespace

std::optional<std::string> check_filter_syntax(std::string_view filter) { return FilterChecker(filter).check(); }

std::string effective_user_filter(const std::vector<std::string>& object_classes, std::string_view custom_filter) {
  std::string filter = "(&";
  filter += custom_filter;
  if (object_classes.empty()) filter += "(objectclass=*)";
  for (const auto& object_class : object_classes) {
    filter += "(objectclass=" + escape_filter_value(object_class) + ")";
  }
  filter += ")";
  return filter;
}

}  // namespace kcldap::ldap
