// File: imr/extract/extractor.h
//
// Turns the text of one letter into its typed record. The layout is
// recognised first (layout.h); a letter of no known layout, or of a layout we
// recognise but cannot parse, is still returned, with a warning and no items,
// so that it is counted and reported instead of dropped.
//
// Example:
//   Letter letter;
//   ExtractLetter(doc.text, &letter);     // reuses letter's storage
//   for (const Item& item : letter.items) ...
//
// Lifetime: `letter` holds views into `text` (see letter.h).
// Thread-safety: stateless; call concurrently with distinct Letter objects.
#pragma once

#include <string_view>

#include "imr/extract/letter.h"

namespace imr::extract {

void ExtractLetter(std::string_view text, Letter* letter);

}  // namespace imr::extract
