#include "imr/stats/shard.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace imr::stats {

std::uint64_t SkippedRangesCutByShards(std::span<const ShardTag> in_order) {
  // The range being joined across shard edges: where it ends so far, its
  // non-blank bytes and how many of its pieces a shard counted.
  struct Chain {
    std::uint32_t source = 0;
    std::uint64_t end = 0, nonblank = 0, pieces_counted = 0;
  };
  std::optional<Chain> chain;
  std::uint64_t extra = 0;
  const auto close = [&] {
    if (chain) extra += chain->pieces_counted - (chain->nonblank > 0 ? 1 : 0);
    chain.reset();
  };
  for (const ShardTag& tag : in_order) {
    if (tag.empty) continue;  // a chain runs through an empty shard
    const std::optional<EdgeSkip>& lead = tag.edges.leading;
    if (chain && lead && lead->source == chain->source && lead->offset == chain->end) {
      chain->nonblank += lead->nonblank;
      chain->pieces_counted += lead->nonblank > 0 ? 1 : 0;
      chain->end = lead->offset + lead->length;
      if (tag.edges.trailing == lead) continue;  // the whole shard was skipped: the range goes on
    }
    close();
    if (const std::optional<EdgeSkip>& t = tag.edges.trailing) {
      chain = Chain{t->source, t->offset + t->length, t->nonblank, t->nonblank > 0 ? 1u : 0u};
    }
  }
  close();
  return extra;
}

absl::StatusOr<Stats> MergePartials(std::span<const Partial> partials, std::span<const std::string> names) {
  Stats total;
  std::vector<const ShardTag*> by_index;
  std::vector<std::size_t> file_of;
  const ShardTag* first = nullptr;
  std::size_t first_file = 0;
  for (std::size_t i = 0; i < partials.size(); ++i) {
    const std::optional<ShardTag>& tag = partials[i].shard;
    if (tag && first == nullptr) {
      first = &*tag;
      first_file = i;
      by_index.assign(tag->count, nullptr);
      file_of.assign(tag->count, 0);
    }
  }
  for (std::size_t i = 0; i < partials.size(); ++i) {
    const std::optional<ShardTag>& tag = partials[i].shard;
    if (first != nullptr && !tag) {
      return absl::InvalidArgumentError(absl::StrCat(names[i], ": not a shard (written without --shard), while ",
                                                     names[first_file], " is one; merge shards of one corpus only"));
    }
    if (tag && (tag->count != first->count || tag->corpus != first->corpus)) {
      return absl::InvalidArgumentError(absl::StrCat(names[i], ": shard ", tag->index, "/", tag->count, " of corpus ",
                                                     tag->corpus, ", while ", names[first_file], " is shard ",
                                                     first->index, "/", first->count, " of corpus ", first->corpus,
                                                     " (other paths, sizes or --chunk-size)"));
    }
    if (tag && tag->index >= tag->count) {
      return absl::InvalidArgumentError(
          absl::StrCat(names[i], ": shard ", tag->index, "/", tag->count, " is not valid"));
    }
    if (tag && by_index[tag->index] != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("shard ", tag->index, "/", tag->count,
                                                     " given twice: ", names[file_of[tag->index]], " and ", names[i]));
    }
    if (tag) {
      by_index[tag->index] = &*tag;
      file_of[tag->index] = i;
    }
    total.Merge(partials[i].stats);
  }
  if (first == nullptr) return total;
  std::vector<ShardTag> in_order;
  for (std::uint32_t k = 0; k < by_index.size(); ++k) {
    if (by_index[k] == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("shard ", k, "/", first->count, " of corpus ", first->corpus, " is missing"));
    }
    in_order.push_back(*by_index[k]);
  }
  total.accounting.skipped_ranges -= SkippedRangesCutByShards(in_order);
  return total;
}

}  // namespace imr::stats
