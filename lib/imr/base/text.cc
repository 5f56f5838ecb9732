#include "imr/base/text.h"

#include <string.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "imr/base/cpu.h"

namespace imr {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// Whether some needle occurs at s[at].
inline bool MatchesAny(std::string_view s, std::size_t at, std::span<const std::string_view> needles) {
  for (std::string_view n : needles) {
    if (s[at] == n[0] && s.size() - at >= n.size() && std::memcmp(s.data() + at, n.data(), n.size()) == 0) return true;
  }
  return false;
}

#if defined(__SSE2__)
// FindAny's block loop on 32 positions a step, for machines with AVX2
// (Debian's x86-64 baseline stops at SSE2, so it is chosen at run time).
// Tests the blocks that start in [*at, block_end]; returns the first match,
// or npos with *at at the first position not tested.
__attribute__((target("avx2"))) std::size_t FindAnyBlocksAvx2(std::string_view s,
                                                              std::span<const std::string_view> needles,
                                                              std::size_t block_end, std::size_t* at) {
  __m256i first[kMaxFindAnyNeedles], last[kMaxFindAnyNeedles];
  for (std::size_t i = 0; i < needles.size(); ++i) {
    first[i] = _mm256_set1_epi8(needles[i].front());
    last[i] = _mm256_set1_epi8(needles[i].back());
  }
  for (; *at <= block_end; *at += 32) {
    const char* p = s.data() + *at;
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    __m256i any = _mm256_setzero_si256();
    for (std::size_t i = 0; i < needles.size(); ++i) {
      const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + needles[i].size() - 1));
      any = _mm256_or_si256(any, _mm256_and_si256(_mm256_cmpeq_epi8(a, first[i]), _mm256_cmpeq_epi8(b, last[i])));
    }
    for (auto mask = static_cast<unsigned>(_mm256_movemask_epi8(any)); mask != 0; mask &= mask - 1) {
      const std::size_t candidate = *at + static_cast<std::size_t>(__builtin_ctz(mask));
      if (MatchesAny(s, candidate, needles)) return candidate;
    }
  }
  return kNpos;
}

// The first block at or after `block` (blocks start at most at last - 31)
// where a position has the needle's first byte and, n - 1 bytes on, its last
// byte; sets *mask to those positions. Null when no block has any. It calls
// nothing, so its vectors stay in registers: held across FindBlocksAvx2's
// memcmp calls, they would be reloaded from the stack for every block.
__attribute__((target("avx2"), noinline)) const char* NextCandidatesAvx2(const char* block, const char* last,
                                                                         std::size_t n, char first, char final,
                                                                         unsigned* mask) {
  const __m256i first_byte = _mm256_set1_epi8(first);
  const __m256i last_byte = _mm256_set1_epi8(final);
  for (; block + 31 <= last; block += 32) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + n - 1));
    const auto found = static_cast<unsigned>(
        _mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, first_byte), _mm256_cmpeq_epi8(b, last_byte))));
    if (found != 0) {
      *mask = found;
      return block;
    }
  }
  return nullptr;
}

// Find's block loop on 32 positions a step: the blocks that start in
// [*p, last - 31]. Returns the match, or null with *p at the first position
// not tested. `needle` has at least two bytes.
const char* FindBlocksAvx2(std::string_view needle, const char* last, const char** p) {
  const std::size_t n = needle.size();
  unsigned mask = 0;
  for (const char* block = *p;; block += 32) {
    block = NextCandidatesAvx2(block, last, n, needle[0], needle[n - 1], &mask);
    if (block == nullptr) break;
    for (; mask != 0; mask &= mask - 1) {
      const char* at = block + __builtin_ctz(mask);
      if (std::memcmp(at + 1, needle.data() + 1, n - 2) == 0) return at;
    }
  }
  // Every block that fits was tested: the first untested position is past
  // the last whole block.
  *p += (last - *p + 1) / 32 * 32;
  return nullptr;
}
#endif

}  // namespace

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  // Bytes that match as they stand are most of them: only the others are
  // folded.
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (s[i] != prefix[i] && ToLowerAscii(s[i]) != ToLowerAscii(prefix[i])) return false;
  }
  return true;
}

