// File: imr/extract/letter_start.h
//
// The boundary rule that finds where IMR letters start in a corpus, built
// from the opening lines of every registered layout (layout.h): a
// `Case Number:` header, or `HOW THE IMR FINAL DETERMINATION WAS MADE` when no
// header precedes it, or the first line of an older template. Matching is on
// line starts only (after blanks, form feeds and a UTF-8 byte order mark), and
// case-sensitive, because the same words occur lower-case inside letters.
//
// Example:
//   LetterStartRule rule;
//   TextIndex index;
//   index.Build(text);
//   std::vector<std::size_t> starts;
//   rule.FindStarts(text, 0, text.size(), index.Whole(text), &starts);
//
// Thread-safety: immutable; FindStarts may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "imr/split/boundary_rule.h"

namespace imr::extract {

class LetterStartRule final : public split::BoundaryRule {
 public:
  LetterStartRule();
  void FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                  std::vector<std::size_t>* starts) const override;

 private:
  enum class Kind : std::uint8_t { kNone, kOpening, kFollowOn, kBodyHeading };
  struct Marker {
    std::string_view text;
    Kind kind;
    // Quick rejects before the full comparison: the marker's first and last
    // (up to) four bytes as 32-bit words, the mask of those bytes, and where
    // the last ones start.
    std::uint32_t head = 0, tail = 0, mask = 0, tail_at = 0;
  };
  // The markers that begin with one byte: markers_[begin, end), of which
  // [begin, openers_end) are openings and follow-ons (in that order).
  struct Bucket {
    std::uint16_t begin = 0, openers_end = 0, end = 0;
  };
  // The line ends ('\n' and '\f') of the index that lie before a candidate
  // position, for the walk back over a header.
  struct LineEndsBefore;

  // Checks the candidate position `at` (a line start or the byte after a
  // page break); `before` holds the index's line ends before at - 1.
  void Check(std::string_view text, std::size_t at, LineEndsBefore before, std::vector<std::size_t>* starts) const;
  // The kind of the marker that begins at `first` (a line's first non-blank
  // byte): openings before follow-ons before body headings; body headings
  // only when `with_body_headings`.
  Kind MarkerAt(std::string_view text, std::size_t first, bool with_body_headings) const;
  // Whether a follow-on line at `to` continues the header of a letter opened
  // at most split::kMaxLookback bytes before it, with no body heading (at a
  // line start) in between.
  bool ContinuesHeader(std::string_view text, std::size_t to, LineEndsBefore before) const;

  // Every marker of every layout, grouped by first byte.
  std::vector<Marker> markers_;
  std::array<Bucket, 256> by_first_byte_{};
  // Can a line that starts with this byte open a letter (an opening's or a
  // follow-on's first byte, or an indent or byte order mark before one)?
  // One lookup rejects most lines.
  std::array<bool, 256> may_open_line_{};
  // The same for the first two bytes of a line (little-endian, a bit each),
  // which rejects lines such as "Claims" or "\r\n" too.
  std::array<std::uint64_t, 65536 / 64> may_open_pair_{};
};

// Position of the first non-blank byte of the line starting at `line_begin`
// (skips spaces, tabs, form feeds, CR and a UTF-8 byte order mark).
std::size_t SkipLineIndent(std::string_view text, std::size_t line_begin);

}  // namespace imr::extract
