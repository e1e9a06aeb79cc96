// Attribute discovery on a bounded sample of users: which candidate attributes users really carry, how
// often, whether the values are unique; and, from that evidence, the attributes to recommend to Keycloak.
// Memory is bounded by the sample size, never by the directory size.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ldap/entry.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::ldap {

// The attributes the sample asks for (besides those the config names).
std::vector<std::string> candidate_user_attributes();

struct AttributeStat {
  std::string name;            // as the server spells it
  std::size_t present = 0;     // users carrying at least one value
  std::size_t duplicates = 0;  // users whose value another sampled user also has (case-insensitive)
  std::size_t multi_valued = 0;
  bool binary = false;
  bool unique() const { return duplicates == 0; }
};

struct SampleSummary {
  std::size_t sampled = 0;
  std::vector<AttributeStat> attributes;                 // candidates carried by at least one user, by name
  std::vector<std::pair<std::string, std::size_t>> object_classes;  // with counts, most common first
  std::vector<std::pair<std::string, std::size_t>> rdn_attributes;  // first-RDN types of user DNs
  std::size_t below_users_dn = 0;  // users deeper than one level below the users DN
  std::size_t with_member_of = 0;
  std::size_t disabled = 0;        // AD userAccountControl ACCOUNTDISABLE
  std::vector<std::string> example_dns;  // a few, for reports

  const AttributeStat* find(std::string_view name) const;
  double share(std::string_view name) const;  // 0..1
};

class AttributeSampler {
 public:
  AttributeSampler(std::vector<std::string> attributes, std::string users_dn);
  void add(const Entry& entry);
  SampleSummary summary() const;

 private:
  struct Tally {
    std::string name;
    std::size_t present = 0;
    std::size_t duplicates = 0;
    std::size_t multi_valued = 0;
    bool binary = false;
    std::set<std::string> seen;
  };
  std::vector<Tally> tallies_;
  std::map<std::string, std::pair<std::string, std::size_t>> object_classes_;  // lower -> (spelling, count)
  std::map<std::string, std::size_t> rdn_attributes_;
  std::string users_dn_;
  SampleSummary totals_;
};

struct Recommendation {
  std::string value;   // empty when nothing fits
  std::string reason;  // the evidence, in words
};

struct Recommendations {
  Recommendation vendor;
  Recommendation username;
  Recommendation rdn;
  Recommendation uuid;
  Recommendation email;
  Recommendation first_name;
  Recommendation last_name;
  Recommendation search_scope;  // "one" or "subtree"
  std::vector<std::string> user_object_classes;
  std::string user_object_classes_reason;
};

Recommendations recommend(const SampleSummary& sample, const VendorGuess& vendor,
                          const std::vector<std::string>& effective_object_classes);

// Words for "present on 94% of 50 sampled users, unique" (uniqueness only said for identifiers).
std::string describe_presence(const SampleSummary& sample, std::string_view attribute, bool identifier = true);

}  // namespace kcldap::ldap
