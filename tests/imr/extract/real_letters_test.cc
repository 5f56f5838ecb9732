// The extractor against the real letters in ../shared (skipped when absent):
// every letter in all three pdftotext modes, and the hand-checked expected
// records in tests/testdata/expected (values only, read off the letters).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/extract/extractor.h"
#include "imr/extract/layout.h"
#include "imr/output/letter_json.h"
#include "testing/flat_record.h"
#include "testing/test_util.h"

namespace imr::extract {
namespace {

using simdjson::dom::element;

constexpr const char* kModes[] = {"layout", "default", "raw"};

std::string Stem(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return path.substr(slash + 1, path.rfind('.') - slash - 1);
}

// The letter's record exactly as `imr extract` writes it.
std::string RecordJson(const std::string& text) {
  Letter letter;
  ExtractLetter(text, &letter);
  std::string out;
  output::AppendLetterJson({"x", {}, {}}, letter, {}, &out);
  return out;
}

// Outcome words that end a line after the issues heading, read independently
// of the extractor: the sequence the letter states.
std::string OutcomeLines(const std::string& text) {
  std::string seq;
  const std::size_t issues = text.find("IMR ISSUES, DECISIONS AND RATIONALES");
  for (std::size_t line = issues == std::string::npos ? 0 : issues; line < text.size();) {
    const std::size_t end = LineEnd(text, line);
    const std::string_view l = TrimRightSpace(std::string_view(text).substr(line, end - line));
    if (l.ends_with("Upheld")) seq += 'U';
    if (l.ends_with("Overturned")) seq += 'O';
    line = end + 1;
  }
  return seq;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

class RealLetters : public ::testing::Test {
 protected:
  void SetUp() override {
    shared_ = testing::SharedDir();
    if (!shared_) GTEST_SKIP() << "../shared is absent";
  }
  std::vector<std::string> Files(const std::string& mode) {
    return testing::ListFiles(*shared_ + "/real/" + mode, ".txt");
  }
  std::optional<std::string> shared_;
};

TEST_F(RealLetters, ItemCountEqualsGuidelineLabelsAndOutcomesMatchTheLetter) {
  for (const char* mode : kModes) {
    const std::vector<std::string> files = Files(mode);
    ASSERT_EQ(files.size(), 94u) << mode;
    for (const std::string& path : files) {
      const std::string text = testing::ReadFile(path);
      const auto owned = testing::Extract(text);
      const Letter& l = owned->letter;
      EXPECT_EQ(static_cast<int>(l.items.size()), Count(text, "MAXIMUS guideline:")) << path;
      EXPECT_EQ(static_cast<int>(l.items.size()), Count(text, "Claims Administrator guideline:")) << path;
      std::string seq;
      for (const Item& i : l.items) seq += i.outcome == Outcome::kUpheld ? 'U' : 'O';
      EXPECT_EQ(seq, OutcomeLines(text)) << path;
      EXPECT_EQ(l.layout->name, "imr_2016") << path;
    }
  }
}

using testing::FlatRecord;
using testing::Flatten;

// Fields that may rightly differ between modes. A date (and so the warning
// that flags it) may be unreadable in one mode, never different.
bool MayBeAbsentInOneMode(const std::string& field) {
  return field.starts_with("date_") || field.ends_with("_date") || field == "application_received" ||
         field.starts_with("warnings");
}

// Every field of the record, so that a new field is checked without touching this test.
TEST_F(RealLetters, ThreeExtractionModesAgreeOnEveryField) {
  for (const std::string& layout_path : Files("layout")) {
    const std::string stem = Stem(layout_path);
    std::vector<FlatRecord> records;
    simdjson::dom::parser parser;
    for (const char* mode : kModes) {
      const std::string json = RecordJson(testing::ReadFile(*shared_ + "/real/" + mode + "/" + stem + ".txt"));
      element doc;
      ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << stem;
      records.emplace_back();
      Flatten(doc, "", &records.back());
    }
    const FlatRecord& a = records[0];
    for (std::size_t m = 1; m < records.size(); ++m) {
      const FlatRecord& b = records[m];
      SCOPED_TRACE(stem + " layout vs " + kModes[m]);
      std::set<std::string> fields;
      for (const auto& [k, v] : a) fields.insert(k);
      for (const auto& [k, v] : b) fields.insert(k);
      for (const std::string& field : fields) {
        const auto x = a.find(field), y = b.find(field);
        if (x == a.end() || y == b.end()) {
          EXPECT_TRUE(MayBeAbsentInOneMode(field)) << field << " only in " << (x == a.end() ? kModes[m] : "layout");
          continue;
        }
        if (MayBeAbsentInOneMode(field) && field.starts_with("warnings")) continue;
        EXPECT_EQ(x->second, y->second) << field;
      }
    }
  }
}

// A guideline block as the expected records summarise it: its sources in
// order of first appearance, the MTUS parts cited, and the flags set.
struct BlockSummary {
  std::vector<std::string> sources, mtus_parts, flags;
};

void AddOnce(std::vector<std::string>* v, std::string s) {
  if (std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
}

BlockSummary Summarise(element block) {
  BlockSummary s;
  for (element c : block["citations"].get_array()) {
    const std::string source{std::string_view(c["source"])};
    AddOnce(&s.sources, source);
    if (source == "MTUS") AddOnce(&s.mtus_parts, std::string(std::string_view(c["part"])));
  }
  for (const char* flag : {"no_evidence_cited", "outside_mtus", "no_guidelines_found"}) {
    if (bool(block[flag])) s.flags.emplace_back(flag);
  }
  return s;
}

std::vector<std::string> Strings(element want, const char* key) {
  std::vector<std::string> out;
  for (element e : want[key].get_array()) out.emplace_back(std::string_view(e));
  return out;
}

// Compares one extracted record with a hand-checked expected record.
void ExpectMatches(const std::string& where, element got, element want) {
  SCOPED_TRACE(where);
  for (const char* key : {"case_number", "date_assigned", "date_of_injury", "decision_date", "ur_denial_date",
                          "application_received", "priority"}) {
    EXPECT_EQ(simdjson::minify(got[key]), simdjson::minify(want[key])) << key;
  }
  EXPECT_EQ(simdjson::minify(got["reviewer"]["licensure"]), simdjson::minify(want["reviewer"]["licensure"]));
  EXPECT_EQ(simdjson::minify(got["reviewer"]["specialties"]), simdjson::minify(want["reviewer"]["specialties"]));
  EXPECT_EQ(simdjson::minify(got["patient"]), simdjson::minify(want["patient"]));
  simdjson::dom::array got_items = got["items"], want_items = want["items"];
  ASSERT_EQ(got_items.size(), want_items.size());
  for (std::size_t i = 0; i < want_items.size(); ++i) {
    element g = got_items.at(i), w = want_items.at(i);
    for (const char* key : {"title", "outcome", "original_request", "authorized", "disputed", "medically_necessary"}) {
      EXPECT_EQ(simdjson::minify(g[key]), simdjson::minify(w[key])) << "item " << i << " " << key;
    }
    for (auto [prefix, block] :
         {std::pair{"ca", "claims_administrator_guideline"}, std::pair{"mx", "maximus_guideline"}}) {
      const BlockSummary summary = Summarise(g[block]);
      const std::string p(prefix);
      EXPECT_EQ(summary.sources, Strings(w, (p + "_sources").c_str())) << "item " << i << " " << block;
      EXPECT_EQ(summary.mtus_parts, Strings(w, (p + "_mtus_parts").c_str())) << "item " << i << " " << block;
      EXPECT_EQ(summary.flags, Strings(w, (p + "_flags").c_str())) << "item " << i << " " << block;
    }
  }
}

TEST_F(RealLetters, MatchHandCheckedRecordsInEveryMode) {
  const std::vector<std::string> expected =
      testing::ListFiles(testing::SourceDir() + "/tests/testdata/expected/real", ".json");
  ASSERT_GE(expected.size(), 20u);
  for (const std::string& exp_path : expected) {
    simdjson::dom::parser parser;
    const element want = parser.parse(testing::ReadFile(exp_path));
    for (const char* mode : kModes) {
      const std::string path = *shared_ + "/real/" + mode + "/" + Stem(exp_path) + ".txt";
      testing::JsonLines got(RecordJson(testing::ReadFile(path)));
      ASSERT_EQ(got.size(), 1u);
      ExpectMatches(path, got[0], want);
    }
  }
}

TEST_F(RealLetters, SeedsMatchHandCheckedRecords) {
  for (const std::string& exp_path :
       testing::ListFiles(testing::SourceDir() + "/tests/testdata/expected/seeds", ".json")) {
    const std::string path = *shared_ + "/seeds/" + Stem(exp_path) + ".txt";
    simdjson::dom::parser parser;
    const element want = parser.parse(testing::ReadFile(exp_path));
    testing::JsonLines got(RecordJson(testing::ReadFile(path)));
    ASSERT_EQ(got.size(), 1u);
    ExpectMatches(path, got[0], want);
  }
}

}  // namespace
}  // namespace imr::extract
