#include "src/config/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace kcldap::config {
namespace {

std::string fold(const std::string& word) {
  std::string out;
  for (char c : word) out.push_back(c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> nearest_name(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string folded = fold(word);
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, folded.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::string other = fold(candidate);
    // The distance is at least the difference in length: skip what cannot win (a 1 MB typo costs nothing).
    const std::size_t longer = std::max(folded.size(), other.size());
    if (longer - std::min(folded.size(), other.size()) >= best_distance) continue;
    std::size_t d = distance(folded, other);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace kcldap::config