std::size_t Find(std::string_view s, std::string_view needle, std::size_t from) {
  if (from > s.size()) return kNpos;
  const std::size_t n = needle.size();
  if (s.size() - from < n) return kNpos;
  if (n == 0) return from;  // as memmem: the empty needle is found where the search starts
  if (n == 1) {
    // Not memmem: an empty view may have a null data(), which memmem must
    // not be given (found by the extract fuzzer on a header-only letter).
    const void* hit = std::memchr(s.data() + from, needle[0], s.size() - from);
    return hit == nullptr ? kNpos : static_cast<const char*>(hit) - s.data();
  }
#if defined(__SSE2__)
  // Fast path (the "generic SIMD" substring search of W. Mula): a position
  // is a candidate only when both the needle's first and its last byte match
  // there, tested for 16 positions at once; only candidates are compared in
  // full. Two bytes a fixed distance apart rarely both match by chance, so
  // this costs well under one instruction per byte, where glibc's memmem
  // spends several on the short needles we search for. Loads never pass the
  // end of `s`: the last block starts at most at `last`.
  const char* p = s.data() + from;
  const char* const last = s.data() + s.size() - n;  // the last possible start
  if (last - p >= 31 && HasAvx2()) {
    if (const char* hit = FindBlocksAvx2(needle, last, &p); hit != nullptr) return hit - s.data();
  }
  const __m128i first_byte = _mm_set1_epi8(needle[0]);
  const __m128i last_byte = _mm_set1_epi8(needle[n - 1]);
  for (; p + 15 <= last; p += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 1));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first_byte), _mm_cmpeq_epi8(b, last_byte))));
    while (mask != 0) {
      const char* at = p + __builtin_ctz(mask);
      if (std::memcmp(at + 1, needle.data() + 1, n - 2) == 0) return at - s.data();
      mask &= mask - 1;
    }
  }
  for (; p <= last; ++p) {
    if (p[0] == needle[0] && p[n - 1] == needle[n - 1] && std::memcmp(p + 1, needle.data() + 1, n - 2) == 0) {
      return p - s.data();
    }
  }
  return kNpos;
#else
  const void* hit = memmem(s.data() + from, s.size() - from, needle.data(), n);
  return hit == nullptr ? kNpos : static_cast<const char*>(hit) - s.data();
#endif
}

std::size_t FindAny(std::string_view s, std::span<const std::string_view> needles, std::size_t from) {
  if (needles.empty() || needles.size() > kMaxFindAnyNeedles || from > s.size()) return kNpos;
  std::size_t longest = 0;
  for (std::string_view n : needles) {
    if (n.empty()) return kNpos;
    longest = std::max(longest, n.size());
  }
  std::size_t at = from;
#if defined(__SSE2__)
  if (s.size() >= longest + 31 && HasAvx2()) {
    if (const std::size_t hit = FindAnyBlocksAvx2(s, needles, s.size() - longest - 31, &at); hit != kNpos) return hit;
  }
  // Find's first-and-last-byte filter for every needle at once: a position is
  // a candidate when some needle's pair matches there. The block loop stops
  // where the longest needle's last-byte load would pass the end of `s`; the
  // positions after that are tested one by one.
  if (s.size() >= longest + 15) {
    __m128i first[kMaxFindAnyNeedles], last[kMaxFindAnyNeedles];
    for (std::size_t i = 0; i < needles.size(); ++i) {
      first[i] = _mm_set1_epi8(needles[i].front());
      last[i] = _mm_set1_epi8(needles[i].back());
    }
    const std::size_t block_end = s.size() - longest - 15;  // the last block start
    for (; at <= block_end; at += 16) {
      const char* p = s.data() + at;
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      __m128i any = _mm_setzero_si128();
      for (std::size_t i = 0; i < needles.size(); ++i) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + needles[i].size() - 1));
        any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(a, first[i]), _mm_cmpeq_epi8(b, last[i])));
      }
      for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(any)); mask != 0; mask &= mask - 1) {
        const std::size_t candidate = at + static_cast<std::size_t>(__builtin_ctz(mask));
        if (MatchesAny(s, candidate, needles)) return candidate;
      }
    }
  }
#endif
  // The last positions, where a block's loads would pass the end: a table
  // of the needles' first bytes rules out most of them with one lookup.
  std::array<bool, 256> starts{};
  for (std::string_view n : needles) starts[static_cast<unsigned char>(n[0])] = true;
  for (; at < s.size(); ++at) {
    if (starts[static_cast<unsigned char>(s[at])] && MatchesAny(s, at, needles)) return at;
  }
  return kNpos;
}

