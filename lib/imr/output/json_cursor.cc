#include "imr/output/json_cursor.h"

#include <algorithm>
#include <array>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"

namespace imr::output {
namespace {

#if defined(__SSE2__)
// The bytes among p[0..16) that are not plain (see IsPlain); reads p[16] too.
unsigned NotPlainMask(const char* p) {
  const __m128i space = _mm_set1_epi8(' '), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
  const __m128i control = _mm_cmpeq_epi8(_mm_and_si128(b, high3), _mm_setzero_si128());
  const __m128i two_spaces = _mm_and_si128(_mm_cmpeq_epi8(b, space), _mm_cmpeq_epi8(next, space));
  const __m128i bad = _mm_or_si128(_mm_or_si128(control, two_spaces),
                                   _mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
  // movemask of b itself flags the bytes >= 0x80.
  return static_cast<unsigned>(_mm_movemask_epi8(bad) | _mm_movemask_epi8(b));
}
constexpr bool kHaveBlocks = true;
#else
unsigned NotPlainMask(const char*) { return ~0u; }
constexpr bool kHaveBlocks = false;
#endif

// "00" to "99": numbers are written two digits a step.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[2 * i] = static_cast<char>('0' + i / 10);
    t[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// 10^0 to 10^19: every power of ten a uint64_t holds.
constexpr std::array<std::uint64_t, 20> kPowersOfTen = [] {
  std::array<std::uint64_t, 20> t{};
  std::uint64_t p = 1;
  for (std::uint64_t& x : t) {
    x = p;
    p *= 10;
  }
  return t;
}();

// True when AppendNormalized would leave s[0..n) as it is and JSON needs no
// escape in it: printable ASCII without '"' or '\\', no space at either end
// and no two spaces in a row (other whitespace is below 0x20). Most short
// fields (names, titles on one line, pages) are, and are copied in one go.
// With `readable_past_end`, s[n..n+16] may be read (and are ignored), so the
// last bytes are checked as one block too.
bool IsPlain(const char* s, std::size_t n, bool readable_past_end) {
  if (s[0] == ' ' || s[n - 1] == ' ') return false;
  std::size_t i = 0;
  if (kHaveBlocks) {
    for (; i + 17 <= n; i += 16) {
      if (NotPlainMask(s + i) != 0) return false;
    }
    if (readable_past_end) return (NotPlainMask(s + i) & ((1u << (n - i)) - 1)) == 0;
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || (c == ' ' && s[i + 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

void JsonCursor::Text(std::string_view raw) {
  const std::size_t n = raw.size();
  // Short text is copied first and checked where it landed, where the bytes
  // after it can be read: the check is then all blocks. Long text (letter
  // text in text mode is mostly not plain) is checked before it is copied.
  constexpr std::size_t kCopyFirst = 64;
  if (n != 0 && n <= kCopyFirst && kHaveBlocks) {
    Reserve(n + 2 + 17);
    char* const text = p_ + 1;
    std::memcpy(text, raw.data(), n);
    if (IsPlain(text, n, /*readable_past_end=*/true)) {
      *p_ = '"';
      text[n] = '"';
      p_ = text + n + 1;
      return;
    }
  } else if (n != 0 && IsPlain(raw.data(), n, /*readable_past_end=*/false)) {
    Quoted(raw);
    return;
  }
  thread_local std::string normalized;  // no allocation once warm
  normalized.clear();
  AppendNormalized(raw, &normalized);
  // Normalising leaves much long letter text (guideline blocks, rationales)
  // needing no escape. Then it is copied with room for itself only: String
  // asks for six bytes per byte (the longest escape), and room is
  // zero-filled when it is made. Short text is not worth the second check.
  if (n > kCopyFirst && !normalized.empty() &&
      IsPlain(normalized.data(), normalized.size(), /*readable_past_end=*/false)) {
    Quoted(normalized);
    return;
  }
  String(normalized);
}

void JsonCursor::Quoted(std::string_view plain) {
  Reserve(plain.size() + 2);
  *p_++ = '"';
  std::memcpy(p_, plain.data(), plain.size());
  p_ += plain.size();
  *p_++ = '"';
}

void JsonCursor::Int(std::int64_t v) {
  Reserve(24);
  if (v < 0) {
    p_ = std::to_chars(p_, p_ + 24, v).ptr;  // never in a record; kept exact
    return;
  }
  auto u = static_cast<std::uint64_t>(v);
  // The digit count from the bit length (log10(2) ~ 1233 / 4096), one
  // compare with a power of ten to settle it: no division per digit. With
  // the low bit set, 0 counts as the one digit it is written with and no
  // other number changes count (every power of ten is even).
  const std::uint64_t odd = u | 1;
  const int estimate = ((64 - __builtin_clzll(odd)) * 1233) >> 12;
  const int digits = estimate + (odd >= kPowersOfTen[static_cast<std::size_t>(estimate)] ? 1 : 0);
  char* at = p_ + digits;
  p_ = at;
  for (; u >= 100; u /= 100) {
    at -= 2;
    std::memcpy(at, &kDigitPairs[2 * (u % 100)], 2);
  }
  if (u >= 10) {
    std::memcpy(at - 2, &kDigitPairs[2 * u], 2);
  } else {
    at[-1] = static_cast<char>('0' + u);
  }
}

void JsonCursor::Date(const extract::Date& d) {
  const auto pair = [](int v, char* at) { std::memcpy(at, &kDigitPairs[2 * v], 2); };
  Reserve(12);
  p_[0] = '"';
  pair(d.year / 100 % 100, p_ + 1);
  pair(d.year % 100, p_ + 3);
  p_[5] = '-';
  pair(d.month, p_ + 6);
  p_[8] = '-';
  pair(d.day, p_ + 9);
  p_[11] = '"';
  p_ += 12;
}

void JsonCursor::Grow(std::size_t n) {
  // Room is made by resizing, which zero-fills it: in steps small enough
  // that the fill stays cheap, large enough to be rare.
  constexpr std::size_t kStep = 1024;
  const auto used = static_cast<std::size_t>(p_ - out_->data());
  out_->resize(used + std::max(n, kStep));
  p_ = out_->data() + used;
  end_ = out_->data() + out_->size();
}

}  // namespace imr::output
