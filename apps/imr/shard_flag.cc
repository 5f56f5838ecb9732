#include "shard_flag.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "imr/split/shard_plan.h"

namespace imr::cli {

void ShardFlag::Register(FlagParser* flags) {
  flags->String("shard", &value_, "I/N",
                "read only shard I of N (0 <= I < N): a share of about 1/N of the\n"
                "corpus's bytes, planned alike on every node. Shards' extract outputs\n"
                "concatenated in shard order equal one run's (CSV: the header is in\n"
                "shard 0); their --partial outputs merge ('imr merge') into one run's");
}

bool ParseShard(const std::string& text, std::uint32_t* index, std::uint32_t* count) {
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], index) && absl::SimpleAtoi(parts[1], count) && *count > 0 &&
         *index < *count;
}

bool ShardFlag::Check(std::string_view command) {
  if (value_.empty()) return true;
  stats::ShardTag& tag = tag_.emplace();
  if (ParseShard(value_, &tag.index, &tag.count)) return true;
  UsageError(command, "--shard takes I/N with 0 <= I < N, e.g. --shard 0/8");
  return false;
}

void ShardFlag::Apply(const corpus::Corpus& corpus, jobs::RunOptions* options) {
  if (!tag_) return;
  stats::ShardTag& tag = *tag_;
  const std::uint64_t chunk = options->pipeline.plan.chunk_bytes;
  const split::CorpusSpan span = split::PlanShard(split::ShardSources(corpus), chunk, tag.index, tag.count);
  tag.corpus = split::CorpusFingerprint(corpus, chunk);
  tag.empty = span.begin == span.end;
  options->pipeline.plan.span = span;
  options->edges = &tag.edges;
}

}  // namespace imr::cli
