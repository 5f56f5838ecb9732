// The conclusion of a rationale: its last statement about medical necessity
// ("... is not medically necessary", "This request IS NOT medically
// necessary", "the request is medically necessary and appropriate"). Used as
// a cross-check of the outcome: Upheld means not medically necessary.
#include <algorithm>
#include <array>

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// Does s[p] end a clause? A '.' between digits ("7.5mg") does not.
bool EndsClause(std::string_view s, std::size_t p) {
  if (s[p] == ';' || s[p] == '?') return true;
  return s[p] == '.' && !(p > 0 && IsDigit(s[p - 1]) && p + 1 < s.size() && IsDigit(s[p + 1]));
}

// Does the clause before `at` (back to the previous sentence or clause end,
// at most 160 bytes) negate it?
bool Negated(std::string_view s, std::size_t at) {
  std::size_t from = at;
  while (from > 0 && at - from < 160 && !EndsClause(s, from - 1)) --from;
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

// A bare "necessary" is a verdict only after a verb ("is not necessary"), not
// in asides like "if necessary".
bool AfterVerb(std::string_view s, std::size_t at) {
  std::size_t end = at;
  for (int words = 0; words < 2; ++words) {
    while (end > 0 && IsSpace(s[end - 1])) --end;
    std::size_t begin = end;
    while (begin > 0 && IsAlpha(s[begin - 1])) --begin;
    const std::string_view word = s.substr(begin, end - begin);
    for (std::string_view verb : {"is", "was", "are", "were", "be", "been"}) {
      if (word.size() == verb.size() && StartsWithNoCase(word, verb)) return true;
    }
    end = begin;
  }
  return false;
}

// Last occurrence of `phrase` at or after `from` that starts a word (and, for
// the bare "necessary", follows a verb).
std::size_t LastVerdict(std::string_view s, std::string_view phrase, std::size_t from) {
  const std::string_view tail = s.substr(from);
  for (std::size_t before = tail.size();;) {
    const std::size_t at = FindLastPhrase(tail, phrase, before);
    if (at == kNone) return kNone;
    if (AtWordStart(s, from + at) && (phrase != "necessary" || AfterVerb(s, from + at))) return from + at;
    before = at;
  }
}

}  // namespace

std::optional<bool> RationaleConclusion(std::string_view rationale) {
  // The last statement wins; each phrase is negated by a "not" before it in
  // its clause, except "medical necessity ... is not established", whose
  // verdict follows it.
  static constexpr std::array<std::string_view, 4> kBefore = {"medically necessary", "medically appropriate",
                                                              "a medical necessity", "necessary"};
  // Only a later statement can win, so once one is found the other phrases
  // are searched for after it only (the common verdict is near the end).
  std::size_t best = kNone;
  bool verdict = false;
  for (std::string_view phrase : kBefore) {
    const std::size_t at = LastVerdict(rationale, phrase, best == kNone ? 0 : best + 1);
    if (at == kNone) continue;
    best = at;
    verdict = !Negated(rationale, at);
  }
  std::size_t n = 0;
  const std::size_t from = best == kNone ? 0 : std::min(rationale.size(), best + 21);
  std::size_t necessity = FindLastPhrase(rationale.substr(from), "medical necessity", rationale.size() - from, &n);
  if (necessity != kNone) {
    necessity += from;
    std::size_t end = necessity + n;
    while (end < rationale.size() && end - necessity < 160 && !EndsClause(rationale, end)) ++end;
    const std::string_view clause = rationale.substr(necessity + n, end - necessity - n);
    if (FindNoCase(clause, "establish") != kNone || FindNoCase(clause, "support") != kNone) {
      best = necessity;
      verdict = !Negated(rationale.substr(0, end), end);
    }
  }
  if (best == kNone) return std::nullopt;
  return verdict;
}

}  // namespace imr::extract
