// Small text helpers the directory code shares: ASCII case folding (LDAP names and DNs compare
// case-insensitively), joining lists for messages, and whole percentages for reports.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kcldap::ldap {

bool iequals(std::string_view a, std::string_view b);
bool contains_nocase(std::string_view haystack, std::string_view needle);
std::string lowercase(std::string_view text);
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
int percent(std::size_t part, std::size_t whole);  // rounded, 0 when whole is 0

}  // namespace kcldap::ldap
