#include "imr/split/batch.h"

#include <algorithm>
#include <cstring>

namespace imr::split {

std::string_view TextArena::Copy(std::string_view s) {
  char* dst = Room(s.size()).data();
  if (!s.empty()) std::memcpy(dst, s.data(), s.size());
  return Keep(s.size());
}

std::span<char> TextArena::Room(std::size_t n) {
  constexpr std::size_t kBlock = 64 * 1024;
  if (capacity_ - used_ < n || blocks_.empty()) {
    capacity_ = std::max(kBlock, n);
    // Not zeroed: every byte kept is written first.
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(capacity_));
    used_ = 0;
  }
  return {blocks_.back().get() + used_, capacity_ - used_};
}

std::string_view TextArena::Keep(std::size_t used) {
  char* kept = blocks_.back().get() + used_;
  used_ += used;
  return {kept, used};
}

}  // namespace imr::split
