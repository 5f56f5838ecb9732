#include "imr/report/html_report.h"

#include <string>

#include "gtest/gtest.h"
#include "imr/stats/partial.h"
#include "testing/test_util.h"

namespace imr::report {
namespace {

TEST(HtmlReport, EmptyStatisticsGiveAPageWhoseChartsSayNoData) {
  const std::string page = FormatStatsHtml(stats::Stats{});
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  const std::size_t charts = testing::CountOccurrences(page, "<svg class=\"chart\"");
  EXPECT_GE(charts, 10u);
  EXPECT_EQ(testing::CountOccurrences(page, "data-empty"), charts);
  EXPECT_EQ(page.find("class=\"mark\""), std::string::npos);
}

TEST(HtmlReport, KeysFromTheLettersAreEscaped) {
  // A partial whose unclassified title holds markup, as a letter could.
  stats::Stats s;
  s.items_unclassified = 1;
  s.items = 1;
  const std::string partial = stats::FormatPartialJson(s);
  const std::string title = R"(<script>alert(1)</script> & "x")";
  std::string edited = partial;
  const std::size_t at = edited.find("\"unclassified_titles\":{}");
  ASSERT_NE(at, std::string::npos) << partial;
  edited.replace(at, 24, R"("unclassified_titles":{"<script>alert(1)</script> & \"x\"":1})");
  const absl::StatusOr<stats::Stats> parsed = stats::ParsePartialJson(edited, "edited");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const std::string page = FormatStatsHtml(*parsed);
  EXPECT_EQ(page.find(title), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), std::string::npos);
}

}  // namespace
}  // namespace imr::report
