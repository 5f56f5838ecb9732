#include "imr/io/pdf_text.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "testing/pdf_maker.h"
#include "testing/test_util.h"

namespace imr::io {
namespace {

class PdfText : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PdfSupported()) GTEST_SKIP() << "this build reads no PDF (-DIMR_PDF=OFF)";
  }
};

bool StartsWith(const absl::Status& status, const std::string& prefix) {
  return std::string(status.message()).starts_with(prefix);
}
bool Mentions(const absl::Status& status, const std::string& words) {
  return std::string(status.message()).find(words) != std::string::npos;
}

const std::vector<std::vector<std::string>> kTwoPages = {{"Case Number: CM16-0000001", "  indented (line)"},
                                                         {"page two"}};

TEST_F(PdfText, EveryPageEndsInAFormFeedAsPdftotextWritesIt) {
  const absl::StatusOr<FileData> text = PdfToText(testing::MakeTextPdf(kTwoPages), "a.pdf", PdfArrangement::kLayout);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->bytes(), "Case Number: CM16-0000001\n  indented (line)\n\fpage two\n\f");
  EXPECT_EQ(text->bytes().data()[text->size()], '\0');  // padded like any file
}

TEST_F(PdfText, EachArrangementReadsTheLines) {
  for (PdfArrangement a : {PdfArrangement::kLayout, PdfArrangement::kRaw, PdfArrangement::kDefault}) {
    const absl::StatusOr<FileData> text = PdfToText(testing::MakeTextPdf(kTwoPages), "a.pdf", a);
    ASSERT_TRUE(text.ok()) << text.status();
    EXPECT_NE(text->bytes().find("Case Number: CM16-0000001\n"), std::string_view::npos) << text->bytes();
    EXPECT_NE(text->bytes().find("indented (line)\n"), std::string_view::npos) << text->bytes();
    EXPECT_NE(text->bytes().find("\fpage two\n"), std::string_view::npos) << text->bytes();
    EXPECT_EQ(std::count(text->bytes().begin(), text->bytes().end(), '\f'), 2) << text->bytes();
    EXPECT_EQ(text->bytes().back(), '\f');
  }
}

TEST_F(PdfText, NotAPdfIsInvalidArgumentNamingTheFile) {
  const absl::StatusOr<FileData> text = PdfToText("Case Number: CM16-0000001\n", "dir/letter.pdf", {});
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(text.status().message()), "dir/letter.pdf: not a PDF (no %PDF- header), yet named .pdf");
}

TEST_F(PdfText, TruncatedOrDamagedIsDataLossWithPopplersWords) {
  const std::string pdf = testing::MakeTextPdf(kTwoPages);
  std::string damaged = pdf;
  for (std::size_t i = 100; i < damaged.size(); i += 7) damaged[i] = '#';
  for (const std::string& bytes : {pdf.substr(0, pdf.size() / 2), damaged, std::string("%PDF-1.4\n")}) {
    const absl::StatusOr<FileData> text = PdfToText(bytes, "cut.pdf", {});
    EXPECT_EQ(text.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_TRUE(StartsWith(text.status(), "cut.pdf: damaged or truncated PDF")) << text.status();
  }
  // Poppler says why, in the error and nowhere else.
  EXPECT_TRUE(Mentions(PdfToText(pdf.substr(0, pdf.size() / 2), "cut.pdf", {}).status(),
                       "(poppler: error: Couldn't find trailer dictionary"));
}

TEST_F(PdfText, LockedIsPermissionDenied) {
  const absl::StatusOr<FileData> text = PdfToText(testing::MakeEncryptedPdf(), "secret.pdf", {});
  EXPECT_EQ(text.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(StartsWith(text.status(), "secret.pdf: encrypted PDF: it needs a password")) << text.status();
}

TEST_F(PdfText, PagesWithoutTextAreFailedPreconditionCounted) {
  const absl::StatusOr<FileData> text = PdfToText(testing::MakeImageOnlyPdf(3), "scan.pdf", {});
  EXPECT_EQ(text.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(std::string(text.status().message()),
            "scan.pdf: 3 pages but no text layer (a scanned image? run OCR first)");
}

TEST_F(PdfText, PopplersMessagesNeverReachStderr) {
  ::testing::internal::CaptureStderr();
  const std::string pdf = testing::MakeTextPdf(kTwoPages);
  EXPECT_FALSE(PdfToText(pdf.substr(0, pdf.size() - 40), "cut.pdf", {}).ok());
  EXPECT_FALSE(PdfToText(testing::MakeEncryptedPdf(), "secret.pdf", {}).ok());
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// Run under ThreadSanitizer too: conversions share only poppler's global
// state, and each one's messages stay with it.
TEST_F(PdfText, ConcurrentConversionsKeepTheirTextAndTheirMessages) {
  const std::string good = testing::MakeTextPdf(kTwoPages);
  const std::string cut = good.substr(0, good.size() / 2);
  constexpr int kThreads = 4;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string name = "t" + std::to_string(t) + ".pdf";
        const absl::StatusOr<FileData> text = PdfToText(good, name, PdfArrangement::kLayout);
        const absl::StatusOr<FileData> bad = PdfToText(cut, name, PdfArrangement::kLayout);
        const bool ok = text.ok() && text->bytes() == "Case Number: CM16-0000001\n  indented (line)\n\fpage two\n\f" &&
                        bad.status().code() == absl::StatusCode::kDataLoss && StartsWith(bad.status(), name + ": ") &&
                        Mentions(bad.status(), "(poppler: error");
        failures[t] += !ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace imr::io
