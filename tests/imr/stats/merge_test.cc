// Statistics over shards of a corpus, merged, equal the statistics over the
// whole corpus byte for byte: in any merge order, through the partial files,
// and at any thread count or chunk size.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"
#include "testing/test_util.h"

namespace imr::stats {
namespace {

// Letter files: the test letters of the tree, plus the shared real corpus
// when present.
std::vector<std::string> LetterFiles() {
  std::vector<std::string> files = testing::ListFiles(testing::SourceDir() + "/tests/testdata/letters", ".txt");
  if (const std::optional<std::string> shared = testing::SharedDir()) {
    for (const char* dir : {"/seeds", "/real/layout", "/real/raw"}) {
      for (const std::string& f : testing::ListFiles(*shared + dir, ".txt")) files.push_back(f);
    }
  }
  return files;
}

Stats RunStatsOn(const std::vector<std::string>& paths, int threads, std::uint64_t chunk_bytes = 4u << 20) {
  const corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
  jobs::RunOptions options;
  options.pipeline.threads = threads;
  options.pipeline.plan.chunk_bytes = chunk_bytes;
  std::FILE* diag = std::fopen("/dev/null", "w");
  absl::StatusOr<Stats> s = jobs::RunStats(corpus, options, diag);
  std::fclose(diag);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : Stats{};
}

// Every output format of a Stats, concatenated: equal strings, equal outputs.
std::string AllOutputs(const Stats& s) { return FormatPartialJson(s) + FormatStatsJson(s) + FormatStatsMarkdown(s); }

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = LetterFiles();
    ASSERT_GE(files_.size(), 4u);
    // Interleave so both halves hold letters of every kind.
    for (std::size_t i = 0; i < files_.size(); ++i) (i % 2 == 0 ? a_ : b_).push_back(files_[i]);
  }
  std::vector<std::string> files_, a_, b_;
};

TEST_F(MergeTest, ShardsMergedInAnyOrderEqualTheWholeCorpus) {
  const Stats whole = RunStatsOn(files_, 1);
  const Stats a = RunStatsOn(a_, 1);
  const Stats b = RunStatsOn(b_, 1);
  Stats ab = a;
  ab.Merge(b);
  Stats ba = b;
  ba.Merge(a);
  EXPECT_EQ(ab, whole);
  EXPECT_EQ(ba, whole);
  EXPECT_EQ(AllOutputs(ab), AllOutputs(whole));
  EXPECT_EQ(AllOutputs(ba), AllOutputs(whole));
  EXPECT_GT(whole.items, 0u);
}

TEST_F(MergeTest, ManySmallShardsInShuffledOrderEqualTheWholeCorpus) {
  const Stats whole = RunStatsOn(files_, 1);
  std::vector<Stats> shards;
  for (std::size_t i = 0; i < files_.size(); i += 3) {
    shards.push_back(RunStatsOn({files_.begin() + i, files_.begin() + std::min(i + 3, files_.size())}, 1));
  }
  std::reverse(shards.begin(), shards.end());
  std::rotate(shards.begin(), shards.begin() + shards.size() / 3, shards.end());
  // A tree of merges rather than a chain: associativity.
  while (shards.size() > 1) {
    std::vector<Stats> next;
    for (std::size_t i = 0; i < shards.size(); i += 2) {
      next.push_back(shards[i]);
      if (i + 1 < shards.size()) next.back().Merge(shards[i + 1]);
    }
    shards = std::move(next);
  }
  EXPECT_EQ(AllOutputs(shards[0]), AllOutputs(whole));
}

TEST_F(MergeTest, ThreadCountAndChunkSizeDoNotChangeTheStatistics) {
  const Stats one = RunStatsOn(files_, 1);
  const Stats eight = RunStatsOn(files_, 8);
  const Stats tiny_chunks = RunStatsOn(files_, 8, 4096);
  EXPECT_EQ(AllOutputs(eight), AllOutputs(one));
  EXPECT_EQ(AllOutputs(tiny_chunks), AllOutputs(one));
}

TEST_F(MergeTest, PartialFilesMergeToTheSameReportAsOneRun) {
  const std::string dir = testing::MakeTempDir("merge_partials");
  const Stats a = RunStatsOn(a_, 8);
  const Stats b = RunStatsOn(b_, 1);
  testing::WriteFile(dir + "/a.json", FormatPartialJson(a));
  testing::WriteFile(dir + "/b.json", FormatPartialJson(b));
  absl::StatusOr<Stats> ra = ReadPartialFile(dir + "/a.json");
  absl::StatusOr<Stats> rb = ReadPartialFile(dir + "/b.json");
  ASSERT_TRUE(ra.ok()) << ra.status();
  ASSERT_TRUE(rb.ok()) << rb.status();
  rb->Merge(*ra);
  EXPECT_EQ(AllOutputs(*rb), AllOutputs(RunStatsOn(files_, 8)));
}

// The same through the command line: imr stats --partial and imr merge.
TEST_F(MergeTest, CommandLineMergeEqualsOneStatsRunByteForByte) {
  const std::string dir = testing::MakeTempDir("merge_cli");
  const auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& f : v) s += " '" + f + "'";
    return s;
  };
  std::string out, err;
  ASSERT_LE(testing::RunImr("stats --partial --threads 8 --out " + dir + "/a.json" + join(a_), &out, &err), 1) << err;
  ASSERT_LE(testing::RunImr("stats --partial --threads 1 --out " + dir + "/b.json" + join(b_), &out, &err), 1) << err;
  for (const char* format : {"md", "json"}) {
    std::string whole, merged_ab, merged_ba;
    ASSERT_LE(testing::RunImr(std::string("stats --format ") + format + join(files_), &whole, &err), 1) << err;
    ASSERT_LE(testing::RunImr(std::string("merge --format ") + format + " " + dir + "/a.json " + dir + "/b.json",
                              &merged_ab, &err),
              1)
        << err;
    ASSERT_LE(testing::RunImr(std::string("merge --format ") + format + " " + dir + "/b.json " + dir + "/a.json",
                              &merged_ba, &err),
              1)
        << err;
    EXPECT_EQ(merged_ab, whole) << format;
    EXPECT_EQ(merged_ba, whole) << format;
    EXPECT_FALSE(whole.empty());
  }
}

TEST(MergeCli, BadPartialIsAnErrorNamingTheFile) {
  const std::string dir = testing::MakeTempDir("merge_bad");
  testing::WriteFile(dir + "/bad.json", "{\"letters\": 3}\n");
  std::string out, err;
  EXPECT_EQ(testing::RunImr("merge " + dir + "/bad.json", &out, &err), 2);
  EXPECT_NE(err.find(dir + "/bad.json: not a stats partial"), std::string::npos) << err;
  EXPECT_EQ(testing::RunImr("merge " + dir + "/missing.json", &out, &err), 2);
  EXPECT_NE(err.find(dir + "/missing.json"), std::string::npos) << err;
}

}  // namespace
}  // namespace imr::stats
