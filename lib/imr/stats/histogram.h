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
#include <type_traits>
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
  // call, for tests and charts. Reports walk the values with ForEach, which
  // builds nothing.
  std::map<std::int64_t, std::uint64_t> counts() const;
  // Calls f(value, count) for every value with a count, in increasing order.
  // When f returns bool, false stops the walk (a percentile needs only the
  // values up to its rank).
  template <typename F>
  void ForEach(F&& f) const;

  friend bool operator==(const Histogram& a, const Histogram& b) {
    return a.count_ == b.count_ && a.counts() == b.counts();
  }

  // 44 years of days, so that injury -> decision intervals stay in the
  // array too: half of them pass 11 years (4096 days, the limit before).
  static constexpr std::int64_t kDenseLimit = 16384;

 private:
  void AddSlow(std::int64_t value, std::uint64_t n);

  std::vector<std::uint64_t> dense_;              // count of value v at dense_[v], v < kDenseLimit
  std::map<std::int64_t, std::uint64_t> sparse_;  // every other value
  std::uint64_t count_ = 0;
};

template <typename F>
void Histogram::ForEach(F&& f) const {
  // f(value, n), and whether to go on.
  const auto visit = [&f](std::int64_t value, std::uint64_t n) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&, std::int64_t, std::uint64_t>, bool>) {
      return f(value, n);
    } else {
      f(value, n);
      return true;
    }
  };
  auto tail = sparse_.begin();
  for (; tail != sparse_.end() && tail->first < 0; ++tail) {
    if (!visit(tail->first, tail->second)) return;
  }
  // Most values of a long histogram have no count (a few thousand days of
  // 44 years): they are passed four at a time.
  const std::uint64_t* const dense = dense_.data();
  const auto visit_dense = [&](std::size_t v) {
    return dense[v] == 0 || visit(static_cast<std::int64_t>(v), dense[v]);
  };
  std::size_t v = 0;
  for (; v + 4 <= dense_.size(); v += 4) {
    if ((dense[v] | dense[v + 1] | dense[v + 2] | dense[v + 3]) == 0) continue;
    if (!visit_dense(v) || !visit_dense(v + 1) || !visit_dense(v + 2) || !visit_dense(v + 3)) return;
  }
  for (; v < dense_.size(); ++v) {
    if (!visit_dense(v)) return;
  }
  for (; tail != sparse_.end(); ++tail) {
    if (!visit(tail->first, tail->second)) return;
  }
}

}  // namespace imr::stats
