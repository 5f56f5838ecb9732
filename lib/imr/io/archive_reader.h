// File: imr/io/archive_reader.h
//
// Reads the members of a tar or zip archive, or the one stream of a single
// compressed file (.gz, .zst, .xz), in archive order through libarchive,
// without ever writing anything to disk: each regular member is decompressed
// into memory (a padded FileData) and handed out; directories, links and
// other non-regular members are skipped. A member that decompresses to more
// than `max_member_bytes` is refused with an error naming it, so a small
// archive cannot exhaust memory (a zip bomb); its remaining bytes are skipped
// and the archive goes on.
//
// Member names are labels only: "../x" and "/etc/x" are returned as stored.
// A single compressed file has one member, named after the file without its
// compression extension ("letters.txt.gz" holds "letters.txt").
//
// libarchive is loaded with dlopen the first time an archive is opened:
// linked normally it brings libxml2 and ICU along, whose relocations would
// slow every start of the tool, archives or not.
//
// Example:
//   IMR_ASSIGN_OR_RETURN(auto reader, io::ArchiveReader::OpenPath("a.tar.zst", io::ArchiveKind::kArchive, 1 << 30));
//   io::ArchiveMember m;
//   for (;;) {
//     absl::StatusOr<bool> more = reader->Next(&m);
//     if (!more.ok()) { Report(more.status()); break; }   // damaged: members before it were returned
//     if (!*more) break;
//     if (!m.error.ok()) Report(m.error); else Use(m.name, m.data.bytes());
//   }
//
// Thread-safety: one reader is used by one thread at a time; distinct readers
// are independent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "imr/io/file_data.h"

namespace imr::io {

enum class ArchiveKind {
  kNone,        // not an archive by its name
  kArchive,     // .tar, .tar.gz/.tgz, .tar.zst/.tzst, .tar.xz/.txz, .tar.bz2, .zip
  kCompressed,  // one compressed stream: .gz, .zst, .xz, .bz2
  kAny,         // unknown name (standard input, a pipe): an archive or one compressed stream
};

// By the name's extension, case-insensitively.
ArchiveKind ArchiveKindForName(std::string_view name);

inline constexpr std::uint64_t kDefaultMaxMemberBytes = std::uint64_t{1} << 30;

struct ArchiveMember {
  std::string name;                          // as stored in the archive (a label; never used as a path)
  FileData data = FileData::FromString("");  // the decompressed bytes; empty when `error` is set
  // Not OK when this member alone could not be read (over the size cap, an
  // encrypted or unsupported entry); the archive goes on. Names the member.
  absl::Status error;
};

class ArchiveReader {
 public:
  // Reads the file at `path` ("-": standard input) as `kind`. `label` names
  // the archive in messages. Errors: NotFound, PermissionDenied (open),
  // Unavailable (libarchive cannot be loaded), DataLoss (not an archive of
  // that kind, unreadable).
  static absl::StatusOr<std::unique_ptr<ArchiveReader>> OpenPath(const std::string& path, ArchiveKind kind,
                                                                 std::uint64_t max_member_bytes);
  // Reads an archive already in memory (a member of another archive);
  // `bytes` is kept alive by the reader. `label` names it in messages,
  // `name` is its own file name (a compressed stream's member is named after
  // it). Errors: as OpenPath.
  static absl::StatusOr<std::unique_ptr<ArchiveReader>> OpenMemory(std::shared_ptr<const FileData> bytes,
                                                                   const std::string& label, const std::string& name,
                                                                   ArchiveKind kind, std::uint64_t max_member_bytes);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // Fills `member` with the next regular member and returns true, or
  // returns false after the last one. DataLoss when the archive is damaged
  // or truncated: the message names the archive and the member being read
  // (or the last one read); the members before were returned, and Next must
  // not be called again.
  absl::StatusOr<bool> Next(ArchiveMember* member);

 private:
  struct Handle;
  ArchiveReader(std::unique_ptr<Handle> handle, std::string label, std::string stream_name, ArchiveKind kind,
                std::uint64_t max_member_bytes);
  absl::Status ReadData(ArchiveMember* member, std::uint64_t size_hint);

  std::unique_ptr<Handle> handle_;
  std::string label_;
  std::string stream_name_;  // the member of a single compressed stream
  ArchiveKind kind_;
  std::uint64_t max_member_bytes_;
  bool started_ = false;
  std::string last_member_;  // the last member returned, for messages about damage after it
};

}  // namespace imr::io
