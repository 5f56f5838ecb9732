#include "imr/base/byte_count.h"

#include <algorithm>
#include <cstddef>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define IMR_BYTE_COUNT_X86 1
#endif

#include "imr/base/cpu.h"

namespace imr {
namespace {

#if IMR_BYTE_COUNT_X86
// A match subtracts -1 from its lane's byte counter; before a counter can
// wrap (255 blocks), the lanes are summed into 64-bit totals.
__attribute__((target("avx2"))) std::uint64_t CountAvx2(const char* p, std::size_t blocks, char byte) {
  const __m256i target = _mm256_set1_epi8(byte), zero = _mm256_setzero_si256();
  __m256i totals = zero;
  for (std::size_t done = 0; done < blocks;) {
    const std::size_t run_end = std::min(blocks, done + 255);
    __m256i counters = zero;
    for (; done < run_end; ++done) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + done * 32));
      counters = _mm256_sub_epi8(counters, _mm256_cmpeq_epi8(v, target));
    }
    totals = _mm256_add_epi64(totals, _mm256_sad_epu8(counters, zero));
  }
  return static_cast<std::uint64_t>(_mm256_extract_epi64(totals, 0) + _mm256_extract_epi64(totals, 1) +
                                    _mm256_extract_epi64(totals, 2) + _mm256_extract_epi64(totals, 3));
}
#endif

}  // namespace

std::uint64_t CountByte(std::string_view text, char byte) {
  std::size_t done = 0;
  std::uint64_t count = 0;
#if IMR_BYTE_COUNT_X86
  if (HasAvx2()) {
    done = text.size() / 32 * 32;
    count = CountAvx2(text.data(), text.size() / 32, byte);
  }
#endif
  return count +
         static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(done), text.end(), byte));
}

}  // namespace imr
