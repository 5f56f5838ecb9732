// The README's SQL queries, run on a store of data/sample: each answer is
// checked against the records `imr extract` prints for the same letters.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace imr {
namespace {

constexpr char kNull[] = "<null>";

// The ```sql blocks of the README, in order.
std::vector<std::string> ReadmeQueries() {
  const std::string readme = testing::ReadFile(testing::SourceDir() + "/README.md");
  std::vector<std::string> queries;
  for (std::size_t at = readme.find("```sql\n"); at != std::string::npos; at = readme.find("```sql\n", at)) {
    at += 7;
    const std::size_t end = readme.find("```", at);
    queries.push_back(readme.substr(at, end - at));
    at = end;
  }
  return queries;
}

// Every row of `sql`, each cell as text ("<null>" for NULL), joined with '|'.
std::vector<std::string> Query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::vector<std::string> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      if (i != 0) row += "|";
      const unsigned char* text = sqlite3_column_text(s, i);
      row += text != nullptr ? reinterpret_cast<const char*>(text) : kNull;
    }
    rows.push_back(row);
  }
  sqlite3_finalize(s);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string Text(simdjson::dom::element e) {
  std::string_view v;
  return e.get(v) == simdjson::SUCCESS ? std::string(v) : kNull;
}

class QueriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = testing::MakeTempDir("queries");
    const std::string db_path = dir + "/sample.sqlite";
    const std::string sample = testing::SourceDir() + "/data/sample";
    std::string out, err;
    ASSERT_EQ(testing::RunImr("stats --db " + db_path + " " + sample, &out, &err), 0) << err;
    ASSERT_EQ(testing::RunImr("extract " + sample, &records_, &err), 0) << err;
    ASSERT_EQ(sqlite3_open(db_path.c_str(), &db_), SQLITE_OK);
    queries_ = ReadmeQueries();
    ASSERT_EQ(queries_.size(), 3u);
  }
  void TearDown() override { sqlite3_close(db_); }

  sqlite3* db_ = nullptr;
  std::string records_;
  std::vector<std::string> queries_;
};

TEST_F(QueriesTest, UpholdRateByCategoryAndYear) {
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> counts;  // items, upheld
  const testing::JsonLines letters(records_);
  for (std::size_t i = 0; i < letters.size(); ++i) {
    const std::string date = Text(letters[i]["decision_date"]);
    const std::string year = date == kNull ? kNull : date.substr(0, 4);
    for (simdjson::dom::element item : letters[i]["items"].get_array()) {
      auto& [n, upheld] = counts[{Text(item["category"]), year}];
      ++n;
      upheld += Text(item["outcome"]) == "upheld";
    }
  }
  std::vector<std::string> expected;
  for (const auto& [key, value] : counts) {
    const double pct = std::round(1000.0 * value.second / value.first) / 10;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", pct);
    expected.push_back(key.first + "|" + key.second + "|" + std::to_string(value.first) + "|" + buf);
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_GT(expected.size(), 10u);
  EXPECT_EQ(Query(db_, queries_[0]), expected);
}

TEST_F(QueriesTest, OverturnedOpioidItemsCitingOdg) {
  std::vector<std::string> expected;
  const testing::JsonLines letters(records_);
  for (std::size_t i = 0; i < letters.size(); ++i) {
    int index = 0;
    for (simdjson::dom::element item : letters[i]["items"].get_array()) {
      bool odg = false;
      simdjson::dom::array citations;
      if (item["maximus_guideline"]["citations"].get(citations) == simdjson::SUCCESS) {
        for (simdjson::dom::element c : citations) odg = odg || Text(c["source"]) == "ODG";
      }
      if (Text(item["outcome"]) == "overturned" && Text(item["drug_class"]) == "opioids" && odg) {
        expected.push_back(Text(letters[i]["case_number"]) + "|" + std::to_string(index) + "|" + Text(item["title"]));
      }
      ++index;
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(Query(db_, queries_[1]), expected);
}

TEST_F(QueriesTest, OneCase) {
  std::vector<std::string> expected;
  const testing::JsonLines letters(records_);
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if (Text(letters[i]["case_number"]) != "CM14-0808647") continue;
    int index = 0;
    for (simdjson::dom::element item : letters[i]["items"].get_array()) {
      expected.push_back("CM14-0808647|" + Text(letters[i]["decision_date"]) + "|" + std::to_string(index++) + "|" +
                         Text(item["title"]) + "|" + Text(item["outcome"]) + "|" + Text(item["category"]));
    }
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(Query(db_, queries_[2]), expected);
}

}  // namespace
}  // namespace imr
