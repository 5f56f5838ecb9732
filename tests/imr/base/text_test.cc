#include "imr/base/text.h"

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
TEST(Find, Issue7EmptyOrNullTextAndShortNeedles) {
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
