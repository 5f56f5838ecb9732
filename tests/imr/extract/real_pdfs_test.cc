// The 94 published PDFs of ../shared/real/pdf (skipped when absent), each
// converted in memory in every arrangement, against pdftotext's text of the
// same arrangement in ../shared/real/{layout,default,raw}: the same text
// (whitespace normalised) and, through imr extract, the same record, every
// field.
#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/corpus/corpus.h"
#include "imr/io/pdf_text.h"
#include "imr/jobs/jobs.h"
#include "testing/flat_record.h"
#include "testing/test_util.h"

namespace imr::extract {
namespace {

struct Arrangement {
  const char* folder;
  io::PdfArrangement arrangement;
};
constexpr Arrangement kArrangements[] = {
    {"layout", io::PdfArrangement::kLayout},
    {"default", io::PdfArrangement::kDefault},
    {"raw", io::PdfArrangement::kRaw},
};

// imr extract's records of every letter under `path`, in corpus order.
std::string ExtractRecords(const std::string& path, io::PdfArrangement arrangement) {
  corpus::CorpusOptions options;
  options.pdf_text = arrangement;
  const std::string paths[] = {path};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, options);
  std::FILE* out = std::tmpfile();
  std::FILE* diag = std::tmpfile();
  jobs::RunOptions run;
  run.pipeline.threads = 2;
  const absl::StatusOr<stats::Stats> stats = jobs::RunExtract(corpus, run, out, diag);
  EXPECT_TRUE(stats.ok()) << stats.status();
  if (stats.ok()) {
    EXPECT_TRUE(jobs::ReadEverything(*stats)) << path << ": " << jobs::SummaryLine(*stats);
  }
  std::fclose(diag);
  return testing::ReadAndClose(out);
}

class RealPdfs : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_ = testing::SharedDir();
    if (!shared_) GTEST_SKIP() << "../shared is absent";
    if (!io::PdfSupported()) GTEST_SKIP() << "this build reads no PDF (-DIMR_PDF=OFF)";
    pdfs_ = testing::ListFiles(*shared_ + "/real/pdf", ".pdf");
    ASSERT_EQ(pdfs_.size(), 94u);
  }
  std::string TextPath(const Arrangement& a, const std::string& pdf) const {
    const std::string stem = pdf.substr(pdf.rfind('/') + 1, pdf.size() - pdf.rfind('/') - 5);
    return *shared_ + "/real/" + a.folder + "/" + stem + ".txt";
  }
  std::optional<std::string> shared_;
  std::vector<std::string> pdfs_;
};

TEST_F(RealPdfs, TextIsPdftotextsInEveryArrangement) {
  for (const Arrangement& a : kArrangements) {
    int identical = 0;
    for (const std::string& pdf : pdfs_) {
      const absl::StatusOr<io::FileData> text = io::PdfToText(testing::ReadFile(pdf), pdf, a.arrangement);
      ASSERT_TRUE(text.ok()) << text.status();
      const std::string want = testing::ReadFile(TextPath(a, pdf));
      EXPECT_EQ(Normalized(text->bytes()), Normalized(want)) << pdf << " as " << a.folder;
      identical += text->bytes() == want;
    }
    // Byte for byte on Debian 12's poppler 22.12; whitespace may differ with
    // another pdftotext, so only the normalised text is required above.
    std::printf("%s: %d of %zu texts byte-identical to pdftotext's\n", a.folder, identical, pdfs_.size());
  }
}

TEST_F(RealPdfs, RecordsEqualThoseOfPdftotextsTextEveryField) {
  for (const Arrangement& a : kArrangements) {
    SCOPED_TRACE(a.folder);
    const testing::JsonLines from_pdf(ExtractRecords(*shared_ + "/real/pdf", a.arrangement));
    const testing::JsonLines from_text(ExtractRecords(*shared_ + "/real/" + a.folder, a.arrangement));
    ASSERT_EQ(from_pdf.size(), from_text.size());
    ASSERT_EQ(from_pdf.size(), 94u);
    for (std::size_t i = 0; i < from_pdf.size(); ++i) {
      testing::FlatRecord got, want;
      testing::Flatten(from_pdf[i], "", &got);
      testing::Flatten(from_text[i], "", &want);
      // The source names the PDF, the other its text: same stem, same offset.
      const std::string pdf_path{std::string_view(from_pdf[i]["source"]["path"])};
      EXPECT_EQ(TextPath(a, pdf_path), std::string_view(from_text[i]["source"]["path"]));
      got.erase("source.path");
      want.erase("source.path");
      EXPECT_EQ(got, want) << pdf_path;
    }
  }
}

}  // namespace
}  // namespace imr::extract
