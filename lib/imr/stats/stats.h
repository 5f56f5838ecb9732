// File: imr/stats/stats.h
//
// Corpus statistics as a commutative monoid: AddLetter() one letter at a
// time on a per-thread instance, Merge() the instances once at the end.
// Merge is associative and commutative and every field is an exact count
// (counts.h), so totals do not depend on thread count, scheduling or how a
// corpus was split into shards (partial.h writes and reads this whole
// state). The accounting fields say what happened to every byte read.
//
// AddLetter counts the keyed tables (by category, year, specialty, ...) in a
// tally of interned keys (tally.h), because counting them by string was the
// bulk of its cost; the tally reaches the tables at Merge() or Settle(). So
// read the keyed tables of a Stats that letters were added to only after
// Settle(); Merge results and parsed partials are settled, the renderers
// settle a copy when they must, and == compares settled values.
//
// Example:
//   Stats total;
//   for (const Stats& s : per_thread) total.Merge(s);
//   std::cout << FormatStatsMarkdown(total);   // report.h
#pragma once

#include <cstdint>

#include "imr/extract/letter.h"
#include "imr/stats/counts.h"
#include "imr/stats/tally.h"

namespace imr::stats {

struct Stats : StatsCounts {
  void AddLetter(const extract::Letter& letter);
  // Adds `o`, its unsettled letters included; leaves this settled.
  void Merge(const Stats& o);
  // The same; when this holds nothing yet (a run's total, before its first
  // per-thread Stats), o's tables are moved here instead of copied.
  void Merge(Stats&& o);
  // Folds the letters added since the last Settle() or Merge() into the
  // keyed tables.
  void Settle();
  bool settled() const { return tally_.letters == 0; }
  // A settled copy.
  Stats Settled() const;

  friend bool operator==(const Stats& a, const Stats& b);

 private:
  Tally tally_;
};

// Days from `from` to `to` (both present), negative when `to` is earlier.
std::int64_t DaysBetween(const extract::Date& from, const extract::Date& to);
// "under 25", "25-34", "35-44", "45-54", "55-64", "65 and over".
std::string_view AgeBand(int age);

}  // namespace imr::stats
