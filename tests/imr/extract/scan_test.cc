#include "imr/extract/scan.h"

#include <array>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"

namespace imr::extract {
namespace {

using Match = std::tuple<std::size_t, std::size_t, std::size_t>;  // phrase, at, length

std::vector<Match> Scan(std::string_view text, std::span<const std::string_view> phrases) {
  std::vector<Match> out;
  ScanPhrases(text, phrases,
              [&](std::size_t phrase, std::size_t at, std::size_t n) { out.emplace_back(phrase, at, n); });
  return out;
}

TEST(ScanPhrases, EveryMatchInTextOrderAcrossWhitespaceRuns) {
  static constexpr std::array<std::string_view, 3> kPhrases = {"did not cite", "No guidelines", "did not base"};
  const std::string_view text = "No guidelines. It did\n  not base it; it did not\fcite. did not";
  EXPECT_EQ(Scan(text, kPhrases), (std::vector<Match>{{1, 0, 13}, {2, 18, 14}, {0, 40, 12}}));
  EXPECT_TRUE(Scan("no guidelines", kPhrases).empty());  // case-sensitive
  EXPECT_TRUE(Scan("", kPhrases).empty());
}

TEST(ScanPhrases, OverlappingMatchesAndSharedStartsAreAllReported) {
  static constexpr std::array<std::string_view, 3> kPhrases = {"aa a", "aa", "a a"};
  EXPECT_EQ(Scan("aa aa", kPhrases), (std::vector<Match>{{0, 0, 4}, {1, 0, 2}, {2, 1, 3}, {1, 3, 2}}));
}

constexpr std::array<Name, 4> kParts = {{
    {"Low Back Complaints", "Low Back"},
    {"Low Back", "Low Back"},
    {"knee", "Knee"},
    {"Elbow Disorders", "Elbow"},
}};
constexpr NameTable kPartTable(kParts);

TEST(NameTable, FirstNameInTableOrderEndingAWord) {
  std::size_t n = 0;
  const Name* name = kPartTable.MatchAt("see LOW BACK\ncomplaints.", 4, &n);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->written, "Low Back Complaints");
  EXPECT_EQ(n, 19u);
  name = kPartTable.MatchAt("Low Backs", 0, &n);
  EXPECT_EQ(name, nullptr);  // "Low Back" does not end a word there
  name = kPartTable.MatchAt("Knee pain", 0, &n);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->canonical, "Knee");
  EXPECT_EQ(kPartTable.MatchAt("Knee", 4, &n), nullptr);
  EXPECT_EQ(kPartTable.MatchAt("Shoulder", 0, &n), nullptr);
}

// Every forward match of a label, found backwards from its last byte.
TEST(MatchPhraseEndingAt, FindsTheStartAForwardMatchHas) {
  constexpr std::string_view kLabel = "Claims Administrator guideline:";
  const std::string text = "x Claims \n\f Administrator  guideline: y Claims Administratorguideline: guideline:";
  for (std::size_t end = 0; end <= text.size(); ++end) {
    const std::size_t at = MatchPhraseEndingAt(text, end, kLabel);
    if (at == std::string_view::npos) continue;
    EXPECT_EQ(at + MatchPhraseAt(text, at, kLabel, Case::kSensitive), end);
  }
  EXPECT_EQ(MatchPhraseEndingAt(text, text.find(':') + 1, kLabel), 2u);
  EXPECT_EQ(MatchPhraseEndingAt(text, text.find(':', text.find(':') + 1) + 1, kLabel), std::string_view::npos);
  EXPECT_EQ(MatchPhraseEndingAt(text, 1, kLabel), std::string_view::npos);
  EXPECT_EQ(MatchPhraseEndingAt("guideline:", 10, "MAXIMUS guideline:"), std::string_view::npos);  // runs out of text
  EXPECT_EQ(MatchPhraseEndingAt("MAXIMUS guideline:", 18, "MAXIMUS guideline:"), 0u);
}

// Texts of pieces of the needles (overlapping, cut short, run together),
// where the walk over anchors must find what Find finds, needle by needle.
std::string PieceText(std::mt19937* rng, std::span<const std::string_view> pieces, std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) text += pieces[(*rng)() % pieces.size()];
  return text;
}

TEST(FindFirstOfEach, AgreesWithFindForEachNeedle) {
  static constexpr AnchoredNeedles<3> kNeedles('L', {"FINAL L", "CLINICAL", "LL"});
  static constexpr std::array<std::string_view, 7> kPieces = {"FIN", "AL L", "CLINIC", "L", "AL", " ", "C"};
  std::mt19937 rng(11);
  std::size_t found = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = PieceText(&rng, kPieces, rng() % 12);
    const std::array<std::size_t, 3> at = FindFirstOfEach(text, kNeedles);
    for (std::size_t i = 0; i < at.size(); ++i) {
      EXPECT_EQ(at[i], Find(text, kNeedles.needles[i])) << text << " / " << i;
      found += at[i] != std::string_view::npos;
    }
  }
  EXPECT_GT(found, 500u);  // the texts hold the needles often enough to test the walk
}

TEST(FindPhraseEndingAtColon, OneWordLabelAsFindFindsIt) {
  static constexpr std::array<std::string_view, 6> kPieces = {"Section(s)", ":", "Page(s):", "s", " ", "(s):"};
  std::mt19937 rng(5);
  TextIndex index;
  std::size_t found = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = PieceText(&rng, kPieces, rng() % 10);
    index.Build(text);
    std::size_t length = 0;
    const std::size_t at = FindPhraseEndingAtColon(index.Whole(text), "Section(s):", Case::kSensitive, &length);
    EXPECT_EQ(at, Find(text, "Section(s):")) << text;
    if (at != std::string_view::npos) {
      EXPECT_EQ(length, 11u);
      ++found;
    }
  }
  EXPECT_GT(found, 100u);  // the texts hold the label often enough to test the walk
}

}  // namespace
}  // namespace imr::extract
