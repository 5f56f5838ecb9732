// File: imr/stats/rows.h
//
// The rows of the reports: in which order a keyed table lists its keys, and
// the rows that are folded from a histogram or a fixed list rather than read
// off a keyed table (items per letter, years from injury to decision,
// warnings by code, guideline agreement). Every renderer (Markdown and JSON
// in report.h, HTML in imr/report/) takes its rows from here, so the formats
// list the same rows in the same order.
//
// Row order: RowOrder::kByKey lists keys in key order, kByAgeBand youngest
// first, kByCount by decreasing count then key; "unknown" and "none" last in
// each.
//
// Example:
//   const OutcomeTable& m = s.table(Outcomes::kByCategory);
//   for (const std::string& k : Ordered(m, RowOrder::kByCount)) m.at(k) ...
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imr/stats/counts.h"

namespace imr::stats {

inline constexpr std::string_view kAgeBands[] = {"under 25", "25-34",       "35-44",  "45-54",
                                                 "55-64",    "65 and over", "unknown"};

inline bool IsUnknownKey(std::string_view k) { return k == kUnknown || k == kNone; }

inline std::uint64_t CountOf(std::uint64_t n) { return n; }
inline std::uint64_t CountOf(const OutcomeCounts& c) { return c.total(); }

// Keys in key order with "unknown"/"none" last (years, quarters).
template <typename Map>
std::vector<std::string> KeyOrder(const Map& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) {
    if (!IsUnknownKey(k)) keys.push_back(k);
  }
  for (const auto& [k, v] : m) {
    if (IsUnknownKey(k)) keys.push_back(k);
  }
  return keys;
}

// Keys by decreasing count, then key; "unknown"/"none" last.
template <typename Map>
std::vector<std::string> CountOrder(const Map& m) {
  std::vector<std::pair<std::uint64_t, std::string>> rows;
  for (const auto& [k, v] : m) rows.emplace_back(CountOf(v), k);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (IsUnknownKey(a.second) != IsUnknownKey(b.second)) return IsUnknownKey(b.second);
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;
  });
  std::vector<std::string> keys;
  for (auto& [n, k] : rows) keys.push_back(std::move(k));
  return keys;
}

template <typename Map>
std::vector<std::string> AgeOrder(const Map& m) {
  std::vector<std::string> keys;
  for (std::string_view band : kAgeBands) {
    if (m.find(band) != m.end()) keys.emplace_back(band);
  }
  for (const auto& [k, v] : m) {  // bands from a newer version, kept visible
    if (std::find(std::begin(kAgeBands), std::end(kAgeBands), k) == std::end(kAgeBands)) keys.push_back(k);
  }
  return keys;
}

template <typename Map>
std::vector<std::string> Ordered(const Map& m, RowOrder order) {
  switch (order) {
    case RowOrder::kByKey:
      return KeyOrder(m);
    case RowOrder::kByAgeBand:
      return AgeOrder(m);
    case RowOrder::kByCount:
      break;
  }
  return CountOrder(m);
}

// n / d, 0 when d is 0.
inline double Ratio(std::uint64_t n, std::uint64_t d) {
  return d == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(d);
}

// A label and a count, in report order.
using Rows = std::vector<std::pair<std::string, std::uint64_t>>;

template <typename Map>
Rows RowsOf(const Map& m, const std::vector<std::string>& keys) {
  Rows rows;
  for (const std::string& k : keys) rows.emplace_back(k, m.find(k)->second);
  return rows;
}

// Letters by number of items, in increasing order.
Rows ItemsPerLetter(const Histogram& h);
// Years from injury to decision: the day histogram folded into whole years
// (365-day years), the last row "10 or more".
Rows LagYears(const Histogram& days);
// Warning codes that occurred, by decreasing count (code order among equals).
Rows WarningCounts(const StatsCounts& s);
// Letters with at most one item.
std::uint64_t LettersWithOneItemOrNone(const Histogram& items_per_letter);

// The rows of the guideline agreement table (tally.h: AgreementKey): the
// first are shares of all items, the others of the items both blocks cite in.
inline constexpr std::string_view kAgreementOfAllItems[] = {"neither_cites", "only_claims_administrator_cites",
                                                            "only_maximus_cites"};
inline constexpr std::string_view kAgreementOfBothCiting[] = {"same_sources",           "overlapping_sources",
                                                              "different_sources",      "same_guidelines",
                                                              "overlapping_guidelines", "different_guidelines"};
struct AgreementTotals {
  std::uint64_t items = 0;        // every item
  std::uint64_t both_citing = 0;  // items both blocks cite in
};
AgreementTotals TotalsOf(const Counter& agreement);
// The count of `key`, 0 when absent.
std::uint64_t CountIn(const Counter& m, std::string_view key);

}  // namespace imr::stats
