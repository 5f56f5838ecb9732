#include "imr/base/text_index.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define IMR_TEXT_INDEX_X86 1
#endif

#include "imr/base/cpu.h"

namespace imr {
namespace {

using List = TextIndex::PositionList;

// PositionList::AppendBits for line ends, of which a 64-byte block of text
// mostly holds none, one or two, in no predictable order (a loop's exit
// would be mispredicted at every other block): two are stored whatever the
// count (those past it are overwritten later), so only blocks with more take
// a branch on it. The caller reserved kSpareRoom more.
constexpr std::size_t kSpareRoom = 2;
inline void AddFewBits(List* list, std::uint32_t base, std::uint64_t mask) {
  constexpr std::uint64_t kTop = std::uint64_t{1} << 63;  // ctz of an empty mask: 63, not undefined
  std::uint32_t* out = list->data.get() + list->size;
  const std::uint64_t rest = mask & (mask - 1);
  out[0] = base + static_cast<std::uint32_t>(__builtin_ctzll(mask | kTop));
  out[1] = base + static_cast<std::uint32_t>(__builtin_ctzll(rest | kTop));
  const auto n = static_cast<std::size_t>(__builtin_popcountll(mask));
  if (n > 2) {
    out += 2;
    for (std::uint64_t more = rest & (rest - 1); more != 0; more &= more - 1) {
      *out++ = base + static_cast<std::uint32_t>(__builtin_ctzll(more));
    }
  }
  list->size += n;
}

// Blocks are indexed a stretch at a time, with room reserved first for a hit
// at every byte of the stretch: one capacity test per list per stretch, and
// at most a stretch of slack per list.
constexpr std::size_t kStretch = 4096;

void ReserveStretch(List* lists) {
  for (int k = 0; k < TextIndex::kClasses; ++k) lists[k].Reserve(kStretch + kSpareRoom);
}

// The bytes from `pos` on, one at a time.
void IndexTail(std::string_view text, std::size_t pos, std::uint32_t offset, List* lists) {
  for (; pos < text.size(); ++pos) {
    const TextIndex::Class k = TextIndex::ClassOf(text[pos]);
    if (k == TextIndex::kClasses) continue;
    lists[k].Reserve(1);
    lists[k].data[lists[k].size++] = offset + static_cast<std::uint32_t>(pos);
  }
}

#if IMR_TEXT_INDEX_X86
// Which of the 64 bytes in a and b equal `byte`, one bit each. (A lambda in
// IndexAvx2 would not inherit its target attribute.)
__attribute__((target("avx2"))) inline std::uint64_t Mask64(__m256i a, __m256i b, __m256i byte) {
  const auto lo = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, byte)));
  const auto hi = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, byte)));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

// 64 bytes a step: two 32-byte compares per byte class, one 64-bit mask each.
__attribute__((target("avx2"))) std::size_t IndexAvx2(std::string_view text, std::uint32_t offset, List* lists) {
  const char* p = text.data();
  const __m256i nl = _mm256_set1_epi8('\n'), ff = _mm256_set1_epi8('\f'), colon = _mm256_set1_epi8(':');
  const std::size_t blocks_end = text.size() / 64 * 64;
  std::size_t pos = 0;
  // A stretch at a time, its blocks in an inner loop with one bound: the
  // room test is made once per stretch, not tested for at every block.
  while (pos < blocks_end) {
    ReserveStretch(lists);
    for (const std::size_t stretch_end = std::min(blocks_end, pos + kStretch); pos < stretch_end; pos += 64) {
      const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + pos));
      const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + pos + 32));
      const auto base = offset + static_cast<std::uint32_t>(pos);
      AddFewBits(&lists[TextIndex::kNewline], base, Mask64(a, b, nl));
      lists[TextIndex::kColon].AppendBits(base, Mask64(a, b, colon));
      // Page breaks are rare: one test (no masks) rules out a block without.
      const __m256i a_ff = _mm256_cmpeq_epi8(a, ff), b_ff = _mm256_cmpeq_epi8(b, ff);
      if (!_mm256_testz_si256(_mm256_or_si256(a_ff, b_ff), _mm256_or_si256(a_ff, b_ff))) {
        lists[TextIndex::kFormFeed].AppendBits(base, Mask64(a, b, ff));
      }
    }
  }
  return pos;
}

// x86-64's baseline: 16 bytes a step.
std::size_t IndexSse2(std::string_view text, std::uint32_t offset, List* lists) {
  const char* p = text.data();
  const __m128i nl = _mm_set1_epi8('\n'), ff = _mm_set1_epi8('\f'), colon = _mm_set1_epi8(':');
  std::size_t pos = 0;
  for (; pos + 16 <= text.size(); pos += 16) {
    if (pos % kStretch == 0) ReserveStretch(lists);
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + pos));
    const auto mask = [&](__m128i byte) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, byte))));
    };
    const std::uint64_t m_nl = mask(nl), m_ff = mask(ff), m_colon = mask(colon);
    const auto base = offset + static_cast<std::uint32_t>(pos);
    lists[TextIndex::kNewline].AppendBits(base, m_nl);
    lists[TextIndex::kFormFeed].AppendBits(base, m_ff);
    lists[TextIndex::kColon].AppendBits(base, m_colon);
  }
  return pos;
}
#endif

