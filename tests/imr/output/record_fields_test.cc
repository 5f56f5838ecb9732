#include "imr/output/record_fields.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/output/letter_csv.h"

namespace imr::output {
namespace {

std::vector<std::string> HeaderNames(bool include_text) {
  std::string header = CsvHeader({.include_text = include_text});
  EXPECT_TRUE(header.ends_with("\r\n"));
  header.resize(header.size() - 2);
  std::vector<std::string> names;
  for (std::size_t from = 0;;) {
    const std::size_t comma = header.find(',', from);
    names.push_back(header.substr(from, comma - from));
    if (comma == std::string::npos) return names;
    from = comma + 1;
  }
}

TEST(RecordFields, CsvColumnsAreUniqueAndNamedLikeTheJson) {
  for (bool include_text : {true, false}) {
    const std::vector<std::string> names = HeaderNames(include_text);
    const std::set<std::string> unique(names.begin(), names.end());
    EXPECT_EQ(unique.size(), names.size());
    EXPECT_TRUE(unique.contains("claims_administrator_no_evidence_cited"));
    EXPECT_TRUE(unique.contains("maximus_no_evidence_cited"));
    for (const std::string& n : names) EXPECT_FALSE(n.starts_with("ca_")) << n;
    EXPECT_EQ(names.front(), "source_path");
    EXPECT_EQ(names.back(), include_text ? "rationale" : "rationale_length");
    EXPECT_EQ(unique.contains("claims_administrator_guideline"), include_text);
  }
}

// Walks a table and its nested tables.
void ExpectWellFormed(std::span<const Field> fields, const std::string& where) {
  std::set<std::string_view> keys;
  for (const Field& f : fields) {
    EXPECT_TRUE(keys.insert(f.name.name()).second) << where << f.name.name() << " twice";
    EXPECT_FALSE(f.description.empty()) << where << f.name.name();
    const bool compound = f.kind == Kind::kObject || f.kind == Kind::kList;
    // A scalar is read by its getter; an object or list writes itself and
    // says what it holds.
    EXPECT_EQ(f.get != nullptr, !compound) << where << f.name.name();
    EXPECT_EQ(f.write != nullptr, compound) << where << f.name.name();
    EXPECT_EQ(!f.children.empty(), compound) << where << f.name.name();
    EXPECT_TRUE(f.csv == CsvPlace::kNone || !compound) << where << f.name.name();
    for (const CsvCell& c : f.csv_cells) EXPECT_NE(c.get, nullptr) << where << f.name.name() << "." << c.name;
    if (compound) ExpectWellFormed(f.children, where + std::string(f.name.name()) + ".");
  }
}

TEST(RecordFields, EveryFieldHasAUniqueKeyAValueAndADescription) { ExpectWellFormed(kLetterFields, ""); }

TEST(RecordFields, HelpListsEveryJsonFieldOfTheLetterAndItem) {
  const std::string help = FieldHelp();
  for (std::span<const Field> fields : {kLetterFields, kItemFields}) {
    for (const Field& f : fields) {
      const bool listed = help.find("  " + std::string(f.name.name()) + " ") != std::string::npos ||
                          help.find("  " + std::string(f.name.name()) + "\n") != std::string::npos;
      EXPECT_EQ(listed, f.presence != Presence::kCsvOnly) << f.name.name();
    }
  }
}

}  // namespace
}  // namespace imr::output
