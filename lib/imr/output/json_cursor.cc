#include "imr/output/json_cursor.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"

namespace imr::output {
namespace {

// True when AppendNormalized would leave `s` as it is and JSON needs no
// escape in it: printable ASCII without '"' or '\\', no space at either end
// and no two spaces in a row (other whitespace is below 0x20). Most short
// fields (names, titles on one line, pages) are, and are copied in one go.
bool IsPlainText(std::string_view s) {
  if (s.front() == ' ' || s.back() == ' ') return false;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i high3 = _mm_set1_epi8(static_cast<char>(0xE0));
  for (; i + 17 <= s.size(); i += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    const __m128i control = _mm_cmpeq_epi8(_mm_and_si128(b, high3), _mm_setzero_si128());
    const __m128i two_spaces = _mm_and_si128(_mm_cmpeq_epi8(b, space), _mm_cmpeq_epi8(next, space));
    const __m128i bad = _mm_or_si128(_mm_or_si128(control, two_spaces),
                                     _mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
    // movemask of b itself flags the bytes >= 0x80.
    if ((_mm_movemask_epi8(bad) | _mm_movemask_epi8(b)) != 0) return false;
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || (c == ' ' && s[i + 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

void JsonCursor::Text(std::string_view raw) {
  if (IsPlainText(raw)) {
    Reserve(raw.size() + 2);
    *p_++ = '"';
    std::memcpy(p_, raw.data(), raw.size());
    p_ += raw.size();
    *p_++ = '"';
    return;
  }
  thread_local std::string normalized;  // no allocation once warm
  normalized.clear();
  AppendNormalized(raw, &normalized);
  String(normalized);
}

void JsonCursor::Grow(std::size_t n) {
  const auto used = static_cast<std::size_t>(p_ - buffer_->data());
  buffer_->resize(std::max(2 * buffer_->size(), used + n + 4096));
  p_ = buffer_->data() + used;
  end_ = buffer_->data() + buffer_->size();
}

}  // namespace imr::output
