// The shard plan: shards tile the corpus in order, balance bytes, cut a
// large source only at chunk edges and never cut a source that may not be
// cut; the unit planner plans, over the shards together, exactly the units
// it plans over the whole corpus.
#include "imr/split/shard_plan.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "imr/split/unit_planner.h"

namespace imr::split {
namespace {

std::vector<CorpusSpan> AllShards(const std::vector<ShardSource>& sources, std::uint64_t chunk, std::uint32_t n) {
  std::vector<CorpusSpan> spans;
  for (std::uint32_t i = 0; i < n; ++i) spans.push_back(PlanShard(sources, chunk, i, n));
  return spans;
}

void ExpectTiling(const std::vector<ShardSource>& sources, const std::vector<CorpusSpan>& spans) {
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans.front().begin, (CorpusPoint{0, 0}));
  EXPECT_EQ(spans.back().end, (CorpusPoint{static_cast<std::uint32_t>(sources.size()), 0}));
  for (std::size_t i = 0; i < spans.size(); ++i) {
    EXPECT_LE(spans[i].begin, spans[i].end);
    EXPECT_EQ(spans[i].first, i == 0);
    if (i > 0) {
      EXPECT_EQ(spans[i - 1].end, spans[i].begin);
    }
  }
}

TEST(ShardPlanTest, SmallFilesAreDealtWholeAndBalanced) {
  const std::vector<ShardSource> sources(100, ShardSource{1000, true});
  const std::vector<CorpusSpan> spans = AllShards(sources, 4096, 4);
  ExpectTiling(sources, spans);
  for (const CorpusSpan& s : spans) {
    EXPECT_EQ(s.begin.offset, 0u);
    EXPECT_EQ(s.end.source - s.begin.source, 25u);
  }
}

TEST(ShardPlanTest, MoreShardsThanFilesLeavesSomeEmpty) {
  const std::vector<ShardSource> sources(3, ShardSource{1000, true});
  const std::vector<CorpusSpan> spans = AllShards(sources, 4096, 10);
  ExpectTiling(sources, spans);
  int empty = 0;
  for (const CorpusSpan& s : spans) empty += s.begin == s.end ? 1 : 0;
  EXPECT_EQ(empty, 7);
}

TEST(ShardPlanTest, OneHugeFileIsCutAtChunkEdges) {
  const std::vector<ShardSource> sources{{10'000'000, true}};
  const std::vector<CorpusSpan> spans = AllShards(sources, 65536, 7);
  ExpectTiling(sources, spans);
  for (const CorpusSpan& s : spans) {
    EXPECT_EQ(s.begin.offset % 65536, 0u);
    // About a seventh each: within one chunk of it.
    const std::uint64_t end = s.end.source == 1 ? 10'000'000 : s.end.offset;
    EXPECT_NEAR(static_cast<double>(end - s.begin.offset), 10'000'000 / 7.0, 65536);
  }
}

TEST(ShardPlanTest, SpansHoldTheCorpusBytesBetweenThem) {
  const std::vector<ShardSource> sources{{100, true}, {10'000'000, true}, {0, true}, {5000, true}};
  std::uint64_t total = 0;
  for (const CorpusSpan& s : AllShards(sources, 65536, 6)) total += SpanBytes(sources, s);
  EXPECT_EQ(total, 10'005'100u);
  EXPECT_EQ(SpanBytes(sources, CorpusSpan{}), 10'005'100u);
  EXPECT_EQ(SpanBytes(sources, CorpusSpan{{1, 65536}, {1, 131072}}), 65536u);
}

TEST(ShardPlanTest, AnUncuttableSourceBelongsWholeToOneShard) {
  const std::vector<ShardSource> sources{{100, true}, {10'000'000, false}, {100, true}};
  const std::vector<CorpusSpan> spans = AllShards(sources, 65536, 5);
  ExpectTiling(sources, spans);
  for (const CorpusSpan& s : spans) {
    EXPECT_EQ(s.begin.offset, 0u);
    EXPECT_EQ(s.end.offset, 0u);
  }
}

TEST(ShardPlanTest, AnEmptyCorpusIsAllInShardZero) {
  const std::vector<ShardSource> none;
  const std::vector<CorpusSpan> spans = AllShards(none, 65536, 3);
  ExpectTiling(none, spans);
  for (const CorpusSpan& s : spans) EXPECT_EQ(s.begin, s.end);
}

using Unit = std::tuple<std::uint32_t, std::uint64_t, std::uint64_t, bool, std::vector<std::uint32_t>>;

// The units, as (source, begin, end, last, whole sources); whole sources
// are listed one per unit, since shards group small files differently.
std::vector<Unit> Units(const corpus::Corpus& corpus, PlanOptions options) {
  UnitPlanner planner(corpus, options);
  std::vector<Unit> units;
  WorkUnit u;
  while (planner.Next(&u)) {
    if (u.is_range()) {
      units.emplace_back(u.source_id, u.begin, u.end, u.last_of_source, std::vector<std::uint32_t>{});
      EXPECT_EQ(u.newlines_before, static_cast<std::uint64_t>(
                                       std::count(u.file->bytes().begin(), u.file->bytes().begin() + u.begin, '\n')));
    }
    for (const WholeSource& w : u.whole_sources) units.emplace_back(0, 0, 0, true, std::vector<std::uint32_t>{w.id});
  }
  return units;
}

TEST(ShardPlanTest, ShardsPlanTheUnitsOfTheWholeCorpus) {
  std::vector<std::string> names, texts;
  for (std::size_t size : {10u, 300'000u, 5u, 70'000u, 0u, 1'000'000u, 65'536u, 65'537u}) {
    names.push_back(absl::StrCat("f", names.size(), ".jsonl"));
    std::string text(size, 'x');
    for (std::size_t i = 0; i < size; i += 777) text[i] = '\n';
    texts.push_back(text);
  }
  const corpus::Corpus corpus = corpus::Corpus::FromTexts(names, texts, corpus::SourceKind::kJsonl);
  PlanOptions options;
  options.chunk_bytes = 65536;
  const std::vector<Unit> whole = Units(corpus, options);
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 40u}) {
    std::vector<Unit> joined;
    for (const CorpusSpan& span : AllShards(ShardSources(corpus), options.chunk_bytes, n)) {
      PlanOptions shard = options;
      shard.span = span;
      for (Unit& u : Units(corpus, shard)) joined.push_back(std::move(u));
    }
    EXPECT_EQ(joined, whole) << n << " shards";
  }
}

TEST(ShardPlanTest, FingerprintNamesPathsSizesAndChunk) {
  const std::vector<std::string> names{"a", "b"}, texts{"xx", "yyy"}, other{"xx", "yyyy"};
  const corpus::Corpus c1 = corpus::Corpus::FromTexts(names, texts, corpus::SourceKind::kText);
  const corpus::Corpus c2 = corpus::Corpus::FromTexts(names, other, corpus::SourceKind::kText);
  EXPECT_EQ(CorpusFingerprint(c1, 100), CorpusFingerprint(c1, 100));
  EXPECT_NE(CorpusFingerprint(c1, 100), CorpusFingerprint(c2, 100));
  EXPECT_NE(CorpusFingerprint(c1, 100), CorpusFingerprint(c1, 200));
}

}  // namespace
}  // namespace imr::split
