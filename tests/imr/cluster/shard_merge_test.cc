// Merging the partials of shards: a skipped range cut by shard edges counts
// once, as in one run; a missing, duplicated or foreign shard is an error
// that names it.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/stats/shard.h"

namespace imr::stats {
namespace {

ShardTag Tag(std::uint32_t index, std::uint32_t count, std::optional<EdgeSkip> leading = std::nullopt,
             std::optional<EdgeSkip> trailing = std::nullopt) {
  ShardTag t;
  t.index = index;
  t.count = count;
  t.corpus = "c";
  t.edges = {leading, trailing};
  return t;
}

TEST(SkippedRangesCutByShardsTest, NoEdgesNoCorrection) {
  const std::vector<ShardTag> tags{Tag(0, 2), Tag(1, 2)};
  EXPECT_EQ(SkippedRangesCutByShards(tags), 0u);
}

TEST(SkippedRangesCutByShardsTest, ARangeCutOnceCountsOnce) {
  const std::vector<ShardTag> tags{Tag(0, 2, std::nullopt, EdgeSkip{0, 100, 28, 5}),
                                   Tag(1, 2, EdgeSkip{0, 128, 10, 3})};
  EXPECT_EQ(SkippedRangesCutByShards(tags), 1u);
}

TEST(SkippedRangesCutByShardsTest, BlankPiecesJoinWithoutCountingTwice) {
  // Pieces: non-blank, blank (a whole shard), blank: one run counts 1, the
  // shards counted 1.
  const std::vector<ShardTag> tags{Tag(0, 3, std::nullopt, EdgeSkip{0, 0, 10, 4}),
                                   Tag(1, 3, EdgeSkip{0, 10, 10, 0}, EdgeSkip{0, 10, 10, 0}),
                                   Tag(2, 3, EdgeSkip{0, 20, 5, 0})};
  EXPECT_EQ(SkippedRangesCutByShards(tags), 0u);
}

TEST(SkippedRangesCutByShardsTest, AChainRunsThroughWholeShardsAndEmptyOnes) {
  ShardTag empty = Tag(2, 5);
  empty.empty = true;
  const std::vector<ShardTag> tags{
      Tag(0, 5, std::nullopt, EdgeSkip{0, 0, 10, 4}), Tag(1, 5, EdgeSkip{0, 10, 10, 1}, EdgeSkip{0, 10, 10, 1}), empty,
      Tag(3, 5, EdgeSkip{0, 20, 5, 2}, EdgeSkip{0, 40, 5, 2}), Tag(4, 5, EdgeSkip{0, 45, 5, 2})};
  EXPECT_EQ(SkippedRangesCutByShards(tags), 3u);
}

TEST(SkippedRangesCutByShardsTest, RangesThatDoNotTouchAreNotJoined) {
  const std::vector<ShardTag> tags{Tag(0, 2, std::nullopt, EdgeSkip{0, 100, 28, 5}),
                                   Tag(1, 2, EdgeSkip{1, 128, 10, 3})};
  EXPECT_EQ(SkippedRangesCutByShards(tags), 0u);
}

std::vector<Partial> Partials(const std::vector<ShardTag>& tags) {
  std::vector<Partial> out;
  for (const ShardTag& t : tags) {
    Partial p;
    p.stats.accounting.skipped_ranges = 1;
    p.shard = t;
    out.push_back(p);
  }
  return out;
}

TEST(MergePartialsTest, JoinsCutRanges) {
  const std::vector<std::string> names{"b.json", "a.json"};
  const absl::StatusOr<Stats> s = MergePartials(
      Partials({Tag(1, 2, EdgeSkip{0, 128, 10, 3}), Tag(0, 2, std::nullopt, EdgeSkip{0, 100, 28, 5})}), names);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->accounting.skipped_ranges, 1u);
}

TEST(MergePartialsTest, NamesAMissingShard) {
  const std::vector<std::string> names{"a.json", "c.json"};
  const absl::StatusOr<Stats> s = MergePartials(Partials({Tag(0, 3), Tag(2, 3)}), names);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "shard 1/3 of corpus c is missing");
}

TEST(MergePartialsTest, NamesADuplicatedShard) {
  const std::vector<std::string> names{"a.json", "b.json", "a2.json"};
  const absl::StatusOr<Stats> s = MergePartials(Partials({Tag(0, 2), Tag(1, 2), Tag(0, 2)}), names);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "shard 0/2 given twice: a.json and a2.json");
}

TEST(MergePartialsTest, RefusesMixedCorporaAndUnshardedPartials) {
  std::vector<Partial> p = Partials({Tag(0, 2), Tag(1, 2)});
  p[1].shard->corpus = "d";
  const std::vector<std::string> names{"a.json", "b.json"};
  absl::StatusOr<Stats> s = MergePartials(p, names);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("b.json: shard 1/2 of corpus d, while a.json is shard 0/2 of corpus c"),
            std::string::npos);
  p[1].shard.reset();
  s = MergePartials(p, names);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("b.json: not a shard"), std::string::npos);
}

TEST(MergePartialsTest, UnshardedPartialsMergeAsBefore) {
  std::vector<Partial> p(3);
  for (Partial& x : p) x.stats.accounting.skipped_ranges = 2;
  const std::vector<std::string> names{"a", "b", "c"};
  const absl::StatusOr<Stats> s = MergePartials(p, names);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->accounting.skipped_ranges, 6u);
}

}  // namespace
}  // namespace imr::stats
