// File: imr/extract/extractor.h
//
// Turns the text of one letter into its typed record. The layout is
// recognised first (layout.h); a letter of no known layout, or of a layout we
// recognise but cannot parse, is still returned, with a warning and no items,
// so that it is counted and reported instead of dropped.
//
// Example:
//   Letter letter;
//   ExtractLetter(batch.Indexed(doc), &letter);  // the splitter's index of the letter
//   ExtractLetter(text, &letter);                // indexes `text` first
//   for (const Item& item : letter.items) ...    // (letter's storage is reused)
//
// Lifetime: `letter` holds views into `text` (see letter.h).
// Thread-safety: stateless; call concurrently with distinct Letter objects.
#pragma once

#include <string_view>

#include "imr/base/text_index.h"
#include "imr/extract/letter.h"

namespace imr::extract {

// `text` with its structural index (imr/base/text_index.h), as the splitter
// hands each letter over.
void ExtractLetter(const IndexedPart& text, Letter* letter);
// Builds the index first (a per-thread one, reused).
void ExtractLetter(std::string_view text, Letter* letter);

}  // namespace imr::extract
