// File: imr/split/boundary_rule.h
//
// The splitter is generic: it cuts a text into documents at the positions a
// BoundaryRule reports as document starts. The IMR domain supplies the rule
// (extract/letter_start.h); tests supply toy rules.
//
// Contract for implementations: FindStarts must be a pure function of the
// text, so that two workers looking at overlapping ranges of one file agree
// on every start. It may read up to kMaxLookback bytes before `begin` (and to
// the end of a line after `end`) to decide.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "imr/base/text_index.h"

namespace imr::split {

inline constexpr std::size_t kMaxLookback = 4096;

class BoundaryRule {
 public:
  virtual ~BoundaryRule() = default;
  // Appends to `starts`, in increasing order, every document start s with
  // begin <= s < end. A start is always the first byte of a line or the
  // byte after a form feed (a page break ends a line). `lines` is the index
  // of text[LineBegin(begin), end) (its text is that view of `text`; its
  // positions less its `base` are offsets into it): the line ends and page
  // breaks of the range, found once by the splitter and shared with the
  // extractors.
  virtual void FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                          std::vector<std::size_t>* starts) const = 0;
};

}  // namespace imr::split
