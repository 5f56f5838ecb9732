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
  // One FindStarts call's text, index and output.
  struct Scan;

  // Checks the candidate position `at` (a line start or the byte after a
  // page break), of which `newlines_before` newlines and `form_feeds_before`
  // form feeds of the scan's index lie below at - 1.
  void Check(const Scan& scan, std::size_t at, std::size_t newlines_before, std::size_t form_feeds_before) const;
  // The kind of the marker that begins at `first` (a line's first non-blank
  // byte): openings before follow-ons before body headings; body headings
  // only when `with_body_headings`.
  Kind MarkerAt(std::string_view text, std::size_t first, bool with_body_headings) const;
  // MarkerAt among markers_[begin, end), the bucket of text[first].
  Kind MatchBucket(std::string_view text, std::size_t first, std::size_t begin, std::size_t end) const;
  // Whether a follow-on line at `to` continues the header of a letter opened
  // at most split::kMaxLookback bytes before it, with no body heading (at a
  // line start) in between.
  bool ContinuesHeader(const Scan& scan, std::size_t to, std::size_t newlines_before,
                       std::size_t form_feeds_before) const;

  // Every marker of every layout, grouped by first byte.
  std::vector<Marker> markers_;
  std::array<Bucket, 256> by_first_byte_{};
  // What a line's first byte, or first two (as a little-endian 16-bit
  // number), say of it: whether its first non-blank byte may begin an
  // opening or a follow-on (kMayOpen), or any marker (kMayBeginMarker). One
  // lookup rejects most lines.
  static constexpr std::uint8_t kMayOpen = 1, kMayBeginMarker = 2;
  std::array<std::uint8_t, 256> line_byte_{};
  std::array<std::uint8_t, 65536> line_pair_{};
};

// Position of the first non-blank byte of the line starting at `line_begin`
// (skips spaces, tabs, form feeds, CR and a UTF-8 byte order mark).
std::size_t SkipLineIndent(std::string_view text, std::size_t line_begin);

}  // namespace imr::extract
