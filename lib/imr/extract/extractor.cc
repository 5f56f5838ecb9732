#include "imr/extract/extractor.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define IMR_EXTRACTOR_X86 1
#endif

#include "imr/base/cpu.h"
#include "imr/base/text_index.h"
#include "imr/extract/layout.h"

namespace imr::extract {
namespace {

#if IMR_EXTRACTOR_X86
// (Functions, not lambdas: a lambda would not inherit the target attribute.)
__attribute__((target("avx2"))) inline __m256i Load32(const char* at) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
}
__attribute__((target("avx2"))) inline bool HasZeroByte(__m256i v) {
  const __m256i zero = _mm256_cmpeq_epi8(v, _mm256_setzero_si256());
  return _mm256_testz_si256(zero, zero) == 0;
}

// Whether p[0, 256) holds a NUL byte: the minimum of its eight vectors has
// a zero byte only where one of them has, so one compare and one test serve
// 256 bytes, where memchr compares each vector.
__attribute__((target("avx2"))) inline bool HasNul256(const char* p) {
  const __m256i a = _mm256_min_epu8(Load32(p), Load32(p + 32));
  const __m256i b = _mm256_min_epu8(Load32(p + 64), Load32(p + 96));
  const __m256i c = _mm256_min_epu8(Load32(p + 128), Load32(p + 160));
  const __m256i d = _mm256_min_epu8(Load32(p + 192), Load32(p + 224));
  return HasZeroByte(_mm256_min_epu8(_mm256_min_epu8(a, b), _mm256_min_epu8(c, d)));
}

// Whether `text` holds a NUL byte. A letter's last partial block is tested
// as the 256 bytes that end it, overlapping the block before.
__attribute__((target("avx2"))) bool HasNulAvx2(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n < 256) return std::memchr(p, '\0', n) != nullptr;
  for (std::size_t i = 0; i + 256 <= n; i += 256) {
    if (HasNul256(p + i)) return true;
  }
  return n % 256 != 0 && HasNul256(p + n - 256);
}
#endif

// A NUL byte marks binary content; every letter is tested.
bool HasNul(std::string_view text) {
#if IMR_EXTRACTOR_X86
  if (HasAvx2()) return HasNulAvx2(text);
#endif
  return std::memchr(text.data(), '\0', text.size()) != nullptr;
}

// Requests every cache line of `text` at once. A letter's bytes were last
// read by the index pass over its whole unit, so they come from L2 or
// further: recognition's colon walk, the NUL test and the section and item
// scans each touch some of them first and wait for those lines in turn;
// requested together, they arrive in about one wait (the colon walk of
// FindPhraseEndingAtColon was 3.6% of the wall samples on 1 GiB).
void PrefetchLines(std::string_view text) {
  for (std::size_t at = 0; at < text.size(); at += 64) __builtin_prefetch(text.data() + at);
}

}  // namespace

void ExtractLetter(std::string_view text, Letter* letter) {
  // One index per thread, reused: no allocation per letter once it has grown.
  thread_local TextIndex index;
  index.Build(text);
  ExtractLetter(index.Whole(text), letter);
}

void ExtractLetter(const IndexedPart& indexed, Letter* letter) {
  const std::string_view text = indexed.text;
  PrefetchLines(text);
  letter->Clear();
  letter->text = text;
  const LayoutSpec& layout = RecogniseLayout(indexed);
  letter->layout = &layout;
  if (HasNul(text)) letter->Warn(WarningCode::kBinaryContent);
  if (layout.score == nullptr) {
    letter->Warn(WarningCode::kUnknownLayout);
    return;
  }
  if (layout.extract == nullptr) {
    letter->Warn(WarningCode::kUnsupportedLayout);
    return;
  }
  layout.extract(indexed, letter);
  if (letter->case_number.empty()) letter->Warn(WarningCode::kMissingCaseNumber);
}

}  // namespace imr::extract
