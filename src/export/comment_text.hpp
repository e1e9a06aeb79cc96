// One line of comment text for the exports' "# ..." comments: control characters (a newline would end
// the comment and let the rest be read as code) become spaces; everything else is kept. Pure.
#pragma once
#include <string>

namespace kcldap::exports {

inline std::string comment_text(const std::string& text) {
  std::string out;
  for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

}  // namespace kcldap::exports
