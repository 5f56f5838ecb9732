// File: apps/imr/input_flags.h
//
// The flags every corpus-reading command shares (threads, input format,
// read mode, chunking, messages, output file), and their translation into
// library options.
#pragma once

#include <cstdio>
#include <string>

#include "flags.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"

namespace imr::cli {

struct InputFlags {
  long long threads = 0;
  std::string input_format = "auto";
  std::string text_field = "text";
  std::string read_mode = "auto";
  std::string pdf_text = "layout";
  long long chunk_size = 4 << 20;
  bool serial = false;
  long long max_messages = 100;
  std::string out;

  void Register(FlagParser* flags);
  corpus::CorpusOptions CorpusOptions() const;
  jobs::RunOptions RunOptions() const;
};

// Opens --out (or returns stdout); on failure prints the error and returns null.
std::FILE* OpenOutput(const std::string& path);
// Closes a file from OpenOutput; false (after printing why) if data was lost.
bool CloseOutput(std::FILE* out, const std::string& path);

}  // namespace imr::cli
