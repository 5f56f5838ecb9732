#include "imr/base/text.h"

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

std::size_t FindNoCase(std::string_view s, std::string_view needle, std::size_t from) {
  if (needle.empty() || s.size() < needle.size()) return std::string_view::npos;
  // Candidates are found with memchr for each case of the first byte. Each
  // case's next position is remembered until passed, so a case that does not
  // occur costs one scan, not one per candidate.
  const char lo = ToLowerAscii(needle[0]);
  const char up = IsLower(lo) ? static_cast<char>(lo - 32) : lo;
  const std::size_t last = s.size() - needle.size();
  const auto next = [&](char c, std::size_t at) -> std::size_t {
    if (at > last) return std::string_view::npos;
    const void* hit = std::memchr(s.data() + at, c, last - at + 1);
    return hit == nullptr ? std::string_view::npos : static_cast<const char*>(hit) - s.data();
  };
  std::size_t next_lo = next(lo, from);
  std::size_t next_up = up == lo ? std::string_view::npos : next(up, from);
  while (next_lo != std::string_view::npos || next_up != std::string_view::npos) {
    const std::size_t i = std::min(next_lo, next_up);
    if (StartsWithNoCase(s.substr(i), needle)) return i;
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
