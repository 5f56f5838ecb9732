// File: imr/base/text_index.h
//
// The structural index of a text, built by a single SIMD pass over its
// bytes: where every line ends ('\n'), where every page break is ('\f') and
// where every colon is. The splitter builds it once per stretch of a corpus
// and finds letter starts from its line ends; each letter then carries its
// part of the index to the extractors, which read these positions instead of
// searching the text again: a line walk needs no memchr per line, and every
// labelled landmark of a letter ("Case Number:", "Decision rationale:", ...)
// ends in a colon, so the colons are the only places where a label can end.
//
// Example:
//   TextIndex index;
//   index.Build(letter_text);                       // reuses its storage
//   for (std::uint32_t nl : index.newlines()) ...   // positions of '\n'
//
// Positions are offsets into the indexed text, in increasing order within
// one text; an index may hold several texts one after another (Add), each
// read through a Slice of it. Texts are under 4 GiB.
// Thread-safety: none; one index per thread or per batch, reused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace imr {

// A part of an indexed text: its bytes and the positions of each class that
// fall inside it. Positions stay offsets into the whole text; subtract
// `base` for offsets into `text`.
struct IndexedPart {
  std::string_view text;
  std::uint32_t base = 0;
  std::span<const std::uint32_t> newlines, form_feeds, colons;

  // The part text[begin, end) of this part (offsets into `text`, clamped).
  IndexedPart Sub(std::size_t begin, std::size_t end) const;
  // The part that `view`, a view into `text` (or a null view: an empty part
  // at the end), covers.
  IndexedPart Of(std::string_view view) const {
    if (view.data() == nullptr) return Sub(text.size(), text.size());
    const auto at = static_cast<std::size_t>(view.data() - text.data());
    return Sub(at, at + view.size());
  }
};

class TextIndex {
 public:
  // The byte classes indexed.
  enum Class { kNewline, kFormFeed, kColon, kClasses };
  // The class of a byte the index records, or kClasses for any other byte.
  static constexpr Class ClassOf(char c) {
    return c == '\n' ? kNewline : c == '\f' ? kFormFeed : c == ':' ? kColon : kClasses;
  }

  // How many positions of each class the index holds: a mark taken before
  // Add delimits what that Add recorded.
  struct Mark {
    std::uint32_t size[kClasses] = {};
  };
  // Where the positions of text[from, to) lie in the lists, for a part whose
  // first byte is at `from`; made into an IndexedPart by Part() once the
  // lists stop growing (Add may move them).
  struct Slice {
    std::uint32_t begin[kClasses] = {}, end[kClasses] = {};
    std::uint32_t base = 0;
  };

  // Indexes `text` alone; what the index held before is discarded.
  void Build(std::string_view text) {
    Clear();
    Add(text, 0);
  }
  void Clear();
  // Appends the positions of `text`'s bytes, each plus `offset`, after those
  // already held. Within one text, stretches are added in order.
  void Add(std::string_view text, std::uint32_t offset);

  // For a decoder that indexes a text as it writes it (the JSON Lines
  // reader: a letter's line ends are its `\n` escapes): Reserve room for
  // `more` positions of every class, then Append them in increasing order;
  // Truncate drops what was appended since a mark.
  void Reserve(std::size_t more) {
    for (PositionList& list : lists_) list.Reserve(more);
  }
  void Append(Class k, std::uint32_t position) { lists_[k].data[lists_[k].size++] = position; }
  // A position at base + each set bit of `mask`.
  void AppendBits(Class k, std::uint32_t base, std::uint64_t mask) { lists_[k].AppendBits(base, mask); }
  void Truncate(const Mark& mark) {
    for (int k = 0; k < kClasses; ++k) lists_[k].size = mark.size[k];
  }

  Mark Here() const;
  // A mark past a slice's positions: later ranges of the same text are
  // sliced from it in a few steps.
  static Mark After(const Slice& slice);
  // The positions in [from, to) among those added since `since` (which must
  // all be of one text: slice a text before adding the next). Searched
  // forwards from `since` in steps that double: the cost grows with the
  // logarithm of how many positions lie between `since` and `to`, so the
  // parts of a text are best sliced in order, each from After the last.
  Slice SliceOf(const Mark& since, std::uint32_t from, std::uint32_t to) const;
  // SliceOf(since, from, to) where every position added since `since` is at
  // or above `from`: found backwards from the last position added, so the
  // cost grows with how many of them lie at or above `to` (none or a few for
  // a text indexed piece by piece and sliced up to the piece's last line).
  Slice TailOf(const Mark& since, std::uint32_t from, std::uint32_t to) const;
  // `text` (the bytes of the slice's range) with the slice's positions.
  IndexedPart Part(const Slice& slice, std::string_view text) const;

  std::span<const std::uint32_t> newlines() const { return lists_[kNewline].view(); }
  std::span<const std::uint32_t> form_feeds() const { return lists_[kFormFeed].view(); }
  std::span<const std::uint32_t> colons() const { return lists_[kColon].view(); }

  // `whole`, the text given to Build, with all of its positions.
  IndexedPart Whole(std::string_view whole) const { return {whole, 0, newlines(), form_feeds(), colons()}; }

  // Which kernel Add uses on this machine: "avx2", "sse2" or "scalar".
  static std::string_view Kernel();

  // A growable list of positions. Not std::vector: a vector's resize writes
  // every element, and the block loop stores hits through a cursor into
  // capacity it reserved.
  struct PositionList {
    std::unique_ptr<std::uint32_t[]> data;
    std::size_t size = 0, capacity = 0;
    std::span<const std::uint32_t> view() const { return {data.get(), size}; }
    void Reserve(std::size_t more);  // room for `more` hits past size
    // A hit at base + each set bit of `mask`, in room already reserved: a
    // store and an increment each.
    void AppendBits(std::uint32_t base, std::uint64_t mask) {
      if (mask == 0) return;
      std::uint32_t* out = data.get() + size;
      std::size_t n = 0;
      for (; mask != 0; mask &= mask - 1) out[n++] = base + static_cast<std::uint32_t>(__builtin_ctzll(mask));
      size += n;
    }
  };

 private:
  PositionList lists_[kClasses];
};

}  // namespace imr
