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
  EXPECT_FALSE(Parse("10-302016"));    // plain pdftotext joined "10-30-" and "2016"
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

}  // namespace
}  // namespace imr::extract
