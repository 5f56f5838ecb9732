#include "imr/pipeline/problem_order.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace imr::pipeline {
namespace {

using split::DocumentError;
using split::Position;
using split::SkippedRange;

// Writes down what it is told, in order: "error <offset>", "skip <offset> <length> <nonblank>", "write <seq>".
class RecordingJob final : public BatchJob {
 public:
  void Process(split::Batch&, int) const override {}
  absl::Status Write(split::Batch& batch) override {
    events.push_back(absl::StrCat("write ", batch.seq));
    return absl::OkStatus();
  }
  void ReportError(const DocumentError& e) override { events.push_back(absl::StrCat("error ", e.position.offset)); }
  void ReportSkipped(const SkippedRange& r) override {
    events.push_back(absl::StrCat("skip ", r.position.offset, " ", r.length, " ", r.nonblank));
  }
  std::vector<std::string> events;
};

// Feeds batches as the engine's writer does: problems, then the batch.
void Feed(ProblemOrder& order, RecordingJob& job, split::Batch& batch) {
  order.Add(batch);
  ASSERT_TRUE(job.Write(batch).ok());
}

split::Document DocumentAt(std::uint64_t offset) {
  split::Document doc;
  doc.position = Position{0, offset, 0};
  return doc;
}

split::Batch MakeBatch(std::uint64_t seq) {
  split::Batch b;
  b.seq = seq;
  return b;
}

TEST(ProblemOrder, ASkippedRangeCutByAChunkEdgeArrivesOnceJoined) {
  RecordingJob job;
  ProblemOrder order(job);
  split::Batch first = MakeBatch(0), second = MakeBatch(1);
  first.skipped.push_back({Position{0, 100, 0}, 50, 10});  // runs to the chunk edge at 150
  second.skipped.push_back({Position{0, 150, 0}, 30, 5});  // and on from it
  second.documents.push_back(DocumentAt(180));
  second.files_done = 1;
  Feed(order, job, first);
  Feed(order, job, second);
  order.Finish();
  EXPECT_EQ(job.events, (std::vector<std::string>{"write 0", "skip 100 80 15", "write 1"}));
}

TEST(ProblemOrder, ErrorsAndSkippedRangesArriveInCorpusOrderBeforeTheirBatch) {
  RecordingJob job;
  ProblemOrder order(job);
  split::Batch batch = MakeBatch(0);
  batch.skipped.push_back({Position{0, 10, 0}, 5, 5});
  batch.skipped.push_back({Position{0, 40, 0}, 5, 0});
  batch.errors.push_back({DocumentError::Kind::kPart, Position{0, 20, 0}, absl::DataLossError("bad")});
  batch.documents.push_back(DocumentAt(60));
  Feed(order, job, batch);
  order.Finish();
  EXPECT_EQ(job.events, (std::vector<std::string>{"skip 10 5 5", "error 20", "skip 40 5 0", "write 0"}));
}

TEST(ProblemOrder, ARangeThatMayContinueIsHeldUntilTheRunEnds) {
  RecordingJob job;
  ProblemOrder order(job);
  split::Batch batch = MakeBatch(0);
  batch.documents.push_back(DocumentAt(0));
  batch.skipped.push_back({Position{0, 90, 0}, 10, 10});  // after the last letter, file not done
  Feed(order, job, batch);
  EXPECT_EQ(job.events, (std::vector<std::string>{"write 0"}));
  order.Finish();
  EXPECT_EQ(job.events, (std::vector<std::string>{"write 0", "skip 90 10 10"}));
}

TEST(ProblemOrder, RangesOfDifferentFilesAreNotJoined) {
  RecordingJob job;
  ProblemOrder order(job);
  split::Batch first = MakeBatch(0), second = MakeBatch(1);
  first.skipped.push_back({Position{0, 0, 0}, 10, 10});
  second.skipped.push_back({Position{1, 10, 0}, 10, 10});
  Feed(order, job, first);
  Feed(order, job, second);
  order.Finish();
  EXPECT_EQ(job.events, (std::vector<std::string>{"write 0", "skip 0 10 10", "write 1", "skip 10 10 10"}));
}

}  // namespace
}  // namespace imr::pipeline
