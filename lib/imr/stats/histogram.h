// File: imr/stats/histogram.h
//
// An exact histogram of integer values (day counts, items per letter): a
// count per distinct value. Merging adds counts, so it is a commutative
// monoid, and percentiles come out exact and identical whatever way the
// values were split among threads or shards. Values are small integers in
// practice (a few thousand distinct days at most), so memory stays small.
// Values in [0, kDenseLimit) are counted in an array (grown in doublings, to
// 128 KiB at most), because a tree lookup per letter was 5% of `imr stats`;
// the rare others go to a map.
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
#include <vector>

namespace imr::stats {

class Histogram {
 public:
  void Add(std::int64_t value, std::uint64_t n = 1) {
    // Inline, the common case of a value the array already covers (a few
    // Adds per letter). AddSlow grows the array, fills the map and drops
    // n == 0 (no zero counts).
    if (n != 0 && static_cast<std::uint64_t>(value) < dense_.size()) {
      dense_[static_cast<std::size_t>(value)] += n;
      count_ += n;
      return;
    }
    AddSlow(value, n);
  }
  void Merge(const Histogram& o);

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Nearest rank: the smallest value v such that at least ceil(percent/100 *
  // count()) values are <= v. Percentile(50) is the lower median. 0 if empty.
  std::int64_t Percentile(int percent) const;
  std::int64_t Min() const;
  std::int64_t Max() const;
  // Values in increasing order with their counts (never zero); built on each
  // call, for reports.
  std::map<std::int64_t, std::uint64_t> counts() const;

  friend bool operator==(const Histogram& a, const Histogram& b) {
    return a.count_ == b.count_ && a.counts() == b.counts();
  }

  // 44 years of days, so that injury -> decision intervals stay in the
  // array too: half of them pass 11 years (4096 days, the limit before).
  static constexpr std::int64_t kDenseLimit = 16384;

 private:
  void AddSlow(std::int64_t value, std::uint64_t n);
  // Calls f(value, count) for every value with a count, in increasing order.
  template <typename F>
  void ForEach(F&& f) const;

  std::vector<std::uint64_t> dense_;              // count of value v at dense_[v], v < kDenseLimit
  std::map<std::int64_t, std::uint64_t> sparse_;  // every other value
  std::uint64_t count_ = 0;
};

}  // namespace imr::stats
