// File: imr/stats/shard.h
//
// What a shard's partial statistics say about the shard (imr stats --partial
// --shard I/N), and the exact merge of the shards of one corpus. Shards cut a
// large source at chunk edges (split/shard_plan.h); a range of bytes that
// belong to no letter and straddle such a cut is counted by each shard for
// its piece, where one run counts it once. Each shard therefore records the
// skipped ranges at its two cut edges, and the merge joins them as one run's
// pipeline does, so that the merged accounting equals one run's.
//
// Example:
//   absl::StatusOr<Stats> total = MergeShards(partials, paths);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "imr/stats/stats.h"

namespace imr::stats {

// A skipped range of a text source that touches a shard's cut edge.
struct EdgeSkip {
  std::uint32_t source = 0;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::uint64_t nonblank = 0;
  friend bool operator==(const EdgeSkip&, const EdgeSkip&) = default;
};

struct ShardEdges {
  std::optional<EdgeSkip> leading;   // starts where the shard starts, inside a source
  std::optional<EdgeSkip> trailing;  // ends where the shard ends, inside a source
  friend bool operator==(const ShardEdges&, const ShardEdges&) = default;
};

struct ShardTag {
  std::uint32_t index = 0;
  std::uint32_t count = 0;
  std::string corpus;  // split::CorpusFingerprint
  bool empty = false;  // the shard's span holds no byte
  ShardEdges edges;
  friend bool operator==(const ShardTag&, const ShardTag&) = default;
};

// A partial file's contents.
struct Partial {
  Stats stats;
  std::optional<ShardTag> shard;  // written by --shard
};

// How many skipped ranges the shards, given in index order, counted more
// than one run does: ranges cut by shard edges, counted once per piece.
std::uint64_t SkippedRangesCutByShards(std::span<const ShardTag> in_order);

// Merges partials named by `names`. Partials without a shard merge as they
// are. Shards must be shards 0..N-1 of one corpus and plan, each once.
// Errors: InvalidArgument naming the missing or duplicated shard, or the
// partial of another corpus or shard count, or one without a shard mixed in.
absl::StatusOr<Stats> MergePartials(std::span<const Partial> partials, std::span<const std::string> names);

}  // namespace imr::stats
