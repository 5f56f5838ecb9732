// The PDF converter module (pdf_converter.h): poppler-cpp behind one C entry
// point, loaded by imr on its first PDF.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "imr/io/pdf_converter.h"

namespace imr::io::pdf_converter {
namespace {

// What poppler (22.12) keeps for the whole process, from its sources:
// - The debug function and its closure (poppler::set_debug_error_function)
//   are plain globals that every error report reads without a lock. They are
//   set once, before the first document is loaded, and never again.
// - GlobalParams (character maps, encodings and their caches) is built when a
//   first poppler::document comes to exist and destroyed with the last one,
//   under a mutex (GlobalParamsIniter); building it also sets the core's error
//   callback, another unlocked global. Its caches take its own lock inside.
//   One document held for the life of the process keeps GlobalParams from
//   being rebuilt for every PDF (a tenth of the instructions of a letter's
//   conversion, measured with callgrind) and its callback from being
//   rewritten while other threads convert.
// - Everything else belongs to one document and its pages, which poppler
//   does not lock: a document must stay on one thread. Each conversion loads
//   its own document from the caller's bytes and drops it before returning, so
//   concurrent calls share only the state above.
// Poppler reports a problem on the thread that meets it, synchronously, so a
// thread_local collector hands each message to the conversion that caused it.

constexpr int kFoldedMessages = 3;  // poppler's first messages kept for an error

struct Diagnostics {
  std::string* first;  // the first kFoldedMessages, "; "-joined
  int count = 0;
};

thread_local Diagnostics* collecting = nullptr;

void CollectDiagnostic(const std::string& message, void* /*closure*/) {
  Diagnostics* d = collecting;
  if (d == nullptr) return;  // not caused by a conversion (the pinned document)
  if (d->count++ >= kFoldedMessages) return;
  if (!d->first->empty()) d->first->append("; ");
  d->first->append(message);
}

// Routes this thread's poppler messages to `d` while it lives.
class CollectDiagnostics {
 public:
  explicit CollectDiagnostics(Diagnostics* d) { collecting = d; }
  ~CollectDiagnostics() { collecting = nullptr; }
  CollectDiagnostics(const CollectDiagnostics&) = delete;
  CollectDiagnostics& operator=(const CollectDiagnostics&) = delete;
};

// One empty page, with a correct cross-reference table (nothing to report).
constexpr std::string_view kPinnedPdf =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    "0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n162\n"
    "%%EOF\n";

// False if poppler cannot load even this one-page PDF of ours.
bool InitPopplerOnce() {
  // Never freed: it holds GlobalParams for the life of the process (above).
  // Read at every call, so the pointer is kept where leak checkers see it.
  static const poppler::document* const pinned = [] {
    poppler::set_debug_error_function(CollectDiagnostic, nullptr);
    return poppler::document::load_from_raw_data(kPinnedPdf.data(), static_cast<int>(kPinnedPdf.size()));
  }();
  return pinned != nullptr;
}

poppler::page::text_layout_enum LayoutOf(int layout) {
  switch (layout) {
    case kRawOrder:
      return poppler::page::raw_order_layout;
    case kReadingOrder:
      return poppler::page::non_raw_non_physical_layout;
    default:
      return poppler::page::physical_layout;
  }
}

int Convert(const char* pdf, std::size_t size, int layout, std::string* text, int* pages, std::string* diagnostics) {
  *pages = 0;
  diagnostics->clear();
  if (size > static_cast<std::size_t>(INT_MAX)) return kUnreadable;  // the caller refuses these first
  if (!InitPopplerOnce()) return kUnreadable;
  Diagnostics collected{diagnostics};
  CollectDiagnostics collect(&collected);
  // SAFETY: load_from_raw_data reads `pdf` in place, without a copy; the
  // document dies before this function returns, while `pdf` is still alive.
  const std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(pdf, static_cast<int>(size)));
  int result = kOk;
  if (doc == nullptr) {
    result = kUnreadable;
  } else if (doc->is_locked()) {
    result = kLocked;
  } else if ((*pages = doc->pages()) <= 0) {
    result = kNoPages;
  } else {
    const poppler::page::text_layout_enum mode = LayoutOf(layout);
    for (int i = 0; i < *pages; ++i) {
      const std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (page != nullptr) {
        const poppler::byte_array utf8 = page->text(poppler::rectf(), mode).to_utf8();
        text->append(utf8.data(), utf8.size());
      }
      // pdftotext ends every page with a form feed; poppler's page text
      // mostly has it already.
      if (text->empty() || text->back() != '\f') text->push_back('\f');
    }
  }
  if (collected.count > kFoldedMessages) {
    diagnostics->append("; " + std::to_string(collected.count - kFoldedMessages) + " more messages");
  }
  return result;
}

}  // namespace
}  // namespace imr::io::pdf_converter

extern "C" __attribute__((visibility("default"))) int imr_pdf_convert_v1(const char* pdf, std::size_t size, int layout,
                                                                         std::string* text, int* pages,
                                                                         std::string* diagnostics) {
  static_assert(std::is_same_v<decltype(&imr_pdf_convert_v1), imr::io::pdf_converter::ConvertFunction>);
  return imr::io::pdf_converter::Convert(pdf, size, layout, text, pages, diagnostics);
}
