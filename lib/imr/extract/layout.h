// File: imr/extract/layout.h
//
// The registry of letter layouts (templates). Each layout says how to spot
// where one of its letters starts in a corpus, how confident it is that a
// letter is one of its own, and how to extract the letter's fields. Adding a
// layout is one new file in layouts/ plus one line in layouts/registry.inc.
//
// Example:
//   const IndexedPart part = index.Whole(text);   // index: a TextIndex of text
//   const LayoutSpec& layout = RecogniseLayout(part);
//   if (layout.extract != nullptr) layout.extract(part, &letter);
#pragma once

#include <span>
#include <string_view>

#include "imr/base/text_index.h"
#include "imr/extract/letter.h"

namespace imr::extract {

struct LayoutSpec {
  std::string_view name;         // stable output name: "imr_2016"
  std::string_view description;  // one line for --help and the README
  // Lines (after leading blanks) that always open a new letter of this layout.
  std::span<const std::string_view> openings;
  // Lines that open a letter unless they continue the header of a letter
  // whose opening line lies within split::kMaxLookback bytes before them with
  // none of `body_headings` in between (a letter without its header starts
  // at such a line).
  std::span<const std::string_view> follow_ons;
  // Headings (at line starts) that come after the follow-on line within one
  // letter.
  std::span<const std::string_view> body_headings;
  // 0 when the text is not of this layout; the highest score wins. Reads
  // the letter and its index (a wording that ends in a colon is looked for
  // at the index's colons only).
  int (*score)(const IndexedPart& text);
  // Fills the fields from the letter and its index; null for layouts we
  // recognise but cannot parse yet.
  void (*extract)(const IndexedPart& text, Letter* letter);
};

// All known layouts, most specific first.
std::span<const LayoutSpec* const> Layouts();
// The layout to use for `text`: the best scorer, or UnknownLayout().
const LayoutSpec& RecogniseLayout(const IndexedPart& text);
const LayoutSpec& UnknownLayout();

// Every layout, each defined in its own file in layouts/ and listed in
// layouts/registry.inc.
#define IMR_LAYOUT(spec) extern const LayoutSpec spec;
#include "imr/extract/layouts/registry.inc"
#undef IMR_LAYOUT

}  // namespace imr::extract
