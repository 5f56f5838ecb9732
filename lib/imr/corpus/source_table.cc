#include "imr/corpus/source_table.h"

#include <utility>

namespace imr::corpus {

std::uint32_t SourceTable::Append(Source source) {
  std::lock_guard<std::mutex> lock(append_mu_);
  const std::uint32_t id = size_.load(std::memory_order_relaxed);
  const int segment = SegmentOf(id);
  if (owned_[segment] == nullptr) {
    const std::uint32_t capacity = segment == 0 ? SegmentStart(1) : SegmentStart(segment);
    owned_[segment] = std::make_unique<Source[]>(capacity);
    segments_[segment].store(owned_[segment].get(), std::memory_order_release);
  }
  owned_[segment][id - SegmentStart(segment)] = std::move(source);
  size_.store(id + 1, std::memory_order_release);
  return id;
}

}  // namespace imr::corpus