namespace {

// How rare each byte is in letter text, case folded, rarest highest: English
// letter frequency ("etaoinsrhldcumfpgwybvkxjqz"), '.' and ',' as common as
// 'o', other punctuation and digits rarer than any letter, whitespace never.
// A table, because searches ask for every needle they start.
constexpr std::array<std::int8_t, 256> kRarity = [] {
  std::array<std::int8_t, 256> r{};
  for (int c = 0; c < 256; ++c) r[c] = 20;
  constexpr std::string_view kByFrequency = "etaoinsrhldcumfpgwybvkxjqz";
  for (std::size_t i = 0; i < kByFrequency.size(); ++i) {
    r[static_cast<unsigned char>(kByFrequency[i])] = static_cast<std::int8_t>(i);
    r[static_cast<unsigned char>(kByFrequency[i] - 32)] = static_cast<std::int8_t>(i);
  }
  r['.'] = r[','] = 4;
  for (const char c : {' ', '\t', '\r', '\f', '\v', '\n'}) r[static_cast<unsigned char>(c)] = -1;
  return r;
}();

}  // namespace

std::size_t RarestByte(std::string_view needle) {
  // Candidates for a search are found with memchr on the rarest byte, so
  // fewer of them need checking than with the first byte ("necessary"
  // anchors on 'y').
  std::size_t best = 0;
  int best_rank = -2;
  for (std::size_t i = 0; i < needle.size(); ++i) {
    const int rank = kRarity[static_cast<unsigned char>(needle[i])];
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

namespace {

// A whitespace byte that normalising changes: any whitespace but a space,
// and a space followed by whitespace. Everything before it is copied as is.
inline bool IsDirty(std::string_view s, std::size_t i) {
  return IsSpace(s[i]) && (s[i] != ' ' || (i + 1 < s.size() && IsSpace(s[i + 1])));
}

// The first dirty position at or after `i`, or s.size(). Prose is mostly
// clean runs of a line's length, so they are skipped 16 bytes a step.
std::size_t NextDirty(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4);
  // Whitespace in one block: ' ' or a byte in 9..13 (\t \n \v \f \r),
  // the latter as (b - 9) <= 4 unsigned, i.e. min(b - 9, 4) == b - 9.
  const auto controls = [&](__m128i b) {
    const __m128i d = _mm_sub_epi8(b, nine);
    return _mm_cmpeq_epi8(_mm_min_epu8(d, four), d);
  };
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    const __m128i a_space = _mm_cmpeq_epi8(a, space);
    const __m128i next_white = _mm_or_si128(_mm_cmpeq_epi8(next, space), controls(next));
    const __m128i dirty = _mm_or_si128(controls(a), _mm_and_si128(a_space, next_white));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(dirty)); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#endif
  while (i < s.size() && !IsDirty(s, i)) ++i;
  return i;
}

}  // namespace

void AppendNormalized(std::string_view s, std::string* out) {
  s = TrimSpace(s);
  // Copied in clean runs (single spaces stay as they are); each dirty
  // whitespace run becomes one space, or none when it holds a line end right
  // after "x-" (a hyphen the PDF wrapped at). `s` is trimmed, so it starts
  // and ends with a non-space and every run is followed by a clean byte.
  // The result is never longer than `s`: room for all of it is made once
  // and written through a pointer, then trimmed.
  const std::size_t base = out->size();
  out->resize(base + s.size());
  char* w = out->data() + base;
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t dirty = NextDirty(s, i);
    if (pending_space) *w++ = ' ';
    std::memcpy(w, s.data() + i, dirty - i);
    w += dirty - i;
    if (dirty == s.size()) break;
    std::size_t j = dirty;
    bool has_newline = false;
    while (j < s.size() && IsSpace(s[j])) has_newline |= s[j++] == '\n';
    // The two bytes before w may be ones `out` held before this call.
    const bool hyphen_wrap = w - out->data() >= 2 && WrapsHyphenatedWord(w[-2], w[-1], has_newline);
    pending_space = !hyphen_wrap;
    i = j;
  }
  out->resize(static_cast<std::size_t>(w - out->data()));
}

std::string Normalized(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendNormalized(s, &out);
  return out;
}

}  // namespace imr
