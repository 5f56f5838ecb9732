// File: imr/stats/partial.h
//
// The complete, mergeable state of a Stats as JSON: every counter, every
// histogram bucket and every unclassified title, exactly (no rendered rates,
// no top-N cut). `imr stats --partial` writes one per shard of a corpus and
// `imr merge` reads any number back, merges them and renders the report:
// because Stats::Merge is an exact commutative monoid, the report equals the
// one a single run over all the shards would print, byte for byte.
//
// The format carries its name and a version; a reader accepts only its own
// version (bump kPartialVersion whenever a field is added or changes meaning).
//
// Example:
//   std::string json = FormatPartialJson(stats);
//   absl::StatusOr<Stats> back = ParsePartialJson(json, "shard0.json");  // == stats
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "imr/stats/shard.h"
#include "imr/stats/stats.h"

namespace imr::stats {

inline constexpr std::string_view kPartialFormat = "imr-stats-partial";
inline constexpr int kPartialVersion = 1;

// One JSON object (keys in a fixed order, maps in key order), then '\n'.
// With `shard`, the object also says which shard of which corpus it is.
std::string FormatPartialJson(const Stats& s, const ShardTag* shard = nullptr);

// `name` (a path) prefixes every error message.
// Errors: DataLoss (not JSON, not a partial, another version, a field missing
// or of the wrong type, an unknown warning code).
absl::StatusOr<Stats> ParsePartialJson(std::string_view json, std::string_view name);
// Errors: NotFound / PermissionDenied / FailedPrecondition / DataLoss
// (reading), as ParsePartialJson.
absl::StatusOr<Stats> ReadPartialFile(const std::string& path);
// As ReadPartialFile, with the shard the partial says it is.
absl::StatusOr<Partial> ReadPartialWithShard(const std::string& path);

}  // namespace imr::stats
