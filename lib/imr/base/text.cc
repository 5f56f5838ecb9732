#include "imr/base/text.h"

#include <string.h>

#include <cstring>

namespace imr {

std::string_view TrimLeftSpace(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return s.substr(i);
}

std::string_view TrimRightSpace(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && IsSpace(s[n - 1])) --n;
  return s.substr(0, n);
}

std::string_view TrimSpace(std::string_view s) { return TrimRightSpace(TrimLeftSpace(s)); }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ToLowerAscii(s[i]) != ToLowerAscii(prefix[i])) return false;
  }
  return true;
}

std::size_t Find(std::string_view s, std::string_view needle, std::size_t from) {
  if (from > s.size()) return std::string_view::npos;
  const void* hit = memmem(s.data() + from, s.size() - from, needle.data(), needle.size());
  return hit == nullptr ? std::string_view::npos : static_cast<const char*>(hit) - s.data();
}

std::size_t RarestByte(std::string_view needle) {
  // How common each letter is in English prose, rarest highest; candidates
  // for a search are found with memchr on the rarest byte, so fewer of them
  // need checking than with the first byte ("necessary" anchors on 'y').
  static constexpr std::string_view kByFrequency = "etaoinsrhldcumfpgwybvkxjqz";
  std::size_t best = 0;
  int best_rank = -2;
  for (std::size_t i = 0; i < needle.size(); ++i) {
    const char c = ToLowerAscii(needle[i]);
    int rank;
    if (IsSpace(c)) {
      rank = -1;
    } else if (IsAlpha(c)) {
      rank = static_cast<int>(kByFrequency.find(c));
    } else {
      rank = c == '.' || c == ',' ? 4 : 20;
    }
    if (rank > best_rank) {
      best_rank = rank;
      best = i;
    }
  }
  return best;
}

std::size_t FindNoCase(std::string_view s, std::string_view needle, std::size_t from) {
  if (needle.empty() || s.size() < needle.size() || from > s.size() - needle.size()) return std::string_view::npos;
  // Candidates come from memchr on the needle's rarest byte, in both cases.
  // Each case's next hit is remembered until passed, so a case that does not
  // occur costs one scan, not one per candidate.
  const std::size_t k = RarestByte(needle);
  const char lo = ToLowerAscii(needle[k]);
  const char up = IsLower(lo) ? static_cast<char>(lo - 32) : lo;
  const std::size_t first = from + k, last = s.size() - needle.size() + k;  // anchor range
  const auto next = [&](char c, std::size_t at) -> std::size_t {
    if (at > last) return std::string_view::npos;
    const void* hit = std::memchr(s.data() + at, c, last - at + 1);
    return hit == nullptr ? std::string_view::npos : static_cast<const char*>(hit) - s.data();
  };
  std::size_t next_lo = next(lo, first);
  std::size_t next_up = up == lo ? std::string_view::npos : next(up, first);
  while (next_lo != std::string_view::npos || next_up != std::string_view::npos) {
    const std::size_t i = std::min(next_lo, next_up);
    if (StartsWithNoCase(s.substr(i - k), needle)) return i - k;
    if (i == next_lo) next_lo = next(lo, i + 1);
    if (i == next_up) next_up = next(up, i + 1);
  }
  return std::string_view::npos;
}

void AppendNormalized(std::string_view s, std::string* out) {
  s = TrimSpace(s);
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!IsSpace(c)) {
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->push_back(c);
      continue;
    }
    // A run of whitespace: does it contain a line end right after "x-"?
    std::size_t j = i;
    bool has_newline = false;
    while (j < s.size() && IsSpace(s[j])) has_newline |= s[j++] == '\n';
    const bool hyphen_wrap = has_newline && out->size() >= 2 && out->back() == '-' &&
                             (IsAlpha((*out)[out->size() - 2]) || IsDigit((*out)[out->size() - 2]));
    pending_space = !hyphen_wrap;
    i = j - 1;
  }
}

std::string Normalized(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendNormalized(s, &out);
  return out;
}

}  // namespace imr
