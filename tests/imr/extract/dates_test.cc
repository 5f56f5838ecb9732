#include "imr/extract/dates.h"

#include "gtest/gtest.h"

namespace imr::extract {
namespace {

Date D(int y, int m, int d) { return *MakeDate(y, m, d); }

std::optional<Date> Parse(std::string_view s) {
  std::size_t n = 0;
  return ParseDate(s, 0, &n);
}

TEST(ParseDate, ReadsTheNarrativeForms) {
  EXPECT_EQ(Parse("01/15/2014"), D(2014, 1, 15));
  EXPECT_EQ(Parse("10-13-16"), D(2016, 10, 13));
  EXPECT_EQ(Parse("11-9-16"), D(2016, 11, 9));
  EXPECT_EQ(Parse("8/28/13"), D(2013, 8, 28));
  EXPECT_EQ(Parse("December 19, 1996"), D(1996, 12, 19));
  EXPECT_EQ(Parse("December 19,\n1996"), D(1996, 12, 19));
  EXPECT_EQ(Parse("Dec. 19, 1996"), D(1996, 12, 19));
  EXPECT_EQ(Parse("3/4/98"), D(1998, 3, 4));
}

TEST(ParseDate, RejectsImpossibleDates) {
  EXPECT_FALSE(Parse("02/30/2015"));
  EXPECT_FALSE(Parse("13/01/2015"));
  EXPECT_FALSE(Parse("02/29/2015"));
  EXPECT_TRUE(Parse("02/29/2016"));
  EXPECT_FALSE(Parse("February 30, 2016"));
}

TEST(ParseDate, NeverBuildsADateFromGluedOrBrokenText) {
  EXPECT_FALSE(Parse("10-302016"));     // plain pdftotext joined "10-30-" and "2016"
  EXPECT_FALSE(Parse("10-30-\n2016"));  // a date broken across a line end
  EXPECT_FALSE(Parse("10/30/20161"));
  EXPECT_FALSE(Parse("10/30/201"));
  EXPECT_FALSE(Parse("1/2/3/2016"));
  EXPECT_FALSE(Parse("10-30-2016-"));
  EXPECT_FALSE(Parse("10/30-2016"));
  EXPECT_FALSE(Parse("04/31/2016"));
  EXPECT_FALSE(Parse("13/01/2016"));
  EXPECT_TRUE(Parse("12/31/2016-"));
}

TEST(ParseDate, ReportsTheLengthConsumed) {
  std::size_t n = 0;
  ASSERT_TRUE(ParseDate("on 11/11/2016.", 3, &n));
  EXPECT_EQ(n, 10u);
  ASSERT_TRUE(ParseDate("October 10, 2015 date", 0, &n));
  EXPECT_EQ(n, 16u);
}

TEST(ParseDate, RequiresADigitBoundaryBeforeTheDate) {
  std::size_t n = 0;
  EXPECT_FALSE(ParseNumericDate("110/11/2016", 1, &n));
}

TEST(MakeDate, KnowsMonthLengthsAndLeapYears) {
  EXPECT_TRUE(MakeDate(2000, 2, 29));   // divisible by 400
  EXPECT_FALSE(MakeDate(1900, 2, 29));  // by 100 only
  EXPECT_TRUE(MakeDate(2016, 12, 31));
  EXPECT_FALSE(MakeDate(2016, 4, 31));
  EXPECT_FALSE(MakeDate(2016, 1, 0));
  EXPECT_FALSE(MakeDate(2016, 1, 99));
  EXPECT_FALSE(MakeDate(1899, 12, 31));
  EXPECT_FALSE(MakeDate(2101, 1, 1));
}

TEST(SysDays, CountDaysAcrossMonthsAndLeapYears) {
  using std::chrono::days;
  EXPECT_EQ(ToSysDays(D(1970, 1, 1)).time_since_epoch().count(), 0);
  EXPECT_EQ(FromSysDays(ToSysDays(D(2016, 2, 28)) + days(1)), D(2016, 2, 29));
  EXPECT_EQ(FromSysDays(ToSysDays(D(2016, 2, 28)) + days(2)), D(2016, 3, 1));
  EXPECT_EQ(FromSysDays(ToSysDays(D(2016, 1, 4)) - days(4)), D(2015, 12, 31));
  EXPECT_EQ((ToSysDays(D(2017, 1, 1)) - ToSysDays(D(2016, 1, 1))).count(), 366);
  EXPECT_EQ(FromSysDays(ToSysDays(D(2014, 2, 1)) - days(9000)), D(1989, 6, 12));
}

}  // namespace
}  // namespace imr::extract
