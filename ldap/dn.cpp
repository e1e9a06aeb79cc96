#include "ldap/dn.hpp"

#include <cctype>

#include "ldap/escape.hpp"
#include "common/text.hpp"

namespace kcldap::ldap {
namespace {

bool is_attr_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class DnParser {
 public:
  explicit DnParser(std::string_view text) : text_(text) {}

  std::optional<ParsedDn> parse(DnParseError* error) {
    ParsedDn dn;
    skip_spaces();
    if (pos_ == text_.size()) return dn;
    while (true) {
      Rdn rdn;
      while (true) {
        auto part = parse_part();
        if (!part) return fail(error);
        rdn.parts.push_back(std::move(*part));
        skip_spaces();
        if (pos_ < text_.size() && text_[pos_] == '+') {
          ++pos_;
          continue;
        }
        break;
      }
      dn.rdns.push_back(std::move(rdn));
      if (pos_ == text_.size()) return dn;
      if (text_[pos_] == ',' || text_[pos_] == ';') {
        ++pos_;
        continue;
      }
      message_ = "expected ',' between RDNs";
      return fail(error);
    }
  }

 private:
  std::optional<ParsedDn> fail(DnParseError* error) const {
    if (error != nullptr) *error = DnParseError{pos_, message_};
    return std::nullopt;
  }

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  std::optional<RdnPart> parse_part() {
    skip_spaces();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_attr_char(text_[pos_])) ++pos_;
    if (pos_ == start) {
      message_ = pos_ == text_.size() ? "expected an attribute type (e.g. 'ou') after the separator"
                                      : "expected an attribute type (letters, digits, '-') here";
      return std::nullopt;
    }
    RdnPart part;
    part.attribute = std::string(text_.substr(start, pos_ - start));
    skip_spaces();
    if (pos_ >= text_.size() || text_[pos_] != '=') {
      message_ = "expected '=' after the attribute type '" + part.attribute + "'";
      return std::nullopt;
    }
    ++pos_;
    skip_spaces();
    auto value = parse_value();
    if (!value) return std::nullopt;
    part.value = std::move(*value);
    if (part.value.empty()) {
      message_ = "the value of '" + part.attribute + "' is empty";
      return std::nullopt;
    }
    return part;
  }

  std::optional<std::string> parse_value() {
    std::string value;
    std::size_t trailing_spaces = 0;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      message_ = "quoted values are not supported; escape the special characters with '\\' instead";
      return std::nullopt;
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == ';' || c == '+') break;
      if (c == '\\') {
        if (!unescape(value)) return std::nullopt;
        trailing_spaces = 0;
        continue;
      }
      // RFC 4514 asks these to be escaped; '=' may stand unescaped in a value (cn=a=b).
      if (c == '<' || c == '>' || c == '"') {
        message_ = std::string("the character '") + c + "' must be escaped with '\\' inside a value";
        return std::nullopt;
      }
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        message_ = "a control character (byte " + std::to_string(static_cast<unsigned char>(c)) +
                   ") inside a value; write it escaped as \\XX if it is really meant";
        return std::nullopt;
      }
      trailing_spaces = c == ' ' ? trailing_spaces + 1 : 0;
      value.push_back(c);
      ++pos_;
    }
    value.resize(value.size() - trailing_spaces);  // unescaped trailing spaces are insignificant
    return value;
  }

  // One escape at pos_ (RFC 4514): a backslash, then two hex digits or one of the special characters.
  bool unescape(std::string& value) {
    if (pos_ + 1 >= text_.size()) {
      message_ = "a '\\' at the end of the DN escapes nothing";
      return false;
    }
    const int high = hex_value(text_[pos_ + 1]);
    if (high >= 0 && pos_ + 2 < text_.size() && hex_value(text_[pos_ + 2]) >= 0) {
      value.push_back(static_cast<char>(high * 16 + hex_value(text_[pos_ + 2])));
      pos_ += 3;
      return true;
    }
    const char escaped = text_[pos_ + 1];
    if (std::string_view(" \"#+,;<=>\\").find(escaped) == std::string_view::npos) {
      message_ = std::string("'\\") + escaped + "' is not an escape: write '\\' before one of  \"#+,;<=>\\ or before two hex digits";
      return false;
    }
    value.push_back(escaped);
    pos_ += 2;
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string message_;
};

}  // namespace

std::optional<ParsedDn> parse_dn(std::string_view text, DnParseError* error) {
  return DnParser(text).parse(error);
}

std::string normalize_dn(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed) return lowercase(dn);
  std::string out;
  for (const auto& rdn : parsed->rdns) {
    if (!out.empty()) out.push_back(',');
    bool first = true;
    for (const auto& part : rdn.parts) {
      if (!first) out.push_back('+');
      first = false;
      out += lowercase(part.attribute) + "=" + escape_dn_value(lowercase(part.value));
    }
  }
  return out;
}

std::string parent_dn(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed || parsed->rdns.size() < 2) return "";
  // Re-serialise from the second RDN, keeping the original spelling of values.
  std::string out;
  for (std::size_t i = 1; i < parsed->rdns.size(); ++i) {
    if (!out.empty()) out.push_back(',');
    bool first = true;
    for (const auto& part : parsed->rdns[i].parts) {
      if (!first) out.push_back('+');
      first = false;
      out += part.attribute + "=" + escape_dn_value(part.value);
    }
  }
  return out;
}

std::string first_rdn_attribute(std::string_view dn) {
  auto parsed = parse_dn(dn);
  if (!parsed || parsed->rdns.empty()) return "";
  return lowercase(parsed->rdns.front().parts.front().attribute);
}

bool dn_is_within(std::string_view dn, std::string_view ancestor) {
  const std::string child = normalize_dn(dn);
  const std::string parent = normalize_dn(ancestor);
  if (parent.empty()) return true;
  if (child == parent) return true;
  return child.size() > parent.size() && child.ends_with(parent) &&
         child[child.size() - parent.size() - 1] == ',';
}

std::optional<std::string> bind_identity_problem(std::string_view text) {
  if (text.find('=') == std::string_view::npos) {
    const auto at = text.find('@');
    const auto backslash = text.find('\\');
    const bool upn = at != std::string_view::npos && at > 0 && at + 1 < text.size() && text.find('@', at + 1) == std::string_view::npos;
    const bool down_level = backslash != std::string_view::npos && backslash > 0 && backslash + 1 < text.size();
    if (upn || down_level) return std::nullopt;
    return "\"" + std::string(text) + "\" is neither a DN (e.g. cn=reader,ou=services,dc=example,dc=org) nor an Active Directory " +
           "logon name (reader@example.org or EXAMPLE\\reader)";
  }
  DnParseError problem{};
  if (!parse_dn(text, &problem)) {
    return "\"" + std::string(text) + "\" is not a valid DN: " + problem.message + " (at character " + std::to_string(problem.position + 1) + ")";
  }
  return std::nullopt;
}

}  // namespace kcldap::ldap
