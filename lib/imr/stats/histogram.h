// File: imr/stats/histogram.h
//
// An exact histogram of integer values (day counts, items per letter): a
// count per distinct value. Merging adds counts, so it is a commutative
// monoid, and percentiles come out exact and identical whatever way the
// values were split among threads or shards. Values are small integers in
// practice (a few thousand distinct days at most), so memory stays small.
//
// Example:
//   Histogram h;
//   h.Add(12); h.Add(30); h.Add(30);
//   h.Percentile(50);  // 30
//
// Thread-safety: none; one per thread, merged at the end.
#pragma once

#include <cstdint>
#include <map>

namespace imr::stats {

class Histogram {
 public:
  void Add(std::int64_t value, std::uint64_t n = 1);
  void Merge(const Histogram& o);

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Nearest rank: the smallest value v such that at least ceil(percent/100 *
  // count()) values are <= v. Percentile(50) is the lower median. 0 if empty.
  std::int64_t Percentile(int percent) const;
  std::int64_t Min() const { return counts_.empty() ? 0 : counts_.begin()->first; }
  std::int64_t Max() const { return counts_.empty() ? 0 : counts_.rbegin()->first; }
  // Values in increasing order with their counts (never zero).
  const std::map<std::int64_t, std::uint64_t>& counts() const { return counts_; }

  friend bool operator==(const Histogram&, const Histogram&) = default;

 private:
  std::map<std::int64_t, std::uint64_t> counts_;
  std::uint64_t count_ = 0;
};

}  // namespace imr::stats
