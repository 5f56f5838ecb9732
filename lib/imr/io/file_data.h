// File: imr/io/file_data.h
//
// The bytes of one input file, read-only and followed by kReadPadding zero
// bytes, so that any suffix of bytes() can be handed to simdjson in place.
// Large files are memory-mapped (never copied whole); small files are read
// into one buffer, which is cheaper than a mapping for a few kilobytes.
//
// Example:
//   IMR_ASSIGN_OR_RETURN(io::FileData file, io::FileData::Open(path));
//   std::string_view text = file.bytes();   // valid while `file` lives
//
// SAFETY of mapped files: a mapping is a view of the file as it is on disk. If
// another process truncates the file while it is mapped, touching the lost
// pages raises SIGBUS. Every mapping is guarded (mapping_guard.h): the lost
// pages read as zeros instead, and lost_from() tells where they begin, so the
// reader can report them. ReadMode::kRead avoids mappings altogether at the
// cost of a copy; kAuto reads every file below kAutoMmapThreshold.
//
// Thread-safety: immutable after Open(); bytes() may be called concurrently.
// Lifetime: views from bytes() dangle once this object is destroyed or moved
// from (the moved-to object keeps the same bytes at the same address).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "imr/io/file_opener.h"

namespace imr::io {

inline constexpr std::size_t kReadPadding = 64;  // == simdjson::SIMDJSON_PADDING
inline constexpr std::size_t kAutoMmapThreshold = std::size_t{1} << 20;

enum class ReadMode { kAuto, kMmap, kRead };

// Room that several small files are read into, one after another: one
// allocation for a unit's files instead of one per file (on a folder of
// one-letter files, malloc and free of each file's buffer were about 4% of
// a run). Every FileData read into it shares it, so it lives as long as the
// last of them.
//
// Example:
//   ReadArena arena;
//   arena.Expect(listed_size_a);  // for each file to be read
//   FileData::OpenListed(path_a, listed_size_a, ReadMode::kAuto, &opener, &arena);
//
// Thread-safety: none; one arena per unit of files.
class ReadArena {
 public:
  // Makes room for a file of `listed_size` bytes that will be read, not
  // mapped (smaller than kAutoMmapThreshold); larger files take none.
  void Expect(std::uint64_t listed_size);

 private:
  friend class FileData;
  // `bytes` of room, aligned like a cache line, or null when less is left.
  // The buffer is allocated at the first call, so an arena whose files are
  // all mapped allocates nothing.
  char* Take(std::size_t bytes);

  std::shared_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
};

class FileData {
 public:
  // Errors: NotFound, PermissionDenied (open), FailedPrecondition (a
  // directory), ResourceExhausted (mmap or allocation), DataLoss (read error).
  static absl::StatusOr<FileData> Open(const std::string& path, ReadMode mode = ReadMode::kAuto);
  // A regular file that a walk listed with `listed_size` bytes, opened
  // through `opener`. A file to be read (not mapped) is read without a stat,
  // as the walk saw it: bytes appended since are not read, and one that
  // shrank ends where it ends now; it is read into `arena` when that has
  // room (and may be null). Otherwise, and for errors, as Open().
  static absl::StatusOr<FileData> OpenListed(const std::string& path, std::uint64_t listed_size, ReadMode mode,
                                             FileOpener* opener, ReadArena* arena = nullptr);
  // Reads a stream to its end (standard input): NotFound never, DataLoss on a
  // read error.
  static absl::StatusOr<FileData> ReadStream(int fd);
  // Copies `bytes` into a new padded buffer (tests, JSON-unescaped text).
  static FileData FromString(std::string_view bytes);
  // Takes a buffer of at least size + kReadPadding bytes (an archive member
  // decompressed in place) and zeroes its padding.
  static FileData FromBuffer(std::unique_ptr<char[]> buffer, std::size_t size);
  // Takes `text` (text made in memory, such as a converted PDF) without
  // copying it: the padding is appended in place, which reallocates only when
  // `text` has less than kReadPadding bytes of spare capacity.
  static FileData Adopt(std::string text);

  FileData(FileData&& other) noexcept;
  FileData& operator=(FileData&& other) noexcept;
  FileData(const FileData&) = delete;
  FileData& operator=(const FileData&) = delete;
  ~FileData();

  std::string_view bytes() const { return {data_, size_}; }
  std::size_t size() const { return size_; }
  bool mapped() const { return mapping_size_ != 0; }

  // Where the bytes lost to the file shrinking while mapped begin (they read
  // as zeros), or kNoLoss. Exact when the file's current size is known to the
  // caller; here, the start of the first page found missing.
  static constexpr std::uint64_t kNoLoss = ~std::uint64_t{0};
  std::uint64_t lost_from() const;

  // Tells the kernel that [begin, end) will not be read again, so a mapped
  // file's pages stop counting towards resident memory. A no-op for buffers.
  void Release(std::size_t begin, std::size_t end) const;

 private:
  FileData() = default;
  // Open()'s work once `fd` (which the caller closes) is open.
  static absl::StatusOr<FileData> Read(int fd, const std::string& path, ReadMode mode);
  void Reset();

  const char* data_ = "";
  std::size_t size_ = 0;
  std::size_t mapping_size_ = 0;    // non-zero when data_ is an mmap
  int guard_slot_ = -1;             // mapping_guard.h slot of the mapping
  std::unique_ptr<char[]> buffer_;  // set when data_ was read into a buffer of its own
  std::shared_ptr<char[]> arena_;   // set when data_ was read into a ReadArena
  std::string adopted_;             // set by Adopt: the text, then kReadPadding zeros
};

}  // namespace imr::io
