// File: imr/output/short_string.h
//
// Copies a short string (up to 64 bytes) and scans it on the way, for the
// JSON writer's fast path: which bytes JSON escapes or are not ASCII, and
// which are spaces, one bit per byte. Inline, so that writing a short field
// costs no call.
//
// Example:
//   char to[64];
//   const ShortScan scan = CopyShort</*kSpaces=*/true>(s.data(), s.size(), to);
//   if (IsPlain(scan, s.size())) ...   // `to` holds s, ready to go out as it is
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace imr::output {

// Which bytes of a short string need a look, one bit per byte.
struct ShortScan {
  std::uint64_t escaped = 0;  // JSON escapes it or it is not ASCII (a control byte, '"', '\\', >= 0x80)
  std::uint64_t spaces = 0;
};

// The longest string CopyShort takes: its bits fill a word.
constexpr std::size_t kShortBytes = 64;

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

// Copies s[0, n), 1 <= n <= kShortBytes, to `to` and scans it on the way (its
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
#else
template <bool kSpaces>
inline ShortScan CopyShort(const char* s, std::size_t n, char* to) {
  std::memcpy(to, s, n);
  ShortScan scan;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    scan.escaped |= std::uint64_t{c < 0x20 || c >= 0x80 || c == '"' || c == '\\'} << i;
    scan.spaces |= std::uint64_t{c == ' '} << i;
  }
  return scan;
}
#endif

// Whether text a ShortScan of n bytes describes is plain: JSON escapes
// nothing in it, and normalising (imr::AppendNormalized) leaves it as it is
// (no space at either end, none doubled; other whitespace is escaped).
inline bool IsPlain(const ShortScan& scan, std::size_t n) {
  const std::uint64_t edges = 1 | std::uint64_t{1} << (n - 1);
  return scan.escaped == 0 && (scan.spaces & (edges | scan.spaces >> 1)) == 0;
}

}  // namespace imr::output
