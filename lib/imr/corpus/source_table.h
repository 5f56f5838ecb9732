// File: imr/corpus/source_table.h
//
// An append-only table of sources whose entries never move: the corpus lists
// the command line's files in it before a run, and the planner of a run
// appends each archive member as it reads it, while other threads read the
// entries appended earlier (their ids reached them with the work that names
// them). Entries live in segments of doubling size that are never
// reallocated, so a reader needs no lock.
//
// Example:
//   SourceTable table;
//   const std::uint32_t id = table.Append({"a.tar:x.txt", 120, SourceKind::kText});
//   const Source& s = table[id];
//
// Thread-safety: Append() may be called from any thread (appends are
// serialised by a lock); operator[] is safe concurrently with Append() for
// every id that Append() returned before the id was handed to the reader.
// Lifetime: references from operator[] live as long as the table.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace imr::corpus {

enum class SourceKind {
  kText,     // one letter or many concatenated
  kJsonl,    // one record per line
  kPdf,      // a PDF: Corpus::Text converts its bytes to text
  kArchive,  // a container: its members become sources of their own (never split itself)
};

struct Source {
  std::string path;        // "-" for standard input; "archive:member" for an archive's member
  std::uint64_t size = 0;  // as stored (a PDF's, not its text's; an archive's compressed size)
  SourceKind kind = SourceKind::kText;
};

class SourceTable {
 public:
  SourceTable() = default;
  SourceTable(const SourceTable&) = delete;
  SourceTable& operator=(const SourceTable&) = delete;

  std::uint32_t Append(Source source);
  const Source& operator[](std::uint32_t id) const {
    const int segment = SegmentOf(id);
    return segments_[segment].load(std::memory_order_acquire)[id - SegmentStart(segment)];
  }
  std::uint32_t size() const { return size_.load(std::memory_order_acquire); }

 private:
  static constexpr int kFirstBits = 10;  // the first segment holds 1,024 sources, each next one twice as many
  static constexpr int kSegments = 32 - kFirstBits + 1;
  static int SegmentOf(std::uint32_t id) { return static_cast<int>(std::bit_width(id >> kFirstBits)); }
  static std::uint32_t SegmentStart(int segment) {
    return segment == 0 ? 0 : std::uint32_t{1} << (kFirstBits + segment - 1);
  }

  std::mutex append_mu_;
  std::array<std::unique_ptr<Source[]>, kSegments> owned_;  // guarded by append_mu_
  std::array<std::atomic<Source*>, kSegments> segments_{};
  std::atomic<std::uint32_t> size_{0};
};

}  // namespace imr::corpus
