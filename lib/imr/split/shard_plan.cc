#include "imr/split/shard_plan.h"

#include "absl/strings/str_format.h"

namespace imr::split {
namespace {

// Where the corpus's byte `at` (0 <= at < total) moves to: the nearest
// place a shard may begin.
CorpusPoint SnapCut(std::span<const ShardSource> sources, std::uint64_t chunk_bytes, std::uint64_t at) {
  std::uint64_t source_begin = 0;
  for (std::uint32_t s = 0; s < sources.size(); ++s) {
    const ShardSource& source = sources[s];
    if (at >= source_begin + source.size) {
      source_begin += source.size;
      continue;
    }
    const std::uint64_t offset = at - source_begin;
    if (!source.cuttable || source.size <= chunk_bytes)
      return offset < source.size - offset ? CorpusPoint{s, 0} : CorpusPoint{s + 1, 0};
    const std::uint64_t snapped = (offset + chunk_bytes / 2) / chunk_bytes * chunk_bytes;
    if (snapped == 0) return {s, 0};
    if (snapped >= source.size) return {s + 1, 0};
    return {s, snapped};
  }
  return {static_cast<std::uint32_t>(sources.size()), 0};
}

CorpusPoint Cut(std::span<const ShardSource> sources, std::uint64_t chunk_bytes, std::uint32_t k,
                std::uint32_t shards) {
  if (k == 0) return {0, 0};
  if (k >= shards) return {static_cast<std::uint32_t>(sources.size()), 0};
  unsigned __int128 total = 0;
  for (const ShardSource& s : sources) total += s.size;
  return SnapCut(sources, chunk_bytes, static_cast<std::uint64_t>(total * k / shards));
}

}  // namespace

CorpusSpan PlanShard(std::span<const ShardSource> sources, std::uint64_t chunk_bytes, std::uint32_t shard,
                     std::uint32_t shards) {
  chunk_bytes = std::max<std::uint64_t>(chunk_bytes, 1);
  return {Cut(sources, chunk_bytes, shard, shards), Cut(sources, chunk_bytes, shard + 1, shards), shard == 0};
}

std::uint64_t SpanBytes(std::span<const ShardSource> sources, const CorpusSpan& span) {
  std::uint64_t bytes = 0;
  for (std::uint32_t id = span.begin.source; id < sources.size() && id <= span.end.source; ++id) {
    const std::uint64_t from = id == span.begin.source ? span.begin.offset : 0;
    const std::uint64_t to = id == span.end.source ? span.end.offset : sources[id].size;
    bytes += to > from ? to - from : 0;
  }
  return bytes;
}

std::vector<ShardSource> ShardSources(const corpus::Corpus& corpus) {
  std::vector<ShardSource> out;
  out.reserve(corpus.listed_count());
  for (std::uint32_t id = 0; id < corpus.listed_count(); ++id) {
    const corpus::Source& s = corpus.source(id);
    // A PDF's size is its file's, not its text's, and an archive is one
    // stream: neither can be cut at a byte of its text.
    out.push_back({s.size, s.kind == corpus::SourceKind::kText || s.kind == corpus::SourceKind::kJsonl});
  }
  return out;
}

std::string CorpusFingerprint(const corpus::Corpus& corpus, std::uint64_t chunk_bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  const auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  };
  for (std::uint32_t id = 0; id < corpus.listed_count(); ++id) {
    const corpus::Source& s = corpus.source(id);
    mix(s.path);
    mix(absl::StrFormat("|%d|%d\n", s.size, static_cast<int>(s.kind)));
  }
  mix(absl::StrFormat("chunk %d", chunk_bytes));
  return absl::StrFormat("fnv1a64:%016x", h);
}

}  // namespace imr::split
