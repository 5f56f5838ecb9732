#include "imr/io/pdf_text.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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
std::string ModuleBesideExecutable() {
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return "";
  std::string path(exe, static_cast<std::size_t>(n));
  path.resize(path.rfind('/') + 1);
  return path + IMR_PDF_MODULE;
}

Converter LoadConverter() {
  Converter c;
  std::string error;
  for (const std::string& path : {ModuleBesideExecutable(), std::string(IMR_PDF_MODULE_BUILT)}) {
    if (path.empty()) continue;
    // Never closed: conversions may run until the process exits.
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      absl::StrAppend(&error, error.empty() ? "" : "; ", dlerror());
      continue;
    }
    c.convert = reinterpret_cast<pdf_converter::ConvertFunction>(dlsym(module, pdf_converter::kConvertSymbol));
    if (c.convert != nullptr) return c;
    absl::StrAppend(&error, error.empty() ? "" : "; ", path, ": no ", pdf_converter::kConvertSymbol);
  }
  c.unavailable = absl::StrCat("PDF input is not available: the converter module could not be loaded (", error, ")");
  return c;
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
