#include "imr/io/pdf_text.h"

#include <dlfcn.h>

#include <climits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "imr/base/module_loader.h"
#include "imr/base/strings.h"
#include "imr/io/pdf_converter.h"

namespace imr::io {
namespace {

// The converter module, loaded once for the process (pdf_converter.h), or
// why it could not be.
struct Converter {
  pdf_converter::ConvertFunction convert = nullptr;
  std::string unavailable;
};

#ifdef IMR_PDF_MODULE
// The module sits beside the executable (build/bin); a test binary run from a
// copy elsewhere finds it where the build put it.
Converter LoadConverter() {
  const std::string paths[] = {absl::StrCat(ExecutableDir(), "/", IMR_PDF_MODULE), IMR_PDF_MODULE_BUILT};
  absl::StatusOr<void*> convert = LoadModuleSymbol(paths, pdf_converter::kConvertSymbol, RTLD_LOCAL);
  if (convert.ok()) return {reinterpret_cast<pdf_converter::ConvertFunction>(*convert), ""};
  return {nullptr, absl::StrCat("PDF input is not available: the converter module could not be loaded (",
                                convert.status().message(), ")")};
}
#else
Converter LoadConverter() {
  return {nullptr, "PDF input is not supported in this build of imr (configured with -DIMR_PDF=OFF)"};
}
#endif

const Converter& TheConverter() {
  static const Converter converter = LoadConverter();
  return converter;
}

bool HasText(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') return true;
  }
  return false;
}

std::string Folded(const std::string& diagnostics) {
  return diagnostics.empty() ? "" : absl::StrCat(" (poppler: ", ToAbsl(diagnostics), ")");
}

int LayoutOf(PdfArrangement arrangement) {
  switch (arrangement) {
    case PdfArrangement::kRaw:
      return pdf_converter::kRawOrder;
    case PdfArrangement::kDefault:
      return pdf_converter::kReadingOrder;
    case PdfArrangement::kLayout:
      break;
  }
  return pdf_converter::kPhysical;
}

}  // namespace

bool PdfSupported() { return TheConverter().convert != nullptr; }

absl::StatusOr<FileData> PdfToText(std::string_view pdf, const std::string& name, PdfArrangement arrangement,
                                   std::string* warning) {
  if (warning != nullptr) warning->clear();
  // Poppler too looks for the header in the first 1024 bytes.
  if (pdf.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not a PDF (no %PDF- header), yet named .pdf"));
  }
  if (pdf.size() > static_cast<std::size_t>(INT_MAX)) {
    return absl::ResourceExhaustedError(absl::StrCat(name, ": a PDF larger than 2 GiB, more than poppler can load"));
  }
  const Converter& converter = TheConverter();
  if (converter.convert == nullptr) return absl::UnimplementedError(absl::StrCat(name, ": ", converter.unavailable));
  std::string text;
  std::string diagnostics;
  int pages = 0;
  switch (converter.convert(pdf.data(), pdf.size(), LayoutOf(arrangement), &text, &pages, &diagnostics)) {
    case pdf_converter::kOk:
      break;
    case pdf_converter::kLocked:
      return absl::PermissionDeniedError(
          absl::StrCat(name, ": encrypted PDF: it needs a password to be read", Folded(diagnostics)));
    case pdf_converter::kNoPages:
      return absl::DataLossError(absl::StrCat(name, ": damaged or truncated PDF: no pages", Folded(diagnostics)));
    default:
      return absl::DataLossError(
          absl::StrCat(name, ": damaged or truncated PDF: poppler cannot read it", Folded(diagnostics)));
  }
  if (!HasText(text)) {
    return absl::FailedPreconditionError(absl::StrCat(name, ": ", pages, pages == 1 ? " page" : " pages",
                                                      " but no text layer (a scanned image? run OCR first)",
                                                      Folded(diagnostics)));
  }
  if (warning != nullptr && !diagnostics.empty()) {
    *warning =
        absl::StrCat(name, ": read, but poppler reported problems, so its text may be incomplete", Folded(diagnostics));
  }
  return FileData::Adopt(std::move(text));
}

}  // namespace imr::io
