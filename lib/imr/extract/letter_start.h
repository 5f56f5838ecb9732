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
  // Which marker list the line at `pos` (first non-blank byte) begins with.
  bool StartsWithAny(std::string_view text, std::size_t pos, const std::vector<std::string_view>& markers) const;
  // Whether a follow-on line at `to` continues the header of a letter opened
  // in [from, to) with no body heading (at a line start) in between.
  bool ContinuesHeader(std::string_view text, std::size_t from, std::size_t to) const;

  std::vector<std::string_view> openings_;
  std::vector<std::string_view> follow_ons_;
  std::vector<std::string_view> body_headings_;
  std::array<bool, 256> first_byte_{};  // quick reject: can a marker start with this byte?
  // Can a line that starts with this byte open a letter (a marker's first
  // byte, or an indent or byte order mark before one)?
  std::array<bool, 256> may_open_line_{};
  // Second quick reject: the first four bytes of every opening and follow-on
  // (each has at least four), as one 32-bit word each.
  std::vector<std::uint32_t> prefixes_;
};

// Position of the first non-blank byte of the line starting at `line_begin`
// (skips spaces, tabs, form feeds, CR and a UTF-8 byte order mark).
std::size_t SkipLineIndent(std::string_view text, std::size_t line_begin);

}  // namespace imr::extract
