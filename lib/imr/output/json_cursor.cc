#include "imr/output/json_cursor.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"

namespace imr::output {
namespace {

#if defined(__SSE2__)
constexpr bool kHaveBlocks = true;

// The bytes among p[0..16) that are not plain (see IsPlain); reads p[16] too.
unsigned NotPlainMask(const char* p) {
  unsigned escaped, spaces, next_escaped, next_spaces;
  Classify16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), &escaped, &spaces);
  Classify16<true>(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1)), &next_escaped, &next_spaces);
  return escaped | (spaces & next_spaces);
}
#else
constexpr bool kHaveBlocks = false;
unsigned NotPlainMask(const char*) { return ~0u; }
#endif

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

void JsonCursor::TextNotShortAndPlain(std::string_view raw) {
  const std::size_t n = raw.size();
  if (n - 1 < kShortBytes && ShortWrappedText(raw)) return;
  // Long text (letter text in text mode is mostly not plain) is checked
  // before it is copied.
  if (n > kShortBytes && IsPlain(raw.data(), n)) {
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
  if (n > kShortBytes && NextAttention(normalized, 0) == normalized.size()) {
    Quoted(normalized);
    return;
  }
  String(normalized);
}

bool JsonCursor::ShortWrappedText(std::string_view raw) {
  const std::size_t n = raw.size();
  Reserve(n + 2);
  char* p = p_;
  const ShortScan scan = CopyShort</*kSpaces=*/true>(raw.data(), n, p + 1);
  // Every escaped byte must be whitespace (\t \n \v \f \r), and no
  // whitespace at either end (normalising trims it).
  for (std::uint64_t escaped = scan.escaped; escaped != 0; escaped &= escaped - 1) {
    const auto c = static_cast<unsigned char>(raw[std::countr_zero(escaped)]);
    if (c < '\t' || c > '\r') return false;
  }
  const std::uint64_t blanks = scan.spaces | scan.escaped;
  if ((blanks & (1 | std::uint64_t{1} << (n - 1))) != 0) return false;
  // A run after "x-" holding a line end joins a wrapped word instead of
  // becoming a space: left to AppendNormalized, as is any run after a hyphen.
  const std::uint64_t runs = blanks & ~(blanks << 1);
  if (scan.escaped != 0) {
    for (std::uint64_t run = runs; run != 0; run &= run - 1) {
      if (raw[std::countr_zero(run) - 1] == '-') return false;
    }
  }
  for (std::uint64_t escaped = scan.escaped; escaped != 0; escaped &= escaped - 1) {
    p[1 + std::countr_zero(escaped)] = ' ';
  }
  // Each run keeps its first byte, now a space; the rest are dropped.
  const std::uint64_t dropped = blanks & blanks << 1;
  char* w = p + 1 + (dropped == 0 ? n : static_cast<std::size_t>(std::countr_zero(dropped)));
  for (std::size_t i = static_cast<std::size_t>(w - p - 1); i < n; ++i) {
    if ((dropped >> i & 1) == 0) *w++ = p[1 + i];
  }
  *p = '"';
  *w = '"';
  p_ = w + 1;
  return true;
}

void JsonCursor::EscapedString(std::string_view s) {
  Reserve(MaxJsonStringSize(s.size()));
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
