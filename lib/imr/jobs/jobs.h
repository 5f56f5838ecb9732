// File: imr/jobs/jobs.h
//
// The commands of the imr tool as library calls: each runs the corpus
// engine's pipeline with the IMR letter rule and extractor, and returns the
// statistics of the run (of a record run, its summary counts). Problems with
// the input never fail a run: they are reported on `diag` as
// "path:byte N: message" or "path:line N: message"
// (at most max_messages of them, then a count) and tallied in
// Stats::accounting.
//
// Example:
//   corpus::Corpus corpus = corpus::Corpus::FromPaths(paths, {});
//   absl::StatusOr<stats::Stats> s = jobs::RunExtract(corpus, {}, stdout, stderr);
#pragma once

#include <cstdio>

#include "absl/status/statusor.h"
#include "imr/corpus/corpus.h"
#include "imr/extract/letter.h"
#include "imr/output/letter_json.h"
#include "imr/pipeline/pipeline.h"
#include "imr/split/batch.h"
#include "imr/stats/shard.h"
#include "imr/stats/stats.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::jobs {

struct RunOptions {
  pipeline::PipelineOptions pipeline;
  bool serial = false;  // RunSerial instead of the flow graph (baseline, tests)
  output::RecordOptions record;
  std::uint64_t max_messages = 100;
  // Classifies every item (category, drug class); null: the built-in
  // taxonomy. Must outlive the run.
  const taxonomy::Taxonomy* taxonomy = nullptr;
  // Where a run over a shard (pipeline.plan.span) stores the skipped ranges
  // at its cut edges, for the merge (stats/shard.h); null: not kept. Must
  // outlive the run.
  stats::ShardEdges* edges = nullptr;
};

// Writes one JSON record per letter to `out`, in corpus order (CSV: the
// header first, in the corpus's first shard only). Of the statistics, only
// what SummaryLine and ReadEverything read is counted (letters, with
// warnings, rejected, items, and the accounting); `imr stats` counts the rest.
// Errors: DataLoss when writing `out` fails; Internal/ResourceExhausted from
// the pipeline.
absl::StatusOr<stats::Stats> RunExtract(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* out,
                                        std::FILE* diag);
// Statistics only. Errors: as RunExtract.
absl::StatusOr<stats::Stats> RunStats(const corpus::Corpus& corpus, const RunOptions& options, std::FILE* diag);

// What a command reads of each letter: statistics count the fields they
// need; a record also lists the drugs the summary names, a scan of the whole
// summary that no statistic needs.
enum class Reading { kStatistics, kRecord };

// Reads one document of `batch` as every command does: extracts it,
// classifies its items with `taxonomy`, and warns when the splitter
// truncated it; for a record, finds the summary's medications.
void ReadLetter(const split::Batch& batch, const split::Document& doc, const taxonomy::Taxonomy& taxonomy,
                Reading reading, extract::Letter* letter);
// Runs `job` over the corpus with the IMR letter rule: serially when
// options.serial, else in the flow graph (pipeline::Slots says how many
// slots Process gets). Errors: as pipeline::Run.
absl::Status RunLetters(const corpus::Corpus& corpus, pipeline::BatchJob& job, const RunOptions& options);

// What every command counts and reports of input it could not read as
// letters: adds it to `accounting` and returns the line for stderr (empty
// when there is nothing to report: whitespace between letters).
std::string CountSkipped(const corpus::Corpus& corpus, const split::SkippedRange& range, stats::Accounting* accounting);
// An unreadable path or file counts as a failed file, a bad record (a JSON
// line) as a failed record.
std::string CountError(const corpus::Corpus& corpus, const split::DocumentError& error, stats::Accounting* accounting);
// The message a run prints for a skipped range holding non-blank bytes.
std::string SkippedMessage(const corpus::Corpus& corpus, const split::SkippedRange& range);

// One line for stderr: letters, items, files, what was skipped or failed.
std::string SummaryLine(const stats::Stats& stats);

// True when the run read everything: no failed file or record, no skipped
// byte, no rejected or truncated letter (exit status 0 of the CLI).
bool ReadEverything(const stats::Stats& stats);

}  // namespace imr::jobs
