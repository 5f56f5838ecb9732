// File: imr/base/text_index.h
//
// The structural index of one text, built by a single SIMD pass over its
// bytes: where every line ends ('\n'), where every page break is ('\f') and
// where every colon is. Extractors read these positions instead of searching
// the text again: a line walk needs no memchr per line, and every labelled
// landmark of a letter ("Case Number:", "Decision rationale:", ...) ends in a
// colon, so the colons are the only places where a label can end.
//
// Example:
//   TextIndex index;
//   index.Build(letter_text);                       // reuses its storage
//   for (std::uint32_t nl : index.newlines()) ...   // positions of '\n'
//
// Positions are offsets into the text given to Build, in increasing order.
// Texts are at most 4 GiB (letters are capped at 1 MiB by the splitter).
// Thread-safety: none; one index per thread, reused from text to text.
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
};

class TextIndex {
 public:
  // Indexes `text`; positions from an earlier Build are discarded.
  void Build(std::string_view text);

  std::span<const std::uint32_t> newlines() const { return lists_[kNewline].view(); }
  std::span<const std::uint32_t> form_feeds() const { return lists_[kFormFeed].view(); }
  std::span<const std::uint32_t> colons() const { return lists_[kColon].view(); }

  // `whole`, the text given to Build, with all of its positions.
  IndexedPart Whole(std::string_view whole) const { return {whole, 0, newlines(), form_feeds(), colons()}; }

  // The first '\n' at or after `pos`, or `size` when none: the end of the
  // line holding `pos` (a binary search, no scan of the text).
  std::uint32_t LineEnd(std::uint32_t pos, std::uint32_t size) const;

  // Which kernel Build uses on this machine: "avx2", "sse2" or "scalar".
  static std::string_view Kernel();

  // The byte classes indexed, and a growable list of positions for each.
  // Not std::vector: a vector's resize writes every element, and the block
  // loop wants to store hits through a cursor into capacity it reserved.
  enum Class { kNewline, kFormFeed, kColon, kClasses };
  struct PositionList {
    std::unique_ptr<std::uint32_t[]> data;
    std::size_t size = 0, capacity = 0;
    std::span<const std::uint32_t> view() const { return {data.get(), size}; }
    void Reserve(std::size_t more);  // room for `more` hits past size
  };

 private:
  PositionList lists_[kClasses];
};

}  // namespace imr
