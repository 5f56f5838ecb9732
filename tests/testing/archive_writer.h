// File: testing/archive_writer.h
//
// Writes test archives with libarchive's writer (tar, zip, or one compressed
// stream), so the tests need no zip command.
#pragma once

#include <string>
#include <vector>

namespace imr::testing {

struct ArchiveEntry {
  std::string name;
  std::string bytes;
  bool directory = false;
};

// `format`: "tar", "zip" or "raw" (a single compressed stream of one entry);
// `filter`: "none", "gzip", "zstd", "xz" or "bzip2". Fails the test on error.
void WriteArchive(const std::string& path, const std::string& format, const std::string& filter,
                  const std::vector<ArchiveEntry>& entries);

}  // namespace imr::testing
