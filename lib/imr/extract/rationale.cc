// The conclusion of a rationale: its last statement about medical necessity
// ("... is not medically necessary", "This request IS NOT medically
// necessary", "the request is medically necessary and appropriate"). Used as
// a cross-check of the outcome: Upheld means not medically necessary.
#include <array>

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Does the clause before `at` (back to the previous sentence or clause end)
// negate it?
bool Negated(std::string_view s, std::size_t at) {
  std::size_t from = at;
  while (from > 0 && at - from < 80 && s[from - 1] != '.' && s[from - 1] != ';' && s[from - 1] != '?') --from;
  const std::string_view clause = s.substr(from, at - from);
  static constexpr std::array<std::string_view, 4> kNegations = {"not", "cannot", "n't", "never"};
  for (std::string_view neg : kNegations) {
    for (std::size_t p = FindNoCase(clause, neg); p != kNone; p = FindNoCase(clause, neg, p + 1)) {
      const bool whole = neg == "n't" || (AtWordStart(clause, p) && AtWordEnd(clause, p + neg.size()));
      if (whole) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<bool> RationaleConclusion(std::string_view rationale) {
  for (std::string_view phrase : {"medically necessary", "necessary"}) {
    const std::size_t at = FindLastPhrase(rationale, phrase, rationale.size());
    if (at != kNone && AtWordStart(rationale, at)) return !Negated(rationale, at);
  }
  return std::nullopt;
}

}  // namespace imr::extract
