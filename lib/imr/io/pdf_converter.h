// File: imr/io/pdf_converter.h
//
// The entry point of the PDF converter module (libimr_pdf.so, built from
// pdf_poppler.cc), the only code that links poppler. imr loads the module on
// its first PDF (pdf_text.cc): poppler brings 30 shared libraries whose
// loading and relocation cost about 10 million instructions, which a run that
// reads no PDF must not pay at every start.
//
// The module is built by the same compiler against the same libstdc++, so the
// entry point passes std::string; it has no Abseil of its own (errors cross
// as a code and a message).
#pragma once

#include <cstddef>
#include <string>

namespace imr::io::pdf_converter {

enum Result : int {
  kOk = 0,
  kUnreadable = 1,  // poppler could not load the document (damaged, truncated)
  kLocked = 2,      // encrypted, and the empty password does not open it
  kNoPages = 3,     // loaded, but without a page
};

enum Layout : int { kPhysical = 0, kRawOrder = 1, kReadingOrder = 2 };

// Appends the text of every page of the PDF [pdf, pdf + size) to *text, each
// page ending in a form feed as pdftotext writes it; sets *pages; writes
// poppler's first messages about this document to *diagnostics ("" if none).
// Reads `pdf` in place. May run concurrently on distinct inputs.
using ConvertFunction = int (*)(const char* pdf, std::size_t size, int layout, std::string* text, int* pages,
                                std::string* diagnostics);
inline constexpr char kConvertSymbol[] = "imr_pdf_convert_v1";

}  // namespace imr::io::pdf_converter
