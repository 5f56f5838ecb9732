#include "imr/base/text.h"

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace imr {
namespace {

TEST(Normalized, CollapsesWhitespaceAndFormFeeds) {
  EXPECT_EQ(Normalized("  Massage \t therapy\r\n\n\f(12 visits)  "), "Massage therapy (12 visits)");
}

TEST(Normalized, JoinsHyphenatedLineBreaks) {
  EXPECT_EQ(Normalized("range-of- \nmotion"), "range-of-motion");
  EXPECT_EQ(Normalized("10-30-\n2016"), "10-30-2016");
}

TEST(Normalized, KeepsSpaceAroundFreeStandingDashes) {
  EXPECT_EQ(Normalized("therapy -\nrecommended"), "therapy - recommended");
  EXPECT_EQ(Normalized("a - b"), "a - b");
}

TEST(FindNoCase, FindsEitherCase) {
  EXPECT_EQ(FindNoCase("The request IS NOT medically", "is not"), 12u);
  EXPECT_EQ(FindNoCase("abc", "d"), std::string_view::npos);
  EXPECT_EQ(FindNoCase("aXbxc", "xc"), 3u);
  EXPECT_EQ(FindNoCase("ab", "abc"), std::string_view::npos);
}

TEST(Lines, LineBeginAndEnd) {
  const std::string_view s = "one\ntwo\n\nthree";
  EXPECT_EQ(LineBegin(s, 5), 4u);
  EXPECT_EQ(LineEnd(s, 5), 7u);
  EXPECT_EQ(LineBegin(s, 0), 0u);
  EXPECT_EQ(LineEnd(s, 10), s.size());
}

}  // namespace
}  // namespace imr

namespace imr {
namespace {

// Found by tests/fuzz/extract_fuzzer (a header-only letter has an empty,
// null reviewer section): Find handed memmem a null pointer, which UBSan
// reports. Runs clean under scripts/test.sh's ASan+UBSan stage.
TEST(Find, EmptyOrNullTextAndShortNeedles) {
  const std::string_view null_view;
  EXPECT_EQ(Find(null_view, "x"), std::string_view::npos);
  EXPECT_EQ(Find(null_view, "xy"), std::string_view::npos);
  EXPECT_EQ(Find(null_view, ""), 0u);
  EXPECT_EQ(Find("abc", ""), 0u);
  EXPECT_EQ(Find("abc", "", 2), 2u);
  EXPECT_EQ(Find("abc", "c"), 2u);
  EXPECT_EQ(Find("abc", "c", 3), std::string_view::npos);
  EXPECT_EQ(Find("abc", "a", 4), std::string_view::npos);
  EXPECT_EQ(Find("abcbc", "bc", 2), 3u);
}

}  // namespace
}  // namespace imr

namespace imr {
namespace {

// Find and FindAny against std::string_view::find on random texts over a
// four-letter alphabet, so that matches, near misses and needles that run
// past the end all occur, at every length around the 16-byte SIMD blocks.
TEST(Find, AgreesWithStdFindOnRandomTexts) {
  std::mt19937 rng(7);
  const auto random_string = [&](std::size_t max_len) {
    std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), ' ');
    for (char& c : s) c = "abcd"[rng() % 4];
    return s;
  };
  for (int round = 0; round < 3000; ++round) {
    const std::string text = random_string(90);
    std::vector<std::string> owned;
    const std::size_t count = 1 + rng() % kMaxFindAnyNeedles;
    for (std::size_t i = 0; i < count; ++i) {
      std::string needle = random_string(round % 3 == 0 ? 20 : 4);
      if (needle.empty()) needle = "a";
      owned.push_back(needle);
    }
    const std::vector<std::string_view> needles(owned.begin(), owned.end());
    const std::size_t from = rng() % (text.size() + 2);
    std::size_t want_any = std::string_view::npos;
    for (std::string_view n : needles) {
      const std::size_t want = std::string_view(text).find(n, from);
      ASSERT_EQ(Find(text, n, from), want) << text << " / " << n << " from " << from;
      want_any = std::min(want_any, want);
    }
    ASSERT_EQ(FindAny(text, needles, from), want_any) << text << " from " << from;
  }
}

TEST(FindAny, RejectsWhatItCannotSearchFor) {
  const std::array<std::string_view, 2> with_empty = {"ab", ""};
  EXPECT_EQ(FindAny("xxab", with_empty), std::string_view::npos);
  EXPECT_EQ(FindAny("ab", {}), std::string_view::npos);
  const std::array<std::string_view, kMaxFindAnyNeedles + 1> too_many = {"a", "a", "a", "a", "a", "a", "a", "a", "a"};
  EXPECT_EQ(FindAny("a", too_many), std::string_view::npos);
  const std::array<std::string_view, 1> one = {"x"};
  EXPECT_EQ(FindAny(std::string_view(), one), std::string_view::npos);
  EXPECT_EQ(FindAny("x", one, 2), std::string_view::npos);
}

// The rule AppendNormalized implements, one byte at a time: `s` trimmed, and
// every whitespace run in it one space, or nothing when it holds a line end
// right after a letter or digit and a hyphen (in what is written so far).
std::string NormalizedByTheRule(std::string out, std::string_view s) {
  s = TrimSpace(s);
  for (std::size_t i = 0; i < s.size();) {
    if (!IsSpace(s[i])) {
      out.push_back(s[i++]);
      continue;
    }
    bool newline = false;
    while (i < s.size() && IsSpace(s[i])) newline |= s[i++] == '\n';
    const bool wrap = newline && out.size() >= 2 && out.back() == '-' &&
                      (IsAlpha(out[out.size() - 2]) || IsDigit(out[out.size() - 2]));
    if (!wrap) out.push_back(' ');
  }
  return out;
}

// Clean runs are skipped 16 bytes at a time: every alignment and length of
// dirty bytes around the block edges must give what the rule gives.
TEST(AppendNormalized, AgreesWithTheRuleOnRandomText) {
  std::mt19937 rng(11);
  const std::string_view alphabet = "aaaaaaaa1-- \n\t\r\f\v";
  for (int round = 0; round < 3000; ++round) {
    std::string text(rng() % 70, 'x');
    for (char& ch : text) ch = alphabet[rng() % alphabet.size()];
    std::string got = "ab";  // appending: the hyphen test may look at what came before
    AppendNormalized(text, &got);
    ASSERT_EQ(got, NormalizedByTheRule("ab", text)) << "[" << text << "]";
  }
}

}  // namespace
}  // namespace imr
