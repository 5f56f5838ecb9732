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

// Which bytes of a short string need a look, one bit per byte.
struct ShortScan {
  std::uint64_t escaped = 0;  // JSON escapes it or it is not ASCII (a control byte, '"', '\\', >= 0x80)
  std::uint64_t spaces = 0;
};

// The longest string CopyShort takes: its bits fill a word.
constexpr std::size_t kShort = 64;

#if defined(__SSE2__)
// The bytes of `b` JSON escapes or that are not ASCII, and, for text, its
// spaces.
template <bool kSpaces>
[[gnu::always_inline]] inline void Classify16(__m128i b, unsigned* escaped, unsigned* spaces) {
  // Signed, the bytes >= 0x80 are below 0x20 too: one compare for both.
  const __m128i below_space = _mm_cmplt_epi8(b, _mm_set1_epi8(0x20));
  const __m128i quote = _mm_cmpeq_epi8(b, _mm_set1_epi8('"')), backslash = _mm_cmpeq_epi8(b, _mm_set1_epi8('\\'));
  *escaped = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(below_space, _mm_or_si128(quote, backslash))));
  if constexpr (kSpaces) *spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8(' '))));
}

// Copies s[0, n), 1 <= n <= kShort, to `to` and scans it on the way (its
// spaces only with kSpaces): a few loads and stores that overlap where n is
// not a multiple of their size, none outside s[0, n) and to[0, n), and no
// loop over bytes.
template <bool kSpaces>
[[gnu::always_inline]] inline ShortScan CopyShort(const char* s, std::size_t n, char* to) {
  ShortScan scan;
  unsigned escaped, spaces = 0;
  if (n >= 16) {
    const auto block = [&](std::size_t at) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(to + at), b);
      Classify16<kSpaces>(b, &escaped, &spaces);
      scan.escaped |= std::uint64_t{escaped} << at;
      scan.spaces |= std::uint64_t{spaces} << at;
    };
    for (std::size_t at = 0; at + 16 < n; at += 16) block(at);
    block(n - 16);
    return scan;
  }
  // Two halves, the second ending at n; each half's bits go to its place.
  std::size_t half;
  if (n >= 8) {
    half = 8;
    const __m128i low = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s));
    const __m128i high = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(s + n - 8));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to), low);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to + n - 8), high);
    Classify16<kSpaces>(_mm_unpacklo_epi64(low, high), &escaped, &spaces);
  } else if (n >= 4) {
    half = 4;
    std::uint32_t low, high;
    std::memcpy(&low, s, 4);
    std::memcpy(&high, s + n - 4, 4);
    std::memcpy(to, &low, 4);
    std::memcpy(to + n - 4, &high, 4);
    Classify16<kSpaces>(_mm_set_epi64x(0, static_cast<long long>(low | std::uint64_t{high} << 32)), &escaped, &spaces);
  } else {
    // One to three bytes: the first, the middle and the last.
    const auto byte = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c)); };
    to[0] = s[0];
    to[n / 2] = s[n / 2];
    to[n - 1] = s[n - 1];
    Classify16<kSpaces>(_mm_cvtsi32_si128(static_cast<int>(byte(s[0]) | byte(s[n / 2]) << 8 | byte(s[n - 1]) << 16)),
                        &escaped, &spaces);
    const auto place = [n](unsigned bits) {
      return std::uint64_t{bits & 1} | std::uint64_t{bits >> 1 & 1} << (n / 2) |
             std::uint64_t{bits >> 2 & 1} << (n - 1);
    };
    return {place(escaped), place(spaces)};
  }
  const unsigned mask = (1u << half) - 1;
  const auto place = [&](unsigned bits) {
    return std::uint64_t{bits & mask} | std::uint64_t{bits >> half & mask} << (n - half);
  };
  return {place(escaped), place(spaces)};
}
constexpr bool kHaveBlocks = true;

// The bytes among p[0..16) that are not plain (see IsPlain); reads p[16] too.
unsigned NotPlainMask(const char* p) {
  unsigned escaped, spaces, next_escaped, next_spaces;
  Classify16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), &escaped, &spaces);
  Classify16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1)), &next_escaped, &next_spaces);
  return escaped | (spaces & next_spaces);
}
#else
template <bool kSpaces>
ShortScan CopyShort(const char* s, std::size_t n, char* to) {
  std::memcpy(to, s, n);
  ShortScan scan;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    scan.escaped |= std::uint64_t{c < 0x20 || c >= 0x80 || c == '"' || c == '\\'} << i;
    scan.spaces |= std::uint64_t{c == ' '} << i;
  }
  return scan;
}
constexpr bool kHaveBlocks = false;
unsigned NotPlainMask(const char*) { return ~0u; }
#endif

// Whether text a ShortScan describes is plain (see IsPlain).
bool IsPlain(const ShortScan& scan, std::size_t n) {
  const std::uint64_t edges = 1 | std::uint64_t{1} << (n - 1);
  return scan.escaped == 0 && (scan.spaces & (edges | scan.spaces >> 1)) == 0;
}

// True when AppendNormalized would leave s[0..n) as it is and JSON needs no
// escape in it: printable ASCII without '"' or '\\', no space at either end
// and no two spaces in a row (other whitespace is below 0x20). Most short
// fields (names, titles on one line, pages) are, and are copied in one go.
bool IsPlain(const char* s, std::size_t n) {
  if (s[0] == ' ' || s[n - 1] == ' ') return false;
  std::size_t i = 0;
  if (kHaveBlocks) {
    for (; i + 17 <= n; i += 16) {
      if (NotPlainMask(s + i) != 0) return false;
    }
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
  // Short text (nearly every field but guideline blocks and rationales) is
  // scanned as it is copied. Long text (letter text in text mode is mostly
  // not plain) is checked before it is copied.
  if (n - 1 < kShort) {
    Reserve(n + 2);
    if (IsPlain(CopyShort</*kSpaces=*/true>(raw.data(), n, p_ + 1), n)) {
      *p_ = '"';
      p_[n + 1] = '"';
      p_ += n + 2;
      return;
    }
  } else if (n != 0 && IsPlain(raw.data(), n)) {
    Quoted(raw);
    return;
  }
  thread_local std::string normalized;  // no allocation once warm
  normalized.clear();
  AppendNormalized(raw, &normalized);
  // Normalising leaves much long letter text (guideline blocks, rationales)
  // needing no escape. Then it is copied with room for itself only: String
  // asks for six bytes per byte (the longest escape), and room is
  // zero-filled when it is made. Short text is not worth the second check,
  // which needs only look for escapes: normalised text has no space at
  // either end and none doubled.
  if (n > kShort && NextAttention(normalized, 0) == normalized.size()) {
    Quoted(normalized);
    return;
  }
  String(normalized);
}

void JsonCursor::String(std::string_view s) {
  const std::size_t n = s.size();
  if (n - 1 < kShort) {
    Reserve(n + 2);
    if (CopyShort</*kSpaces=*/false>(s.data(), n, p_ + 1).escaped == 0) {
      *p_ = '"';
      p_[n + 1] = '"';
      p_ += n + 2;
      return;
    }
  }
  Reserve(MaxJsonStringSize(n));
  p_ = WriteJsonString(s, p_);
}

void JsonCursor::Quoted(std::string_view plain) {
  Reserve(plain.size() + 2);
  *p_++ = '"';
  std::memcpy(p_, plain.data(), plain.size());
  p_ += plain.size();
  *p_++ = '"';
}

void JsonCursor::LongInt(std::int64_t v) { p_ = std::to_chars(p_, p_ + 24, v).ptr; }

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
