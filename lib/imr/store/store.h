// File: imr/store/store.h
//
// The SQLite store behind `imr stats --db` and `imr extract --db`: one file
// holding, for every input file read, its identity (path, size,
// modification time, content hash), its letters as relational tables
// (record_tables.h) and its statistics as a partial (stats/partial.h), plus
// the merged statistics of all files. A run with paths reads only the files
// that are new or whose identity changed, drops the files that disappeared
// under those paths, and prints statistics byte-identical to a full run.
//
// Every run's changes are one transaction: a run that dies at any moment
// leaves the store as it was, and the next run does the work again. The
// store uses SQLite's rollback journal (see store.cc for why). A second run on
// the same store waits for the first (busy timeout), then fails with
// Unavailable.
//
// Example:
//   UpdateOptions options;                     // paths empty: read the store only
//   absl::StatusOr<stats::Stats> s = UpdateStore("archive.sqlite", paths, options, stderr);
#pragma once

#include <cstdio>
#include <functional>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "imr/stats/stats.h"
#include "imr/store/sqlite.h"

namespace imr::store {

// The store's format name and version: a store of another version is refused
// (rebuild it with --rebuild). The version also covers the record's columns
// and the partial's version, which are checked separately.
inline constexpr std::string_view kStoreFormat = "imr-store";
inline constexpr int kStoreVersion = 1;

struct UpdateOptions {
  jobs::RunOptions run;
  corpus::CorpusOptions corpus;
  bool rebuild = false;         // drop every file first (an imr store only)
  int busy_timeout_ms = 10000;  // how long a second run waits for the first
  // When set, reads the store once it is up to date, inside the run's
  // transaction (so that it sees what the returned statistics count); its
  // error fails the run. `imr extract --db` prints the records this way
  // (record_reader.h).
  std::function<absl::Status(Database&)> read;
};

// With `paths`: brings the store at `db_path` up to date with them (creating
// it if missing) and returns the statistics of every file in the store, plus
// the run's unreadable paths. Without: returns the stored statistics.
// Problems with input files are reported on `diag` and counted, as in
// jobs::RunStats.
// Errors: NotFound (no store, without paths); FailedPrecondition (a SQLite
// file that is not an imr store, a store of another version, or one built
// with another taxonomy or input format); DataLoss (not a database, a damaged
// one, I/O errors); ResourceExhausted (disk full); Unavailable (another run
// holds the store). The store is unchanged after any error.
absl::StatusOr<stats::Stats> UpdateStore(const std::string& db_path, std::span<const std::string> paths,
                                         const UpdateOptions& options, std::FILE* diag);

}  // namespace imr::store
