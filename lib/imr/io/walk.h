// File: imr/io/walk.h
//
// Expands the command line's paths into the list of input files: a file is
// itself, a directory is walked recursively (entries sorted by name at every
// level, so the order is reproducible), and "-" is standard input. A named
// pipe (also process substitution's /dev/fd/N) is a stream, like standard
// input: read once, to its end. Symbolic
// links are followed; a file or directory reached twice (a second path to it,
// or a symlink loop) is listed once, so no letter is ever read twice.
//
// Example:
//   io::WalkResult walk = io::ExpandPaths({"corpus/", "extra.txt"});
//   for (const absl::Status& e : walk.errors) std::cerr << e.message() << "\n";
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace imr::io {

inline constexpr char kStdinPath[] = "-";

struct InputFile {
  std::string path;           // as given, or joined under the given directory
  std::uint64_t size;         // at the time of the walk; 0 for a stream
  std::int64_t mtime_ns = 0;  // modification time at the time of the walk; 0 for standard input
  bool stream = false;        // standard input or a named pipe: readable once
};

struct WalkResult {
  std::vector<InputFile> files;
  // One per path that could not be read: NotFound, PermissionDenied, or
  // FailedPrecondition (neither file, pipe nor directory: a socket, a device).
  std::vector<absl::Status> errors;
  // Paths skipped because the same file or directory was already listed.
  std::vector<std::string> duplicates;
};

WalkResult ExpandPaths(std::span<const std::string> paths);

}  // namespace imr::io
