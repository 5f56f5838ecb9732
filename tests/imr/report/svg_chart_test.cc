#include "imr/report/svg_chart.h"

#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "imr/report/html_text.h"
#include "testing/test_util.h"

namespace imr::report {
namespace {

ChartSpec TwoCategories() {
  ChartSpec c;
  c.id = "chart-x";
  c.title = "Uphold rate <by> category";
  c.description = "Bars & whiskers";
  c.value_axis = "uphold rate";
  c.scale = Scale::kShare;
  c.categories = {"imaging", "pharmaceuticals"};
  Series& s = c.series.emplace_back();
  s.name = "uphold rate";
  s.values = {0.5, 0.9};
  s.whiskers = {WilsonInterval(1, 2), WilsonInterval(90, 100)};
  s.labels = {"50.0% of 2", "90.0% of 100"};
  return c;
}

TEST(SvgChart, BarsHaveAMarkAWhiskerAndALabelEach) {
  const std::string svg = HorizontalBarChart(TwoCategories());
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark\""), 2u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"whisker\""), 2u);
  EXPECT_NE(svg.find(">90.0% of 100</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>pharmaceuticals: 90.0% of 100</title>"), std::string::npos);
}

TEST(SvgChart, TitleAndDescriptionAreEscapedAndLabelTheImage) {
  const std::string svg = HorizontalBarChart(TwoCategories());
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"chart-x-t chart-x-d\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"chart-x-t\">Uphold rate &lt;by&gt; category</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"chart-x-d\">Bars &amp; whiskers</desc>"), std::string::npos);
}

TEST(SvgChart, NoCategoriesSaysSoAndHasNoMarks) {
  ChartSpec c = TwoCategories();
  c.categories.clear();
  for (const std::string& svg : {HorizontalBarChart(c), ColumnChart(c), LineChart(c)}) {
    EXPECT_NE(svg.find("data-empty"), std::string::npos);
    EXPECT_NE(svg.find("No data"), std::string::npos);
    EXPECT_EQ(svg.find("class=\"mark\""), std::string::npos);
  }
}

TEST(SvgChart, LinesSkipMissingValuesAndMarkTheOthers) {
  ChartSpec c;
  c.id = "chart-days";
  c.scale = Scale::kDays;
  c.categories = {"2016-Q1", "2016-Q2", "2016-Q3"};
  c.series.resize(2);
  c.series[0].name = "median";
  c.series[0].values = {10, std::numeric_limits<double>::quiet_NaN(), 12};
  c.series[1].name = "90th percentile";
  c.series[1].values = {20, 25, 30};
  const std::string svg = LineChart(c);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"mark\""), 5u);
  EXPECT_EQ(testing::CountOccurrences(svg, "<path class=\"line\""), 2u);
  EXPECT_EQ(testing::CountOccurrences(svg, "class=\"key\""), 2u);  // the legend's markers are not data
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);      // the second line is dashed
}

TEST(SvgChart, TheSecondBarSeriesIsHatched) {
  ChartSpec c = TwoCategories();
  c.series.push_back(c.series[0]);
  c.series[1].whiskers.clear();
  const std::string svg = HorizontalBarChart(c);
  EXPECT_NE(svg.find("fill=\"url(#chart-x-hatch)\""), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"chart-x-hatch\""), std::string::npos);
}

TEST(Ticks, AreRoundAndReachTheMaximum) {
  EXPECT_EQ(Ticks(0.93, Scale::kShare), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1}));
  EXPECT_EQ(Ticks(188, Scale::kCount), (std::vector<double>{0, 50, 100, 150, 200}));
  EXPECT_EQ(Ticks(3, Scale::kCount), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(Ticks(0, Scale::kCount), (std::vector<double>{0, 1}));
}

TEST(HtmlText, EscapesMarkupAndReplacesInvalidUtf8) {
  EXPECT_EQ(Escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  EXPECT_EQ(Escape("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(Escape("x\xFFy\x01"), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
}

TEST(HtmlText, FormatsNumbersForPeople) {
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(1234567), "1,234,567");
  EXPECT_EQ(Percent(0.8753), "87.5%");
  EXPECT_EQ(Coord(12.04), "12");
  EXPECT_EQ(Coord(12.25), "12.3");
}

}  // namespace
}  // namespace imr::report
