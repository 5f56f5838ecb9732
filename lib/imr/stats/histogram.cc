#include "imr/stats/histogram.h"

#include <algorithm>

namespace imr::stats {

void Histogram::AddSlow(std::int64_t value, std::uint64_t n) {
  if (n == 0) return;  // keeps "no zero counts", so equal contents compare equal
  count_ += n;
  if (value < 0 || value >= kDenseLimit) {
    sparse_[value] += n;
    return;
  }
  const auto v = static_cast<std::size_t>(value);
  // Grown in doublings, so a histogram of small values stays small.
  if (v >= dense_.size()) dense_.resize(std::min<std::size_t>(kDenseLimit, std::max<std::size_t>(64, 2 * v)), 0);
  dense_[v] += n;
}

void Histogram::Merge(const Histogram& o) {
  if (o.dense_.size() > dense_.size()) dense_.resize(o.dense_.size(), 0);
  for (std::size_t v = 0; v < o.dense_.size(); ++v) dense_[v] += o.dense_[v];
  for (const auto& [value, n] : o.sparse_) sparse_[value] += n;
  count_ += o.count_;
}

std::map<std::int64_t, std::uint64_t> Histogram::counts() const {
  std::map<std::int64_t, std::uint64_t> all;
  ForEach([&](std::int64_t value, std::uint64_t n) { all.emplace_hint(all.end(), value, n); });
  return all;
}

std::int64_t Histogram::Min() const {
  if (count_ == 0) return 0;
  if (!sparse_.empty() && sparse_.begin()->first < 0) return sparse_.begin()->first;
  for (std::size_t v = 0; v < dense_.size(); ++v) {
    if (dense_[v] != 0) return static_cast<std::int64_t>(v);
  }
  return sparse_.begin()->first;
}

std::int64_t Histogram::Max() const {
  if (count_ == 0) return 0;
  if (!sparse_.empty() && sparse_.rbegin()->first >= kDenseLimit) return sparse_.rbegin()->first;
  for (std::size_t v = dense_.size(); v-- > 0;) {
    if (dense_[v] != 0) return static_cast<std::int64_t>(v);
  }
  return sparse_.rbegin()->first;
}

std::int64_t Histogram::Percentile(int percent) const {
  if (count_ == 0) return 0;
  // ceil(percent * count / 100) in integers, at least 1.
  std::uint64_t rank = (static_cast<std::uint64_t>(percent) * count_ + 99) / 100;
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  std::int64_t result = 0;
  ForEach([&](std::int64_t value, std::uint64_t n) {
    seen += n;
    result = value;
    return seen < rank;
  });
  return result;
}

}  // namespace imr::stats
