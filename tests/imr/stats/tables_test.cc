// Every table that tables.h declares reaches every output: both reports, the
// partial file (and back), and Merge. A table added to a list is checked here
// without touching this file.
#include "imr/stats/tables.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "imr/base/strings.h"
#include "imr/stats/partial.h"
#include "imr/stats/report.h"
#include "imr/stats/stats.h"

namespace imr::stats {
namespace {

// A key each table renders. Markdown shows the agreement table's fixed rows
// only, so it gets one of them.
std::string ProbeKey(KeySource keys) { return keys == KeySource::kAgreements ? "neither_cites" : "probe key"; }

// The distinct count each table holds under its probe key: the reports show
// it whatever else they print about the table (a share, a rate, a median).
// The MAXIMUS block's guideline tables hold it plus 100.
std::uint64_t ProbeCount(Counts id) { return 910000 + static_cast<std::uint64_t>(id); }
std::uint64_t ProbeCount(Outcomes id) { return 920000 + static_cast<std::uint64_t>(id); }
std::uint64_t ProbeCount(Intervals id) { return 930000 + static_cast<std::uint64_t>(id); }
std::uint64_t ProbeCount(GuidelineCounts id) { return 940000 + static_cast<std::uint64_t>(id); }

// Stats with one row in every table, and nothing that would hide it (a rate
// of zero blocks prints "-").
Stats EveryTableFilled() {
  Stats s;
  s.letters = 1;
  s.items = 1;
  s.claims_administrator.blocks = 1;
  s.maximus.blocks = 1;
  for (const TableSpec<Counts>& spec : kCountTables) s.table(spec.id)[ProbeKey(spec.keys)] = ProbeCount(spec.id);
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) {
    s.table(spec.id)[ProbeKey(spec.keys)] = OutcomeCounts{ProbeCount(spec.id), 0};
  }
  for (const TableSpec<Intervals>& spec : kIntervalTables) {
    s.table(spec.id)[ProbeKey(spec.keys)].Add(7, ProbeCount(spec.id));
  }
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    s.claims_administrator.table(spec.id)[ProbeKey(spec.keys)] = ProbeCount(spec.id);
    s.maximus.table(spec.id)[ProbeKey(spec.keys)] = ProbeCount(spec.id) + 100;
  }
  return s;
}

// Calls f(name, count) for the count of every table, both guideline blocks'.
template <typename F>
void ForEachProbe(F f) {
  for (const TableSpec<Counts>& spec : kCountTables) f(spec.key, ProbeCount(spec.id));
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) f(spec.key, ProbeCount(spec.id));
  for (const TableSpec<Intervals>& spec : kIntervalTables) f(spec.key, ProbeCount(spec.id));
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    f(absl::StrCat("claims_administrator.", ToAbsl(spec.key)), ProbeCount(spec.id));
    f(absl::StrCat("maximus.", ToAbsl(spec.key)), ProbeCount(spec.id) + 100);
  }
}

TEST(Tables, EveryTableAppearsInBothReports) {
  const Stats s = EveryTableFilled();
  const std::string md = FormatStatsMarkdown(s);
  const std::string json = FormatStatsJson(s);
  ForEachProbe([&](std::string_view table, std::uint64_t n) {
    EXPECT_NE(md.find(std::to_string(n)), std::string::npos) << table << " is missing from the Markdown report";
    EXPECT_NE(json.find(std::to_string(n)), std::string::npos) << table << " is missing from the JSON report";
  });
}

TEST(Tables, EveryTableIsInThePartialUnderItsKeyAndReadBack) {
  const Stats s = EveryTableFilled();
  const std::string partial = FormatPartialJson(s);
  for (const TableSpec<Counts>& spec : kCountTables) {
    const std::string row =
        absl::StrCat("\"", ToAbsl(spec.key), "\":{\"", ProbeKey(spec.keys), "\":", ProbeCount(spec.id), "}");
    EXPECT_NE(partial.find(row), std::string::npos) << row;
  }
  ForEachProbe([&](std::string_view table, std::uint64_t n) {
    EXPECT_NE(partial.find(std::to_string(n)), std::string::npos) << table << " is missing from the partial";
  });
  const absl::StatusOr<Stats> back = ParsePartialJson(partial, "every_table.json");
  ASSERT_TRUE(back.ok()) << back.status();
  for (const TableSpec<Counts>& spec : kCountTables) EXPECT_EQ(back->table(spec.id), s.table(spec.id)) << spec.key;
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) EXPECT_EQ(back->table(spec.id), s.table(spec.id)) << spec.key;
  for (const TableSpec<Intervals>& spec : kIntervalTables) {
    EXPECT_EQ(back->table(spec.id), s.table(spec.id)) << spec.key;
  }
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    EXPECT_EQ(back->claims_administrator.table(spec.id), s.claims_administrator.table(spec.id)) << spec.key;
    EXPECT_EQ(back->maximus.table(spec.id), s.maximus.table(spec.id)) << spec.key;
  }
  EXPECT_EQ(*back, s);
  EXPECT_EQ(FormatPartialJson(*back), partial);
}

TEST(Tables, MergeAddsEveryTable) {
  const Stats s = EveryTableFilled();
  Stats twice = s;
  twice.Merge(s);
  for (const TableSpec<Counts>& spec : kCountTables) {
    EXPECT_EQ(twice.table(spec.id).at(ProbeKey(spec.keys)), 2 * ProbeCount(spec.id)) << spec.key;
  }
  for (const TableSpec<Outcomes>& spec : kOutcomeTables) {
    EXPECT_EQ(twice.table(spec.id).at(ProbeKey(spec.keys)).upheld, 2 * ProbeCount(spec.id)) << spec.key;
  }
  for (const TableSpec<Intervals>& spec : kIntervalTables) {
    EXPECT_EQ(twice.table(spec.id).at(ProbeKey(spec.keys)).count(), 2 * ProbeCount(spec.id)) << spec.key;
  }
  for (const TableSpec<GuidelineCounts>& spec : kGuidelineTables) {
    EXPECT_EQ(twice.claims_administrator.table(spec.id).at(ProbeKey(spec.keys)), 2 * ProbeCount(spec.id)) << spec.key;
    EXPECT_EQ(twice.maximus.table(spec.id).at(ProbeKey(spec.keys)), 2 * (ProbeCount(spec.id) + 100)) << spec.key;
  }
}

// Keys and report keys are what partial files and JSON readers look up, so
// no two tables of a kind may share one.
template <typename Id>
bool KeysAreDistinct() {
  for (const TableSpec<Id>& a : kSpecs<Id>) {
    for (const TableSpec<Id>& b : kSpecs<Id>) {
      if (a.id != b.id && (a.key == b.key || a.report_key() == b.report_key())) return false;
    }
  }
  return true;
}

TEST(Tables, KeysAreDistinct) {
  EXPECT_TRUE(KeysAreDistinct<Counts>());
  EXPECT_TRUE(KeysAreDistinct<Outcomes>());
  EXPECT_TRUE(KeysAreDistinct<Intervals>());
  EXPECT_TRUE(KeysAreDistinct<GuidelineCounts>());
}

}  // namespace
}  // namespace imr::stats
