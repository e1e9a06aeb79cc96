// The small text helpers every report's text rendering shares: the style (colour, verbosity), the
// PASS/WARN/FAIL/SKIP badge and column padding.
#pragma once
#include <cstddef>
#include <string>

#include "common/status.hpp"

namespace kcldap::report {

struct TextStyle {
  bool color = false;    // only on a terminal, never with NO_COLOR
  bool verbose = false;  // details of passing stages too
};

// "PASS"/"WARN"/"FAIL"/"SKIP", coloured when the style asks; and text padded to a column width.
std::string status_badge(kcldap::Status status, const TextStyle& style);
std::string pad_right(const std::string& text, std::size_t width);

}  // namespace kcldap::report
