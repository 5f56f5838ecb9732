// File: testing/test_util.h
//
// Helpers for the tests: locating the source tree and the optional
// ../shared corpus, reading files, extracting letters with their text kept
// alive, and parsing JSON Lines output back with simdjson.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imr/extract/letter.h"
#include "simdjson.h"

namespace imr::testing {

// The repository root and the build directory (build/bin/imr lives below
// it) the tests were built from, or $IMR_SOURCE_DIR and $IMR_BINARY_DIR when
// set: scripts/test.sh runs copies of tests as a user who cannot enter the
// tree.
std::string SourceDir();
std::string BinaryDir();
// The shared corpus folder (../shared beside the repository, or
// $IMR_SHARED_DIR), or nullopt when it is absent: tests then GTEST_SKIP().
std::optional<std::string> SharedDir();

std::string ReadFile(const std::string& path);  // fails the test if unreadable
void WriteFile(const std::string& path, const std::string& bytes);
std::vector<std::string> ListFiles(const std::string& dir, const std::string& suffix);  // sorted
// A fresh empty directory under the temporary directory, private to this
// test process.
std::string MakeTempDir(const std::string& name);

// A letter together with the text its views point into.
struct OwnedLetter {
  std::string text;
  extract::Letter letter;
};
std::unique_ptr<OwnedLetter> Extract(std::string text);

// Every line of a JSON Lines text, parsed with simdjson; a line that is not
// JSON fails the test. Elements live as long as this object.
class JsonLines {
 public:
  explicit JsonLines(const std::string& jsonl);
  std::size_t size() const { return docs_.size(); }
  simdjson::dom::element operator[](std::size_t i) const { return docs_[i]; }

 private:
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;
  std::vector<simdjson::dom::element> docs_;
};

// How many times `needle` occurs in `haystack` (overlapping occurrences too).
std::size_t CountOccurrences(const std::string& haystack, const std::string& needle);

// Runs build/bin/imr with `args` (a shell-quoted string); returns the exit
// status and fills stdout/stderr.
int RunImr(const std::string& args, std::string* out, std::string* err);

}  // namespace imr::testing
