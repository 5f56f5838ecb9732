#include "imr/pipeline/progress.h"

#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "testing/test_util.h"

namespace imr::pipeline {
namespace {

TEST(FormatProgress, ShowsBytesOfTheTotalRateAndTimeLeft) {
  EXPECT_EQ(FormatProgress(412'300'000, 1'100'000'000, 118'220, "letters", 8.0),
            "412.3 MB of 1.10 GB (37%), 118,220 letters, 51.5 MB/s, 0:08 elapsed, 0:13 left");
}

TEST(FormatProgress, LeavesOutTheShareAndTimeLeftWithoutATotal) {
  EXPECT_EQ(FormatProgress(2'500, 0, 3, "letters", 0.5), "2.5 kB, 3 letters, 0.0 MB/s, 0:00 elapsed");
}

TEST(FormatProgress, NothingIsLeftAtTheEndAndHoursShow) {
  EXPECT_EQ(FormatProgress(900, 900, 1, "letters", 3725.0),
            "900 B of 900 B (100%), 1 letters, 0.0 MB/s, 1:02:05 elapsed");
  EXPECT_EQ(FormatProgress(0, 900, 0, "letters", 0.0), "0 B of 900 B (0%), 0 letters, 0.0 MB/s, 0:00 elapsed");
}

// The writer advances the counters by every byte and letter of the run, in
// the flow graph and in the serial loop alike.
TEST(Progress, CountsEveryByteAndLetterARunWrites) {
  const std::vector<std::string> paths = {testing::SourceDir() + "/data/sample"};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  for (const bool serial : {false, true}) {
    Progress progress;
    jobs::RunOptions options;
    options.serial = serial;
    options.pipeline.threads = 2;
    options.pipeline.plan.chunk_bytes = 4096;  // many batches
    options.pipeline.progress = &progress;
    std::FILE* diag = std::fopen("/dev/null", "w");
    const absl::StatusOr<stats::Stats> stats = jobs::RunStats(corpus, options, diag);
    std::fclose(diag);
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(progress.bytes(), corpus.total_bytes()) << serial;
    EXPECT_EQ(progress.bytes(), stats->accounting.bytes_read) << serial;
    EXPECT_EQ(progress.documents(), stats->letters) << serial;
    EXPECT_EQ(stats->letters, 300u);
  }
}

// The line's thread reads the counters while the run's writer advances them
// (the tsan stage runs this); what it leaves is the final count on a line
// of its own.
TEST(ProgressLine, EndsWithTheFinalCountsOnALineOfItsOwn) {
  const std::vector<std::string> paths = {testing::SourceDir() + "/data/sample"};
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  Progress progress;
  {
    ProgressLine line(progress, corpus.total_bytes(), "letters", out);
    jobs::RunOptions options;
    options.pipeline.threads = 2;
    options.pipeline.plan.chunk_bytes = 4096;
    options.pipeline.progress = &progress;
    ASSERT_TRUE(jobs::RunStats(corpus, options, out).ok());
  }
  std::rewind(out);
  std::string text;
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) text.push_back(static_cast<char>(c));
  std::fclose(out);
  ASSERT_TRUE(text.ends_with("\n")) << text;
  const std::size_t last = text.rfind(kEraseLine);
  ASSERT_NE(last, std::string::npos) << text;
  const std::string final_line = text.substr(last + kEraseLine.size());
  EXPECT_NE(final_line.find("(100%), 300 letters, "), std::string::npos) << final_line;
  EXPECT_EQ(final_line.find(" left"), std::string::npos) << final_line;
}

}  // namespace
}  // namespace imr::pipeline
