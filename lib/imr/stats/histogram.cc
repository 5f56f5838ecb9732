#include "imr/stats/histogram.h"

namespace imr::stats {

void Histogram::Add(std::int64_t value, std::uint64_t n) {
  if (n == 0) return;  // keeps "no zero counts", so equal contents compare equal
  counts_[value] += n;
  count_ += n;
}

void Histogram::Merge(const Histogram& o) {
  for (const auto& [value, n] : o.counts_) counts_[value] += n;
  count_ += o.count_;
}

std::int64_t Histogram::Percentile(int percent) const {
  if (count_ == 0) return 0;
  // ceil(percent * count / 100) in integers, at least 1.
  std::uint64_t rank = (static_cast<std::uint64_t>(percent) * count_ + 99) / 100;
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  for (const auto& [value, n] : counts_) {
    seen += n;
    if (seen >= rank) return value;
  }
  return counts_.rbegin()->first;
}

}  // namespace imr::stats
