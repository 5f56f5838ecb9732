// A file truncated while it is mapped: reading the lost pages
// raises SIGBUS, which must not kill the process. io::FileData guards its
// mappings (io/mapping_guard.h): the lost pages read as zeros, and the
// pipeline reports the file as failed at the byte where the loss begins.
//
// The truncation is deterministic: the file is cut after it is mapped and
// before it is read, by the test itself (FileData level) or by a boundary rule
// that truncates the file on its first call (pipeline level).
#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/corpus/corpus.h"
#include "imr/extract/extractor.h"
#include "imr/extract/letter_start.h"
#include "imr/io/file_data.h"
#include "imr/pipeline/pipeline.h"
#include "testing/test_util.h"

namespace imr {
namespace {

const std::size_t kPage = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));

TEST(TruncatedMapping, LostPagesReadAsZerosAndTheLossIsReported) {
  const std::string path = testing::MakeTempDir("truncated_file") + "/f.txt";
  testing::WriteFile(path, std::string(5 * kPage + 123, 'x'));
  absl::StatusOr<io::FileData> f = io::FileData::Open(path, io::ReadMode::kMmap);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_TRUE(f->mapped());
  EXPECT_EQ(f->lost_from(), io::FileData::kNoLoss);
  ASSERT_EQ(truncate(path.c_str(), static_cast<off_t>(kPage + 100)), 0);
  // Without the guard, the first read past page 2 would kill the process.
  std::size_t x = 0, zero = 0;
  for (char c : f->bytes()) (c == 'x' ? x : zero) += 1;
  EXPECT_EQ(x, kPage + 100);
  EXPECT_EQ(zero, f->size() - (kPage + 100));
  EXPECT_EQ(f->lost_from(), 2 * kPage);  // the first page wholly past the new end
  for (std::size_t i = 0; i < io::kReadPadding; ++i) EXPECT_EQ(f->bytes().data()[f->size() + i], '\0');
  // Another mapping of another file is not affected.
  const std::string other = path + ".2";
  testing::WriteFile(other, std::string(3 * kPage, 'y'));
  absl::StatusOr<io::FileData> g = io::FileData::Open(other, io::ReadMode::kMmap);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->bytes(), std::string(3 * kPage, 'y'));
  EXPECT_EQ(g->lost_from(), io::FileData::kNoLoss);
}

// The IMR rule, which truncates `path` to `size` bytes the first time it is
// asked for letter starts: after the planner mapped the file, before any
// worker read it.
class TruncatingRule final : public split::BoundaryRule {
 public:
  TruncatingRule(std::string path, off_t size) : path_(std::move(path)), size_(size) {}
  void FindStarts(std::string_view text, std::size_t begin, std::size_t end, const IndexedPart& lines,
                  std::vector<std::size_t>* starts) const override {
    if (!truncated_.exchange(true)) EXPECT_EQ(truncate(path_.c_str(), size_), 0);
    rule_.FindStarts(text, begin, end, lines, starts);
  }

 private:
  std::string path_;
  off_t size_;
  mutable std::atomic<bool> truncated_{false};
  extract::LetterStartRule rule_;
};

// Extracts every letter (reading every byte of it) and keeps what is written.
class CountingJob final : public pipeline::BatchJob {
 public:
  void Process(split::Batch& batch, int slot) const override {
    extract::Letter letter;
    for (const split::Document& doc : batch.documents) extract::ExtractLetter(doc.text, &letter);
  }
  absl::Status Write(split::Batch& batch) override {
    documents += batch.documents.size();
    return absl::OkStatus();
  }
  void ReportError(const split::DocumentError& e) override { errors.push_back(e); }
  void ReportSkipped(const split::SkippedRange& r) override {}
  std::size_t documents = 0;
  std::vector<split::DocumentError> errors;
};

TEST(TruncatedMapping, PipelineReportsTheFileAtTheByteWhereTheLossBegins) {
  const std::string letter = testing::ReadFile(testing::SourceDir() + "/tests/testdata/letters/eight_items.txt");
  std::string text;
  while (text.size() < (3u << 20)) text += letter + "\f";
  const std::string path = testing::MakeTempDir("truncated_pipeline") + "/big.txt";
  const off_t keep = static_cast<off_t>(text.size() / 3 + 11);
  for (bool serial : {true, false}) {
    testing::WriteFile(path, text);
    corpus::CorpusOptions co;
    co.read_mode = io::ReadMode::kMmap;
    const corpus::Corpus corpus = corpus::Corpus::FromPaths(std::vector<std::string>{path}, co);
    TruncatingRule rule(path, keep);
    CountingJob job;
    pipeline::PipelineOptions options;
    options.threads = 4;
    options.plan.chunk_bytes = 256 * 1024;
    const absl::Status s =
        serial ? pipeline::RunSerial(corpus, rule, job, options) : pipeline::RunPipeline(corpus, rule, job, options);
    ASSERT_TRUE(s.ok()) << s;
    ASSERT_EQ(job.errors.size(), 1u) << (serial ? "serial" : "parallel");
    EXPECT_EQ(job.errors[0].position.offset, static_cast<std::uint64_t>(keep));
    EXPECT_EQ(job.errors[0].status.code(), absl::StatusCode::kDataLoss);
    EXPECT_NE(job.errors[0].status.message().find(path + ":byte " + std::to_string(keep) + ": the file shrank"),
              absl::string_view::npos)
        << job.errors[0].status;
    // The letters before the cut were read.
    EXPECT_GE(job.documents, static_cast<std::size_t>(keep) / (letter.size() + 1));
  }
}

}  // namespace
}  // namespace imr
