// File: testing/pdf_maker.h
//
// Small PDFs written for the tests, byte by byte, with a correct
// cross-reference table: text pages (each line drawn in Courier at its own
// height, so every arrangement reads it back line by line), pages with no
// text, an encrypted document, and the same bytes cut or damaged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imr::testing {

// One page per element of `pages`, each a list of lines (ASCII).
std::string MakeTextPdf(const std::vector<std::vector<std::string>>& pages);
// The pages of `text` (split at form feeds), each split at line ends.
std::string MakeTextPdfOf(std::string_view text);
// `pages` pages that draw a filled rectangle and no text: a scan's shape.
std::string MakeImageOnlyPdf(int pages);
// A one-page text PDF encrypted with the standard handler (RC4, 40 bits)
// whose user password is not empty: poppler cannot open it without one.
std::string MakeEncryptedPdf();

}  // namespace imr::testing
