// File: imr/io/pdf_text.h
//
// Turns the bytes of a PDF, already in memory, into its text the way
// pdftotext writes it: each page's text followed by a form feed, in one of
// pdftotext's three arrangements of the text on a page. The text comes back
// as padded FileData, so it reads like any text file.
//
// Example:
//   IMR_ASSIGN_OR_RETURN(io::FileData pdf, io::FileData::Open(path));
//   IMR_ASSIGN_OR_RETURN(io::FileData text, io::PdfToText(pdf.bytes(), path, io::PdfArrangement::kLayout));
//
// Poppler's own diagnostics never reach stderr: the ones a conversion causes
// are folded into the error it returns, the others are dropped.
//
// Thread-safety: PdfToText may run concurrently on distinct inputs (each call
// owns its poppler document; pdf_poppler.cc says what poppler shares).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "imr/io/file_data.h"

namespace imr::io {

enum class PdfArrangement {
  kLayout,   // the physical layout, columns kept (pdftotext -layout)
  kRaw,      // the order of the content stream (pdftotext -raw)
  kDefault,  // reading order, columns one after another (pdftotext)
};

// False when this build has no PDF support (configured with -DIMR_PDF=OFF),
// or its converter module (pdf_converter.h) cannot be loaded.
bool PdfSupported();

// The text of the PDF `pdf`; `name` (its path) begins every error message.
// When poppler read the PDF but reported problems on the way (a repaired
// cross-reference table, an unknown operator: the text may be incomplete),
// `*warning` (if given) becomes one line saying so with poppler's first
// messages, naming the file; else it is emptied.
// Errors:
//   InvalidArgument     not a PDF (no "%PDF-" in its first 1024 bytes)
//   DataLoss            a PDF poppler cannot read (damaged or truncated), with
//                       poppler's first messages
//   PermissionDenied    encrypted, and no empty password opens it
//   FailedPrecondition  pages but no text on any of them (a scanned image)
//   ResourceExhausted   larger than poppler can load (2 GiB)
//   Unimplemented       no PDF support (PdfSupported() is false), saying why
absl::StatusOr<FileData> PdfToText(std::string_view pdf, const std::string& name, PdfArrangement arrangement,
                                   std::string* warning = nullptr);

}  // namespace imr::io
