// File: imr/pipeline/pipeline.h
//
// The corpus engine's flow graph. It plans work units, splits them into
// letters, lets a job process each batch in parallel, and hands the batches
// to the job's writer one at a time in corpus order, so that output is the
// same at any thread count. A limiter keeps at most `max_in_flight` units
// alive at once, so memory does not grow with the corpus; a mapped range is
// released once its batch is written.
//
// Example:
//   ExtractJob job(...);   // implements BatchJob
//   absl::Status s = pipeline::RunPipeline(corpus, rule, job, {.threads = 8});
//
// RunSerial() runs the same stages in a plain loop: the test oracle and the
// 1.00x baseline of every speed claim.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "imr/corpus/corpus.h"
#include "imr/pipeline/progress.h"
#include "imr/split/batch.h"
#include "imr/split/boundary_rule.h"
#include "imr/split/unit_planner.h"

namespace imr::pipeline {

struct PipelineOptions {
  int threads = 0;        // 0: every core
  int max_in_flight = 0;  // work units alive at once; 0: 4 x threads
  split::PlanOptions plan;
  std::string text_field = "text";  // JSON Lines field holding the letter
  // When set, advanced by each batch's bytes and documents once it is
  // written (progress.h). Must outlive the run.
  Progress* progress = nullptr;
};

// What a run does with its batches.
class BatchJob {
 public:
  virtual ~BatchJob() = default;
  // Runs concurrently on different batches; `slot` in [0, threads) is unique
  // among the calls running at the same moment (for per-thread state).
  virtual void Process(split::Batch& batch, int slot) const = 0;
  // Runs serially, in corpus order. An error stops the run (e.g. a full disk).
  virtual absl::Status Write(split::Batch& batch) = 0;
  // What could not be read, serially and in corpus order: the path errors
  // met before the run first, then each batch's errors and skipped ranges
  // just before its Write. A skipped range cut by a chunk edge arrives once,
  // joined, so nothing reported depends on how the corpus was cut.
  virtual void ReportError(const split::DocumentError& error) = 0;
  virtual void ReportSkipped(const split::SkippedRange& range) = 0;
};

// Threads a run will use for `requested` (0 = every core).
int ResolveThreads(int requested);
// The slots a run passes to Process: 1 when serial.
int Slots(const PipelineOptions& options, bool serial);

// Where a position is, as messages name it: "path:line N" in a JSON Lines
// source, "path:byte N" in a text source.
std::string Where(const corpus::Corpus& corpus, const split::Position& position);

// Errors: whatever Write returned first; Internal or ResourceExhausted if a
// stage threw (a bug, or memory ran out).
absl::Status RunPipeline(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                         const PipelineOptions& options);
absl::Status RunSerial(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                       const PipelineOptions& options);
// RunSerial when `serial`, else RunPipeline.
absl::Status Run(const corpus::Corpus& corpus, const split::BoundaryRule& rule, BatchJob& job,
                 const PipelineOptions& options, bool serial);

}  // namespace imr::pipeline
