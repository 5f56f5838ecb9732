#include "imr/pipeline/problem_order.h"

#include <tuple>
#include <utility>

namespace imr::pipeline {
namespace {

bool Before(const split::Position& x, const split::Position& y) {
  return std::tie(x.source_id, x.line, x.offset) < std::tie(y.source_id, y.line, y.offset);
}

}  // namespace

void ProblemOrder::Start(const corpus::Corpus& corpus) {
  for (const absl::Status& e : corpus.errors()) job_.ReportError({split::DocumentError::Kind::kPath, {}, e});
}

void ProblemOrder::Add(const split::Batch& batch) {
  std::size_t next_skip = 0;
  const auto skips_until = [&](const split::Position* limit) {
    for (; next_skip < batch.skipped.size() && (limit == nullptr || !Before(*limit, batch.skipped[next_skip].position));
         ++next_skip) {
      AddSkipped(batch.skipped[next_skip]);
    }
  };
  for (const split::DocumentError& e : batch.errors) {
    skips_until(&e.position);
    FlushSkipped();
    job_.ReportError(e);
  }
  skips_until(nullptr);
  // The held range can only continue into the next batch if nothing follows
  // it in this one.
  if (batch.files_done != 0 ||
      (!batch.documents.empty() && Before(pending_.position, batch.documents.back().position))) {
    FlushSkipped();
  }
}

void ProblemOrder::Finish() { FlushSkipped(); }

void ProblemOrder::AddSkipped(const split::SkippedRange& range) {
  const split::Position& p = pending_.position;
  if (pending_.length != 0 && p.source_id == range.position.source_id && p.line == range.position.line &&
      p.offset + pending_.length == range.position.offset) {
    pending_.length += range.length;
    pending_.nonblank += range.nonblank;
    return;
  }
  FlushSkipped();
  pending_ = range;
}

void ProblemOrder::FlushSkipped() {
  const split::SkippedRange range = std::exchange(pending_, {});
  if (range.length != 0) job_.ReportSkipped(range);
}

}  // namespace imr::pipeline
