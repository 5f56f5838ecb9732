// The imr binary as a user meets it: exit statuses, messages naming files,
// standard input, --out, and the sample corpus and fixture manifests.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "testing/test_util.h"

namespace imr {
namespace {

TEST(Cli, HelpExitsZeroAndListsCommands) {
  std::string out, err;
  EXPECT_EQ(testing::RunImr("--help", &out, &err), 0);
  EXPECT_NE(out.find("extract"), std::string::npos);
  EXPECT_EQ(testing::RunImr("extract --help", &out, &err), 0);
  EXPECT_NE(out.find("--no-text"), std::string::npos);
  EXPECT_NE(out.find("SIGBUS"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  std::string out, err;
  EXPECT_EQ(testing::RunImr("frobnicate x", &out, &err), 2);
  EXPECT_EQ(testing::RunImr("extract --threads 0 x", &out, &err), 2);
  EXPECT_EQ(testing::RunImr("extract --bogus x", &out, &err), 2);
  EXPECT_NE(err.find("--bogus"), std::string::npos);
  EXPECT_EQ(testing::RunImr("extract", &out, &err), 2);
}

TEST(Cli, MissingPathIsReportedByNameAndTheRestIsProcessed) {
  const std::string dir = testing::MakeTempDir("cli_missing");
  testing::WriteFile(dir + "/a.txt",
                     testing::ReadFile(testing::SourceDir() + "/tests/testdata/letters/colon_titles.txt"));
  std::string out, err;
  EXPECT_EQ(testing::RunImr("stats --format json " + dir + "/nope.txt " + dir + "/a.txt", &out, &err), 1);
  EXPECT_NE(err.find(dir + "/nope.txt"), std::string::npos);
  EXPECT_NE(out.find("\"letters\":1,"), std::string::npos) << out;
}

TEST(Cli, ReadsStandardInputAndWritesOut) {
  const std::string dir = testing::MakeTempDir("cli_stdin");
  const std::string letter = testing::SourceDir() + "/tests/testdata/letters/colon_titles.txt";
  std::string out, err;
  EXPECT_EQ(testing::RunImr("extract --out " + dir + "/o.jsonl - < " + letter, &out, &err), 0) << err;
  const std::string written = testing::ReadFile(dir + "/o.jsonl");
  testing::JsonLines lines(written);
  ASSERT_EQ(lines.size(), 1u);
  std::string_view path;
  ASSERT_EQ(lines[0]["source"]["path"].get_string().get(path), simdjson::SUCCESS);
  EXPECT_EQ(path, "-");
}

// extract counts only what its summary line prints (jobs::RunExtract), stats
// counts everything: the numbers both give must agree.
TEST(Cli, ExtractSummaryCountsWhatStatsCounts) {
  const std::string letters = testing::SourceDir() + "/tests/testdata/letters";
  std::string json, records, summary;
  EXPECT_EQ(testing::RunImr("stats --format json " + letters, &json, &summary), 1);
  EXPECT_EQ(testing::RunImr("extract --no-text " + letters, &records, &summary), 1);
  const auto count = [&](const std::string& key) {
    const std::size_t at = json.find("\"" + key + "\":");
    EXPECT_NE(at, std::string::npos) << key;
    return at == std::string::npos
               ? std::string()
               : json.substr(at + key.size() + 3, json.find_first_of(",}", at) - at - key.size() - 3);
  };
  const std::string expected = "imr: " + count("letters") + " letters (" + count("letters_with_warnings") +
                               " with warnings, " + count("letters_rejected") + " rejected), " + count("items") +
                               " items;";
  EXPECT_NE(summary.find(expected), std::string::npos) << expected << "\n" << summary;
  EXPECT_NE(count("letters_with_warnings"), "0");  // the fixtures have letters with warnings
}

struct ManifestRow {
  std::string file, case_number, outcomes;
  int items = 0;
  std::vector<std::string> titles;
};

std::vector<ManifestRow> ReadManifest(const std::string& path) {
  std::vector<ManifestRow> rows;
  std::istringstream in(testing::ReadFile(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 6) continue;
    ManifestRow r{f[0], f[2], f[4], std::stoi(f[3]), {}};
    if (f[5] != "-") r.titles = absl::StrSplit(f[5], " | ");
    rows.push_back(std::move(r));
  }
  return rows;
}

// Every letter of a folder against its manifest (rows name file and ordinal).
void ExpectManifest(const std::string& dir, const std::string& manifest) {
  std::string out, err;
  testing::RunImr("extract --threads 4 " + dir, &out, &err);
  testing::JsonLines records(out);
  std::map<std::string, std::vector<simdjson::dom::element>> by_file;
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string_view path = records[i]["source"]["path"].get_string().value();
    by_file[std::string(path.substr(path.rfind('/') + 1))].push_back(records[i]);
  }
  std::map<std::string, std::size_t> next;
  std::size_t rows = 0;
  for (const ManifestRow& row : ReadManifest(manifest)) {
    if (row.items == 0 && row.case_number == "-") {  // a file without a letter
      EXPECT_EQ(by_file.count(row.file), 0u) << row.file;
      continue;
    }
    ++rows;
    SCOPED_TRACE(row.file);
    const std::size_t ordinal = next[row.file]++;
    ASSERT_LT(ordinal, by_file[row.file].size());
    simdjson::dom::element rec = by_file[row.file][ordinal];
    std::string_view case_number = "-";
    if (!rec["case_number"].is_null()) case_number = rec["case_number"].get_string().value();
    EXPECT_EQ(case_number, row.case_number);
    simdjson::dom::array items = rec["items"];
    ASSERT_EQ(static_cast<int>(items.size()), row.items);
    std::string outcomes;
    std::size_t i = 0;
    for (simdjson::dom::element item : items) {
      outcomes += item["outcome"].get_string().value() == "upheld" ? 'U' : 'O';
      if (i < row.titles.size()) EXPECT_EQ(item["title"].get_string().value(), row.titles[i]) << "item " << i;
      ++i;
    }
    EXPECT_EQ(outcomes.empty() ? "-" : outcomes, row.outcomes);
  }
  EXPECT_EQ(rows, records.size());
}

// data/sample is generated (`imr gen`, three formats) with its truth in
// data/sample.truth.jsonl: every letter and item is found and every field is
// exactly right.
TEST(Cli, SampleCorpusMatchesItsTruth) {
  std::string out, err;
  const int status =
      testing::RunImr("eval --threads 4 --min-accuracy 1 --min-recall 1 --truth " + testing::SourceDir() +
                          "/data/sample.truth.jsonl " + testing::SourceDir() + "/data/sample",
                      &out, &err);
  EXPECT_EQ(status, 0) << out << err;
  EXPECT_NE(out.find("letters: 300 in truth, 300 extracted, 300 matched"), std::string::npos) << out;
}

TEST(Cli, ExtractListsTheDrugsTheSummaryNamesWithTheirClasses) {
  std::string out, err;
  ASSERT_EQ(testing::RunImr("extract --no-text " + testing::SourceDir() + "/tests/testdata/letters/eight_items.txt",
                            &out, &err),
            0)
      << err;
  // "used Norco, Soma, gabapentin, omeprazole, and Terocin patches"; titles
  // and rationales name drugs too, but only the summary counts.
  EXPECT_NE(out.find(R"("medications":["norco","soma","gabapentin","omeprazole","terocin","patches"],)"
                     R"("medication_classes":["opioids","muscle_relaxants","anticonvulsants","proton_pump_inhibitors",)"
                     R"("topical_compounded","topical_compounded"])"),
            std::string::npos)
      << out;
}

TEST(Cli, FixtureLettersMatchTheirManifest) {
  ExpectManifest(testing::SourceDir() + "/tests/testdata/letters",
                 testing::SourceDir() + "/tests/testdata/letters/MANIFEST.tsv");
}

}  // namespace
}  // namespace imr

namespace imr {
namespace {

// A strict RFC 4180 reader: fails the test on a malformed field.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_quotes = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      EXPECT_TRUE(field.empty() && !quoted) << "quote inside an unquoted field at byte " << i;
      in_quotes = quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field);
      field.clear();
      quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "bare line feed at byte " << i;
      field += c;
    }
  }
  EXPECT_FALSE(in_quotes);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(Cli, CsvHasOneRowPerItemAndEqualFieldCounts) {
  const std::string dir = testing::SourceDir() + "/tests/testdata/letters";
  std::string jsonl, csv, err;
  testing::RunImr("extract " + dir, &jsonl, &err);
  testing::RunImr("extract --format csv " + dir, &csv, &err);
  testing::JsonLines records(jsonl);
  std::size_t expected_rows = 1;  // the header
  for (std::size_t i = 0; i < records.size(); ++i) {
    simdjson::dom::array items = records[i]["items"];
    expected_rows += std::max<std::size_t>(1, items.size());
  }
  const auto rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), expected_rows);
  EXPECT_EQ(rows[0][0], "source_path");
  for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
  std::string no_text;
  testing::RunImr("extract --format csv --no-text " + dir, &no_text, &err);
  const auto short_rows = ParseCsv(no_text);
  ASSERT_EQ(short_rows.size(), expected_rows);
  EXPECT_EQ(short_rows[0].back(), "rationale_length");
  for (const auto& row : short_rows) EXPECT_EQ(row.size(), short_rows[0].size());
}

}  // namespace
}  // namespace imr
