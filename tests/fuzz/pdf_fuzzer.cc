// Fuzzes the PDF stage: bytes named .pdf, opened through the corpus, which
// converts them with poppler (io/pdf_text.h). Any input must give either
// text as pdftotext writes it (pages ending in form feeds, some text, padded
// like a file), the same again on a second conversion, or one of the
// documented errors naming the file; poppler must never write to stderr
// (stderr is not checked here: libFuzzer's own lines go there) or crash.
//
// Input: byte 0 picks the arrangement, the rest is the PDF.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "fuzz_util.h"
#include "imr/corpus/corpus.h"
#include "imr/io/pdf_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto arrangement = static_cast<imr::io::PdfArrangement>(data[0] % 3);
  const std::string names[] = {"fuzz.pdf"};
  const std::string texts[] = {std::string(reinterpret_cast<const char*>(data) + 1, size - 1)};
  const imr::corpus::Corpus corpus = imr::corpus::Corpus::FromTexts(names, texts, imr::corpus::SourceKind::kPdf);
  // FromTexts reads PDFs in the layout arrangement; the others directly.
  const absl::StatusOr<imr::io::FileData> direct = imr::io::PdfToText(texts[0], names[0], arrangement);
  if (arrangement == imr::io::PdfArrangement::kLayout) {
    const auto opened = corpus.Open(0);
    FUZZ_CHECK(opened.ok() == direct.ok());
    if (opened.ok()) FUZZ_CHECK((*opened)->bytes() == direct->bytes());
  }
  if (!direct.ok()) {
    const absl::StatusCode code = direct.status().code();
    FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kDataLoss ||
               code == absl::StatusCode::kPermissionDenied || code == absl::StatusCode::kFailedPrecondition);
    FUZZ_CHECK(std::string(direct.status().message()).starts_with("fuzz.pdf: "));
    return 0;
  }
  const std::string_view text = direct->bytes();
  FUZZ_CHECK(!text.empty() && text.back() == '\f');
  FUZZ_CHECK(text.find_first_not_of(" \n\r\t\f") != std::string_view::npos);
  for (std::size_t i = 0; i < imr::io::kReadPadding; ++i) FUZZ_CHECK(text.data()[text.size() + i] == '\0');
  const absl::StatusOr<imr::io::FileData> again = imr::io::PdfToText(texts[0], names[0], arrangement);
  FUZZ_CHECK(again.ok() && again->bytes() == text);
  return 0;
}
