// File: imr/split/shard_plan.h
//
// Cuts a corpus into N shares ("shards") of about equal bytes, the same way
// on every node of a cluster: the plan is a pure function of the sorted
// source list (sizes, and whether a source's bytes may be cut), the chunk
// size and N. Shard I is a contiguous span of the corpus, [begin, end) in
// (source, offset) points; the spans of shards 0..N-1 are disjoint and tile
// the corpus in order, some of them possibly empty (more shards than
// sources). A span cuts a source only inside a source the unit planner cuts
// into ranges, and only at a multiple of the chunk size, so the units of a
// shard are exactly the units a run over the whole corpus plans there.
//
// Example:
//   std::vector<ShardSource> sources = ShardSources(corpus, chunk_bytes);
//   CorpusSpan span = PlanShard(sources, chunk_bytes, /*shard=*/2, /*shards=*/8);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "imr/corpus/corpus.h"

namespace imr::split {

// A place in the corpus: byte `offset` of source `source`. The end of a
// source is written as the start of the next one, so that each place has one
// spelling and spans compare by (source, offset).
struct CorpusPoint {
  std::uint32_t source = 0;
  std::uint64_t offset = 0;
  friend bool operator==(const CorpusPoint&, const CorpusPoint&) = default;
  friend auto operator<=>(const CorpusPoint&, const CorpusPoint&) = default;
};

// [begin, end) of the corpus. The default (end.source = max) is everything.
struct CorpusSpan {
  CorpusPoint begin;
  CorpusPoint end{UINT32_MAX, 0};
  // The corpus's first shard: it reports the paths that could not be listed
  // (Corpus::errors), which belong to no source.
  bool first = true;
};

struct ShardSource {
  std::uint64_t size = 0;
  // False for a source whose bytes cannot be cut (an archive, a PDF): it
  // belongs whole to one shard, like a source no larger than a chunk.
  bool cuttable = true;
};

// Shard `shard` of `shards` (0 <= shard < shards). Each cut between shards
// is the corpus's byte total * I / N, moved to the nearest source start or,
// inside a source larger than `chunk_bytes` that may be cut, to the nearest
// multiple of `chunk_bytes`.
CorpusSpan PlanShard(std::span<const ShardSource> sources, std::uint64_t chunk_bytes, std::uint32_t shard,
                     std::uint32_t shards);

// The bytes of `sources` that `span` holds.
std::uint64_t SpanBytes(std::span<const ShardSource> sources, const CorpusSpan& span);

// The corpus's listed sources as PlanShard sees them (text and JSON Lines
// sources may be cut; PDFs and archives may not).
std::vector<ShardSource> ShardSources(const corpus::Corpus& corpus);

// Names the corpus and plan (paths, sizes, kinds, chunk size): shards of one
// plan carry the same fingerprint, so that merging partials of different
// corpora can be refused. Stable across processes and machines.
std::string CorpusFingerprint(const corpus::Corpus& corpus, std::uint64_t chunk_bytes);

}  // namespace imr::split
