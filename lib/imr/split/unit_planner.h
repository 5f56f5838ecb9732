// File: imr/split/unit_planner.h
//
// Cuts a corpus into work units of roughly equal size, in corpus order: a
// large file becomes several byte ranges (the splitter snaps them to letter
// starts), and runs of small files are grouped into one unit so that the cost
// of each file does not dominate. A PDF (a file or a member) is always a
// unit of its own, never converted here: the worker that splits the unit
// converts it. Units are numbered; the pipeline puts their results back in
// that order. An archive is read here, streamed, member by member
// (corpus/archive_members.h): each member is listed as a source of its own
// (Corpus::AddMember) and its bytes travel with the unit, small members
// grouped and large ones cut into ranges like files.
//
// Example:
//   UnitPlanner planner(corpus, PlanOptions{});
//   WorkUnit unit;
//   while (planner.Next(&unit)) Process(unit);
//
// Thread-safety: none; the pipeline calls Next() from one serial node.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "imr/corpus/archive_members.h"
#include "imr/corpus/corpus.h"
#include "imr/io/file_data.h"
#include "imr/split/shard_plan.h"

namespace imr::split {

struct PlanOptions {
  std::uint64_t chunk_bytes = 4u << 20;  // files larger than this are cut into ranges
  std::uint64_t batch_bytes = 1u << 20;  // small files are grouped up to this many bytes...
  std::uint32_t batch_files = 256;       // ...or this many files
  // The part of the corpus to plan (a shard: shard_plan.h); the default is
  // all of it. A span that begins or ends inside a source cuts it at a
  // multiple of chunk_bytes, where a run over the whole corpus cuts it too.
  CorpusSpan span;
};

// A whole source of a unit: a small file, opened by the worker, or an archive
// member, whose bytes the planner read.
struct WholeSource {
  std::uint32_t id = 0;
  std::shared_ptr<const io::FileData> bytes;  // an archive member's bytes; null: open the file
  absl::Status error;                         // the member could not be read
};

struct WorkUnit {
  std::uint64_t seq = 0;
  // A byte range [begin, end) of one source, opened by the planner.
  std::uint32_t source_id = 0;
  std::shared_ptr<const io::FileData> file;
  std::uint64_t begin = 0, end = 0;
  std::uint64_t newlines_before = 0;  // JSON Lines: '\n' bytes in [0, begin)
  bool last_of_source = false;
  absl::Status open_error;  // the planner could not open source_id
  // Or: whole small sources.
  std::vector<WholeSource> whole_sources;

  bool is_range() const { return whole_sources.empty(); }
};

class UnitPlanner {
 public:
  UnitPlanner(const corpus::Corpus& corpus, const PlanOptions& options);
  // Fills `unit` with the next unit and returns true, or returns false at the end.
  bool Next(WorkUnit* unit);

 private:
  // Plans the next unit of the archive being read; false at its end.
  bool NextMembers(WorkUnit* unit);
  // Plans the first range of large source `id` (its text, or why it has
  // none: the unit then carries the error) from byte `begin`, and cuts the
  // rest up to `limit` (where the span ends inside it) on later calls.
  bool FirstRange(std::uint32_t id, absl::StatusOr<std::shared_ptr<const io::FileData>> text, std::uint64_t begin,
                  std::uint64_t limit, WorkUnit* unit);
  bool NextRange(WorkUnit* unit);

  const corpus::Corpus& corpus_;
  PlanOptions options_;
  std::uint64_t seq_ = 0;
  std::uint32_t next_source_ = 0;
  // The large source being cut into ranges, if any.
  std::shared_ptr<const io::FileData> open_file_;
  std::uint32_t open_id_ = 0;
  std::uint64_t open_pos_ = 0;
  std::uint64_t open_newlines_ = 0;
  std::uint64_t open_limit_ = 0;  // where the span ends inside the open source
  // The archive being read, and a member read but not yet planned (it did
  // not fit in the previous unit).
  std::unique_ptr<corpus::ArchiveMembers> archive_;
  std::optional<corpus::ArchiveMembers::Member> held_;
};

}  // namespace imr::split
