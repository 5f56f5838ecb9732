#include "imr/split/batch.h"

#include <algorithm>
#include <cstring>

namespace imr::split {

std::string_view TextArena::Copy(std::string_view s) {
  constexpr std::size_t kBlock = 64 * 1024;
  if (capacity_ - used_ < s.size() || blocks_.empty()) {
    capacity_ = std::max(kBlock, s.size());
    blocks_.push_back(std::make_unique<char[]>(capacity_));
    used_ = 0;
  }
  char* dst = blocks_.back().get() + used_;
  if (!s.empty()) std::memcpy(dst, s.data(), s.size());
  used_ += s.size();
  return {dst, s.size()};
}

}  // namespace imr::split
