// The Wilson interval against published values: Newcombe (1998), "Two-sided
// confidence intervals for the single proportion", Statistics in Medicine
// 17, table I, method 3 (score interval without continuity correction).
#include "imr/report/wilson.h"

#include "gtest/gtest.h"

namespace imr::report {
namespace {

void ExpectInterval(std::uint64_t x, std::uint64_t n, double low, double high) {
  const Interval i = WilsonInterval(x, n);
  EXPECT_NEAR(i.low, low, 0.00005) << x << "/" << n;
  EXPECT_NEAR(i.high, high, 0.00005) << x << "/" << n;
}

TEST(WilsonInterval, MatchesNewcombesTable) {
  ExpectInterval(81, 263, 0.2553, 0.3662);
  ExpectInterval(15, 148, 0.0624, 0.1605);
  ExpectInterval(0, 20, 0.0, 0.1611);
  ExpectInterval(1, 29, 0.0061, 0.1718);
}

TEST(WilsonInterval, AllOrNoneStaysInsideTheUnitInterval) {
  ExpectInterval(0, 10, 0.0, 0.2775);
  ExpectInterval(10, 10, 0.7225, 1.0);
  EXPECT_EQ(WilsonInterval(3, 3).high, 1.0);
  EXPECT_EQ(WilsonInterval(0, 3).low, 0.0);
}

TEST(WilsonInterval, NarrowsAsTheCountGrows) {
  const Interval few = WilsonInterval(3, 3);
  const Interval many = WilsonInterval(3000, 3000);
  EXPECT_LT(few.low, 0.5);
  EXPECT_GT(many.low, 0.998);
  const Interval half = WilsonInterval(50, 100);
  EXPECT_NEAR(half.low + half.high, 1.0, 1e-12);  // symmetric around one half
}

TEST(WilsonInterval, NoTrialsIsTheWholeRange) {
  const Interval i = WilsonInterval(0, 0);
  EXPECT_EQ(i.low, 0.0);
  EXPECT_EQ(i.high, 1.0);
}

}  // namespace
}  // namespace imr::report
