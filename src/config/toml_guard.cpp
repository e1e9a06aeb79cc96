#include "src/config/toml_guard.hpp"

#include <cctype>

namespace kcldap::config {
namespace {

bool bare_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-'; }

// Walks the text as a TOML lexer would, skipping strings and comments, and counts the dots that join one
// run of key parts (`a.b."c".d`); a number such as 1.5 or a time such as 07:32:00.999 has one dot.
class DotCounter {
 public:
  explicit DotCounter(const std::string& text) : text_(text) {}

  std::optional<GuardProblem> scan() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '#') {
        skip_to_line_end();
      } else if (c == '"' || c == '\'') {
        skip_string(c);
      } else if (c == '.') {
        if (++dots_ == 1) run_start_ = i_;
        if (dots_ >= kMaxDottedKeyParts) return problem();
        ++i_;
      } else {
        if (c == '\n') {
          ++line_;
          line_start_ = i_ + 1;
        }
        if (!bare_key_char(c) && c != ' ' && c != '\t') dots_ = 0;
        ++i_;
      }
    }
    return std::nullopt;
  }

 private:
  void skip_to_line_end() {
    while (i_ < text_.size() && text_[i_] != '\n') ++i_;
  }

  void skip_string(char quote) {
    const std::string triple(3, quote);
    if (text_.compare(i_, 3, triple) == 0) {
      const std::size_t end = text_.find(triple, i_ + 3);
      const std::size_t stop = end == std::string::npos ? text_.size() : end + 3;
      for (std::size_t j = i_; j < stop; ++j) {
        if (text_[j] == '\n') {
          ++line_;
          line_start_ = j + 1;
        }
      }
      i_ = stop;
      return;
    }
    for (++i_; i_ < text_.size() && text_[i_] != quote && text_[i_] != '\n'; ++i_) {
      if (quote == '"' && text_[i_] == '\\') ++i_;
    }
    if (i_ < text_.size() && text_[i_] == quote) ++i_;
  }

  GuardProblem problem() const {
    return {line_, static_cast<int>(run_start_ - line_start_) + 1,
            "a key with more than " + std::to_string(kMaxDottedKeyParts) +
                " dotted parts; kcldap's keys are written [section] then key = value (at most section.key)"};
  }

  const std::string& text_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::size_t run_start_ = 0;
  int dots_ = 0;
};

}  // namespace

std::optional<GuardProblem> overly_dotted_key(const std::string& text) { return DotCounter(text).scan(); }

std::string shown_name(const std::string& name) {
  constexpr std::size_t kShown = 64;
  if (name.size() <= kShown) return name;
  return name.substr(0, kShown) + "...(" + std::to_string(name.size()) + " characters)";
}

}  // namespace kcldap::config
