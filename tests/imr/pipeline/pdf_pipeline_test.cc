// PDFs through the flow graph: each one converted by the worker that splits
// its unit, on every thread at once (run under ThreadSanitizer too), must give
// the records and messages of the serial run, good and bad PDFs mixed.
#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/corpus/corpus.h"
#include "imr/io/pdf_text.h"
#include "imr/jobs/jobs.h"
#include "testing/pdf_maker.h"
#include "testing/test_util.h"

namespace imr {
namespace {

// Records and messages of `imr extract` on `dir`.
std::string Extract(const std::string& dir, int threads, bool serial) {
  const std::string paths[] = {dir};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  jobs::RunOptions options;
  options.pipeline.threads = threads;
  options.serial = serial;
  std::FILE* out = std::tmpfile();
  std::FILE* diag = std::tmpfile();
  EXPECT_TRUE(jobs::RunExtract(corpus, options, out, diag).ok());
  return testing::ReadAndClose(out) + testing::ReadAndClose(diag);
}

TEST(PdfPipeline, ManyPdfsOnEveryThreadGiveTheSerialRecordsAndMessages) {
  if (!io::PdfSupported()) GTEST_SKIP() << "this build reads no PDF (-DIMR_PDF=OFF)";
  const std::string dir = testing::MakeTempDir("pdf_pipeline");
  const std::string letters = testing::SourceDir() + "/tests/testdata/letters/";
  int n = 0;
  for (const std::string& fixture : testing::ListFiles(letters, ".txt")) {
    const std::string pdf = testing::MakeTextPdfOf(testing::ReadFile(fixture));
    for (int copy = 0; copy < 2; ++copy) {
      testing::WriteFile(dir + "/" + std::to_string(n++) + ".pdf", pdf);
      testing::WriteFile(dir + "/" + std::to_string(n++) + "_cut.pdf", pdf.substr(0, pdf.size() / 3));
    }
    testing::WriteFile(dir + "/" + std::to_string(n++) + ".txt", testing::ReadFile(fixture));
  }
  const std::string serial = Extract(dir, 1, true);
  EXPECT_NE(serial.find("_cut.pdf: damaged or truncated PDF"), std::string::npos) << serial;
  EXPECT_NE(serial.find("\"path\":\"" + dir + "/0.pdf\""), std::string::npos) << serial;
  for (int threads : {1, 4}) EXPECT_EQ(Extract(dir, threads, false), serial) << threads << " threads";
}

}  // namespace
}  // namespace imr
