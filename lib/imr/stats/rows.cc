#include "imr/stats/rows.h"

#include "absl/strings/str_cat.h"

namespace imr::stats {

Rows ItemsPerLetter(const Histogram& h) {
  Rows rows;
  h.ForEach([&](std::int64_t n, std::uint64_t c) { rows.emplace_back(absl::StrCat(n), c); });
  return rows;
}

Rows LagYears(const Histogram& days) {
  std::uint64_t years[11] = {};
  days.ForEach([&](std::int64_t d, std::uint64_t n) { years[std::min<std::int64_t>(d / 365, 10)] += n; });
  Rows rows;
  for (int y = 0; y <= 10; ++y) {
    if (years[y] != 0) rows.emplace_back(y == 10 ? std::string("10 or more") : absl::StrCat(y), years[y]);
  }
  return rows;
}

Rows WarningCounts(const StatsCounts& s) {
  Rows out;
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) {
    if (s.warnings_by_code[i] != 0) {
      out.emplace_back(extract::WarningName(static_cast<extract::WarningCode>(i)), s.warnings_by_code[i]);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::uint64_t LettersWithOneItemOrNone(const Histogram& items_per_letter) {
  std::uint64_t n = 0;
  items_per_letter.ForEach([&](std::int64_t items, std::uint64_t letters) {
    if (items > 1) return false;  // values come in increasing order
    n += letters;
    return true;
  });
  return n;
}

AgreementTotals TotalsOf(const Counter& agreement) {
  AgreementTotals t;
  for (const auto& [k, n] : agreement) {
    if (!k.ends_with("_guidelines")) t.items += n;
    if (k.ends_with("_sources")) t.both_citing += n;
  }
  return t;
}

std::uint64_t CountIn(const Counter& m, std::string_view key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

}  // namespace imr::stats
