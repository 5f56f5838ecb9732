// File: apps/imr/input_flags.h
//
// The flags every corpus-reading command shares (threads, input format,
// read mode, chunking, messages, output file), and their translation into
// library options.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "flags.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "imr/pipeline/progress.h"

namespace imr::cli {

struct InputFlags {
  long long threads = 0;
  std::string input_format = "auto";
  std::string text_field = "text";
  std::string read_mode = "auto";
  long long chunk_size = 4 << 20;
  bool serial = false;
  long long max_messages = 100;
  std::string out;
  bool progress = false;
  bool quiet = false;

  void Register(FlagParser* flags);
  corpus::CorpusOptions CorpusOptions() const;
  jobs::RunOptions RunOptions() const;
};

// The progress line of one run on stderr (pipeline/progress.h). Shown when
// stderr is a terminal, unless `streams_to_stdout` (records written as they
// are made) and standard output is a terminal too, where the two would
// interleave; forced by --progress; never with --quiet.
class ProgressDisplay {
 public:
  // Before the run: starts the line if it is to be shown, and points
  // options->pipeline.progress at its counters.
  void Start(const InputFlags& flags, const corpus::Corpus& corpus, bool streams_to_stdout, jobs::RunOptions* options);
  // After the run: the final line, ended by a newline.
  void Stop() { line_.reset(); }

 private:
  pipeline::Progress progress_;
  std::unique_ptr<pipeline::ProgressLine> line_;
};

// Opens --out (or returns stdout); on failure prints the error and returns null.
std::FILE* OpenOutput(const std::string& path);
// Closes a file from OpenOutput; false (after printing why) if data was lost.
bool CloseOutput(std::FILE* out, const std::string& path);

}  // namespace imr::cli
