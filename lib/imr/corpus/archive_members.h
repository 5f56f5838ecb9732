// File: imr/corpus/archive_members.h
//
// The members of one archive source, in archive order, each ready to be
// listed as a source of its own named "archive:member" (its kind by the
// member's extension). The archive is read once, as a stream: members are
// decompressed one at a time, as Next() is called.
//
// Nesting: an archive member that is itself an archive or a compressed file
// (by its name) is read in turn, one level deep: its members are named
// "archive:inner.zip:member". An archive found inside such a nested archive is
// not read; it comes back as an error naming it.
//
// Example:
//   ArchiveMembers members(corpus.source(id), corpus.max_member_bytes());
//   ArchiveMembers::Member m;
//   while (members.Next(&m)) m.error.ok() ? Add(m.source, m.bytes) : Report(m.source.path, m.error);
//
// Thread-safety: none; one planner reads an archive.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "imr/corpus/source_table.h"
#include "imr/io/archive_reader.h"
#include "imr/io/file_data.h"

namespace imr::corpus {

class ArchiveMembers {
 public:
  struct Member {
    Source source;                              // path "archive:member"; size of the decompressed bytes
    std::shared_ptr<const io::FileData> bytes;  // null when `error` is set
    // Not OK when this member could not be read (over the size cap, damaged,
    // nested too deep, a kind not read), or when the archive could not be
    // opened or is damaged here (source.path is then the archive's own, and
    // nothing follows). The message names the archive and the member.
    absl::Status error;
  };

  // `archive` (a source of kind kArchive) must outlive this object.
  ArchiveMembers(const Source& archive, std::uint64_t max_member_bytes);
  ~ArchiveMembers();

  // Fills `member` and returns true, or returns false after the last one.
  bool Next(Member* member);

 private:
  struct Level {
    std::unique_ptr<io::ArchiveReader> reader;
    std::string label;  // the archive's name in messages and member names
  };
  const Source& archive_;
  std::uint64_t max_member_bytes_;
  bool opened_ = false;
  std::vector<Level> levels_;  // [0] the archive; [1] a member archive being read
};

}  // namespace imr::corpus