// std::lower_bound(first, last, value), found by comparing at first[0],
// first[1], first[3], first[7], ... and then searching the last gap: about
// 2 log2(distance) steps for a distance from `first`, where lower_bound
// takes log2(last - first).
const std::uint32_t* GallopLowerBound(const std::uint32_t* first, const std::uint32_t* last, std::uint32_t value) {
  std::size_t step = 1;
  while (step <= static_cast<std::size_t>(last - first) && first[step - 1] < value) {
    first += step;
    step *= 2;
  }
  return std::lower_bound(first, first + std::min(step - 1, static_cast<std::size_t>(last - first)), value);
}

}  // namespace

void TextIndex::PositionList::Reserve(std::size_t more) {
  if (size + more <= capacity) return;
  const std::size_t grown = std::max(2 * capacity, size + more + 256);
  auto bigger = std::make_unique_for_overwrite<std::uint32_t[]>(grown);
  if (size != 0) std::memcpy(bigger.get(), data.get(), size * sizeof(std::uint32_t));
  data = std::move(bigger);
  capacity = grown;
}

IndexedPart IndexedPart::Sub(std::size_t begin, std::size_t end) const {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  const std::uint32_t from = base + static_cast<std::uint32_t>(begin), to = base + static_cast<std::uint32_t>(end);
  // A sub-part is mostly a few lines, or runs to this part's end (a
  // letter's last section): its end is found forwards from its begin.
  const auto within = [&](std::span<const std::uint32_t> all) {
    const std::uint32_t* first = all.data();
    const std::uint32_t* last = first + all.size();
    const std::uint32_t* b = std::lower_bound(first, last, from);
    const std::uint32_t* e = b == last || last[-1] < to ? last : GallopLowerBound(b, last, to);
    return all.subspan(static_cast<std::size_t>(b - first), static_cast<std::size_t>(e - b));
  };
  return {text.substr(begin, end - begin), from, within(newlines), within(form_feeds), within(colons)};
}

void TextIndex::Clear() {
  for (PositionList& list : lists_) list.size = 0;
}

void TextIndex::Add(std::string_view text, std::uint32_t offset) {
  std::size_t done = 0;
#if IMR_TEXT_INDEX_X86
  done = HasAvx2() ? IndexAvx2(text, offset, lists_) : IndexSse2(text, offset, lists_);
#endif
  IndexTail(text, done, offset, lists_);
}

TextIndex::Mark TextIndex::Here() const {
  Mark m;
  for (int k = 0; k < kClasses; ++k) m.size[k] = static_cast<std::uint32_t>(lists_[k].size);
  return m;
}

TextIndex::Mark TextIndex::After(const Slice& slice) {
  Mark m;
  for (int k = 0; k < kClasses; ++k) m.size[k] = slice.end[k];
  return m;
}

TextIndex::Slice TextIndex::SliceOf(const Mark& since, std::uint32_t from, std::uint32_t to) const {
  Slice s;
  s.base = from;
  for (int k = 0; k < kClasses; ++k) {
    const std::uint32_t* first = lists_[k].data.get() + since.size[k];
    const std::uint32_t* last = lists_[k].data.get() + lists_[k].size;
    const std::uint32_t* b = GallopLowerBound(first, last, from);
    s.begin[k] = static_cast<std::uint32_t>(b - lists_[k].data.get());
    s.end[k] = static_cast<std::uint32_t>(GallopLowerBound(b, last, to) - lists_[k].data.get());
  }
  return s;
}

TextIndex::Slice TextIndex::TailOf(const Mark& since, std::uint32_t from, std::uint32_t to) const {
  Slice s;
  s.base = from;
  for (int k = 0; k < kClasses; ++k) {
    const std::uint32_t* const data = lists_[k].data.get();
    std::size_t end = lists_[k].size;
    while (end > since.size[k] && data[end - 1] >= to) --end;
    s.begin[k] = since.size[k];
    s.end[k] = static_cast<std::uint32_t>(end);
  }
  return s;
}

IndexedPart TextIndex::Part(const Slice& slice, std::string_view text) const {
  const auto span = [&](int k) { return lists_[k].view().subspan(slice.begin[k], slice.end[k] - slice.begin[k]); };
  return {text, slice.base, span(kNewline), span(kFormFeed), span(kColon)};
}

std::string_view TextIndex::Kernel() {
#if IMR_TEXT_INDEX_X86
  return HasAvx2() ? "avx2" : "sse2";
#else
  return "scalar";
#endif
}

}  // namespace imr
