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
  // Scan for the first byte in both cases with memchr-class searches, then
  // confirm: far fewer comparisons than a byte loop on long texts.
  const char lo = ToLowerAscii(needle[0]);
  const char up = IsLower(lo) ? static_cast<char>(lo - 32) : lo;
  const std::size_t last = s.size() - needle.size();
  std::size_t i = from;
  while (i <= last) {
    const char* base = s.data() + i;
    const std::size_t span = last - i + 1;
    const void* a = std::memchr(base, lo, span);
    const void* b = up == lo ? nullptr : std::memchr(base, up, span);
    const char* hit = static_cast<const char*>(a);
    if (b != nullptr && (hit == nullptr || static_cast<const char*>(b) < hit)) hit = static_cast<const char*>(b);
    if (hit == nullptr) return std::string_view::npos;
    i = static_cast<std::size_t>(hit - s.data());
    if (StartsWithNoCase(s.substr(i), needle)) return i;
    ++i;
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
