// File: imr/pipeline/problem_order.h
//
// Hands a run's problems (errors, and bytes that belong to no letter) to its
// job in corpus order, each skipped range once: a range that a chunk edge
// cut in two arrives joined, so what a job reports and counts does not
// depend on how the corpus was cut. Used by the engine's writer stage, one
// batch at a time, in corpus order.
#pragma once

#include "imr/corpus/corpus.h"
#include "imr/pipeline/pipeline.h"
#include "imr/split/batch.h"

namespace imr::pipeline {

class ProblemOrder {
 public:
  // `job` must outlive this object.
  explicit ProblemOrder(BatchJob& job) : job_(job) {}

  // The path errors met before the run (Corpus::errors), as kPath errors.
  void Start(const corpus::Corpus& corpus);
  // The batch's errors and skipped ranges, by position; its last skipped
  // range is held when it may continue in the next batch.
  void Add(const split::Batch& batch);
  // The held range, after the last batch.
  void Finish();

 private:
  void AddSkipped(const split::SkippedRange& range);
  void FlushSkipped();

  BatchJob& job_;
  split::SkippedRange pending_;  // length 0: none held
};

}  // namespace imr::pipeline
