// File: apps/imr/shard_flag.h
//
// The --shard I/N flag of extract and stats: the run reads shard I of N of
// the corpus (split/shard_plan.h), and a partial it writes says so, so that
// 'imr merge' can check that every shard is there once.
//
// Example:
//   ShardFlag shard;
//   shard.Register(&flags);
//   ... flags.Parse(...) ...
//   if (!shard.Check("stats")) return kExitUsage;   // error already printed
//   ... build the corpus ...
//   shard.Apply(corpus, &options);
//   FormatPartialJson(stats, shard.Tag());
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flags.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"
#include "imr/stats/shard.h"

namespace imr::cli {

class ShardFlag {
 public:
  void Register(FlagParser* flags);
  // After parsing: false (after printing why) when the value is not I/N.
  bool Check(std::string_view command);
  // With the flag, plans the shard and points `options` at it
  // (options->edges at this object, which must outlive the run).
  void Apply(const corpus::Corpus& corpus, jobs::RunOptions* options);
  // The shard, once the run is done; null without the flag.
  const stats::ShardTag* Tag() const { return tag_ ? &*tag_ : nullptr; }

 private:
  std::string value_;
  std::optional<stats::ShardTag> tag_;
};

// Parses "I/N" (0 <= I < N); false when it is not that.
bool ParseShard(const std::string& text, std::uint32_t* index, std::uint32_t* count);

}  // namespace imr::cli
