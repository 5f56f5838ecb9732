#include "imr/extract/letter_start.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text_index.h"
#include "imr/split/text_splitter.h"
#include "testing/test_util.h"

namespace imr::extract {
namespace {

constexpr char kHeader[] =
    "Case Number:          CM16-0900001\n"
    "Date Assigned:        11/18/2016                      Date of Injury:      10/10/2016\n"
    "Decision Date:        12/19/2016                      UR Denial Date:      11/09/2016\n"
    "Priority:             Standard                        Application          11/14/2016\n"
    "                                                      Received:\n\n";
constexpr char kBody[] =
    "                 HOW THE IMR FINAL DETERMINATION WAS MADE\n"
    "A reviewer read the file.\n"
    "                                CLINICAL CASE SUMMARY\n"
    "The applicant is a 40-year-old male.\n"
    "                      IMR ISSUES, DECISIONS AND RATIONALES\n"
    "The Final Determination was based on decisions for the disputed items/services set forth below:\n\n"
    "MRI of the knee: Upheld\n\n"
    "Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\n\n"
    "MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\n\n"
    "Decision rationale: The request is not medically necessary.\n";

std::vector<std::size_t> Starts(std::string_view text) {
  LetterStartRule rule;
  std::vector<std::size_t> starts;
  TextIndex index;
  index.Build(text);
  rule.FindStarts(text, 0, text.size(), index.Whole(text), &starts);
  return starts;
}

// Form feeds in the indent after a page break belong to the byte after that
// break, also for a range that begins between them: where a range begins
// must not change where letters start (the split fuzzer's case).
TEST(LetterStartRule, ARangeThatBeginsInsideAnIndentFindsWhatTheWholeTextFinds) {
  const std::string text = "x\f  \fCase Number: 1\n";
  EXPECT_EQ(Starts(text), std::vector<std::size_t>{2});
  LetterStartRule rule;
  TextIndex index;
  index.Build(text);
  for (std::size_t begin = 3; begin <= 6; ++begin) {
    std::vector<std::size_t> starts;
    rule.FindStarts(text, begin, text.size(), index.Whole(text), &starts);
    EXPECT_EQ(starts, std::vector<std::size_t>{}) << "range from " << begin;
  }
}

// The splitter indexes a range in pieces of kilobytes and finds the starts
// of each piece's lines: a line of page breaks longer than many pieces keeps
// the letters that begin after its breaks, however the range is cut.
TEST(LetterStartRule, PageBreaksInALineLongerThanTheSplittersPiecesStartLetters) {
  std::string text = std::string(kHeader) + kBody;
  for (int i = 0; i < 10'000; ++i) text += "page \f ";  // one line of 70,000 bytes
  // The second letter starts after the last break that follows a word:
  // the blank and the break after it are its indent.
  const std::size_t second = text.size() - 1;
  text += "\f" + std::string(kHeader) + kBody;
  const std::vector<std::size_t> expected = {0, second};
  EXPECT_EQ(Starts(text), expected);
  LetterStartRule rule;
  for (std::size_t chunk : {std::size_t{777}, std::size_t{50'000}, text.size()}) {
    split::Batch batch;
    for (std::size_t b = 0; b < text.size(); b += chunk) split::SplitRange(text, b, b + chunk, rule, {}, &batch);
    std::vector<std::size_t> starts;
    for (const split::Document& d : batch.documents) starts.push_back(d.position.offset);
    EXPECT_EQ(starts, expected) << "chunk " << chunk;
  }
}

TEST(LetterStartRule, HeaderOpensTheLetterAndAbsorbsItsHowLine) {
  const std::string letter = std::string(kHeader) + kBody;
  EXPECT_EQ(Starts(letter), std::vector<std::size_t>{0});
}

TEST(LetterStartRule, HowLineOpensALetterWithoutHeader) {
  const std::string text = std::string("\n\n") + kBody;
  EXPECT_EQ(Starts(text), std::vector<std::size_t>{2});
}

TEST(LetterStartRule, FindsConcatenatedLettersWithAndWithoutFormFeeds) {
  const std::string a = std::string(kHeader) + kBody;
  const std::string b = std::string(kBody);  // no header
  const std::string text = a + "\f" + a + b + "\f\n" + b + a;
  const std::vector<std::size_t> starts = Starts(text);
  ASSERT_EQ(starts.size(), 5u);
  EXPECT_EQ(starts[0], 0u);
  EXPECT_EQ(starts[1], a.size());          // the line "\fCase Number: ..."
  EXPECT_EQ(starts[2], 2 * a.size() + 1);  // HOW line right after the previous rationale
}

TEST(LetterStartRule, HandlesCrlfAndByteOrderMark) {
  std::string letter = std::string("\xEF\xBB\xBF") + kHeader + kBody;
  std::string crlf;
  for (char c : letter) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(Starts(crlf), std::vector<std::size_t>{0});
  EXPECT_EQ(Starts(crlf + crlf).size(), 2u);
}

TEST(LetterStartRule, IgnoresMarkersInsideLines) {
  EXPECT_TRUE(Starts("The Case Number: CM16-1 was cited.\nsee HOW THE IMR FINAL DETERMINATION WAS MADE\n").empty());
}

TEST(LetterStartRule, RecognisesOlderTemplates) {
  EXPECT_EQ(Starts("MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n").size(), 1u);
  EXPECT_EQ(Starts("MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\n").size(), 1u);
  EXPECT_EQ(Starts("Notice of Independent Medical Review Determination\n").size(), 1u);
}

// Every seed and every real letter, in every extraction mode, is exactly one
// letter, whatever the chunk size.
TEST(LetterStartRule, EveryRealLetterIsOneLetterAtAnyChunkSize) {
  const std::optional<std::string> shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent";
  std::vector<std::string> files = testing::ListFiles(*shared + "/seeds", ".txt");
  for (const char* mode : {"layout", "default", "raw"}) {
    for (const std::string& f : testing::ListFiles(*shared + "/real/" + mode, ".txt")) files.push_back(f);
  }
  ASSERT_GE(files.size(), 5u + 3 * 94);
  LetterStartRule rule;
  std::string concatenated;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i];
    const std::string text = testing::ReadFile(path);
    // Back to back: a form feed, nothing, or (after a letter whose last line
    // has no line end) a newline.
    concatenated += text;
    if (!text.ends_with('\n') && !text.ends_with('\f')) concatenated += '\n';
    if (i % 2 == 0) concatenated += '\f';
    for (std::size_t chunk : {std::size_t{7}, std::size_t{512}, text.size()}) {
      split::Batch batch;
      for (std::size_t b = 0; b < text.size(); b += chunk) split::SplitRange(text, b, b + chunk, rule, {}, &batch);
      ASSERT_EQ(batch.documents.size(), 1u) << path << " chunk " << chunk;
      for (const split::SkippedRange& r : batch.skipped) EXPECT_EQ(r.nonblank, 0u) << path;
    }
  }
  std::vector<std::size_t> starts;
  TextIndex index;
  index.Build(concatenated);
  rule.FindStarts(concatenated, 0, concatenated.size(), index.Whole(concatenated), &starts);
  EXPECT_EQ(starts.size(), files.size());
  // The splitter finds the starts piece by piece as it indexes a range (and
  // the range in chunks): the same starts as one call over the whole text.
  for (std::size_t chunk : {std::size_t{100'000}, concatenated.size()}) {
    split::Batch batch;
    for (std::size_t b = 0; b < concatenated.size(); b += chunk) {
      split::SplitRange(concatenated, b, b + chunk, rule, {}, &batch);
    }
    std::vector<std::size_t> split_starts;
    for (const split::Document& d : batch.documents) split_starts.push_back(d.position.offset);
    EXPECT_EQ(split_starts, starts) << "chunk " << chunk;
  }
}

}  // namespace
}  // namespace imr::extract
