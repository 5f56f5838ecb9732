#include "imr/store/multi_row_insert.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace imr::store {
namespace {

// Every row of table t as "a|b" ("null" for NULL), in rowid order.
std::vector<std::string> Rows(Database& db) {
  absl::StatusOr<Statement> s = db.Prepare("SELECT a, b FROM t ORDER BY rowid");
  EXPECT_TRUE(s.ok()) << s.status();
  std::vector<std::string> rows;
  while (true) {
    absl::StatusOr<bool> row = s->Step();
    EXPECT_TRUE(row.ok()) << row.status();
    if (!row.ok() || !*row) break;
    rows.push_back(std::to_string(s->ColumnInt(0)) + "|" +
                   (s->ColumnIsNull(1) ? std::string("null") : std::string(s->ColumnText(1))));
  }
  return rows;
}

// 0, 1, 64 and 100 rows (64 + 32 + 4), twice each, so that statements are
// reused: every row arrives once, in order, and a parameter left unbound is
// null even where the statement's previous run bound it (b is null for
// every third row, so a statement's slot is bound in one run, not the next).
TEST(MultiRowInsert, InsertsEveryRowInOrderWithUnboundParametersNull) {
  absl::StatusOr<Database> db = Database::Open(testing::MakeTempDir("multi_row") + "/t.sqlite", true);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Exec("CREATE TABLE t (a INTEGER, b TEXT)").ok());
  MultiRowInsert insert("INSERT INTO t (a, b) VALUES ", 2);
  std::vector<std::string> expected;
  int next = 0;
  for (const std::size_t count : {0, 1, 64, 100, 0, 1, 64, 100}) {
    const int first = next;
    const absl::Status inserted = insert.Run(*db, count, [&](std::size_t row, int param, Statement& s) {
      const int a = first + static_cast<int>(row);
      s.BindInt(param, a);
      if (a % 3 != 0) s.BindText(param + 1, "text");
    });
    ASSERT_TRUE(inserted.ok()) << inserted;
    for (std::size_t row = 0; row < count; ++row, ++next) {
      expected.push_back(std::to_string(next) + "|" + (next % 3 != 0 ? "text" : "null"));
    }
  }
  EXPECT_EQ(Rows(*db), expected);
}

}  // namespace
}  // namespace imr::store
