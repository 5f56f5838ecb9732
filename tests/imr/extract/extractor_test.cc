#include "imr/extract/extractor.h"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "imr/extract/layout.h"

namespace imr::extract {
namespace {

bool WarnsBinary(const std::string& text) {
  Letter letter;
  ExtractLetter(text, &letter);
  return std::ranges::any_of(letter.warnings, [](const Warning& w) { return w.code == WarningCode::kBinaryContent; });
}

// The NUL test reads 256 bytes a step and the last partial step as the 256
// bytes that end the letter: a NUL is found at every place, in letters whose
// lengths fall on either side of those steps.
TEST(ExtractLetter, WarnsOfANulByteAnywhere) {
  for (const std::size_t length : {1, 31, 32, 255, 256, 257, 511, 512, 600, 777}) {
    const std::string clean(length, 'x');
    EXPECT_FALSE(WarnsBinary(clean)) << length;
    for (std::size_t at = 0; at < length; ++at) {
      std::string text = clean;
      text[at] = '\0';
      ASSERT_TRUE(WarnsBinary(text)) << "NUL at " << at << " of " << length;
    }
  }
  // Bytes above 0x7F are no NUL (the test takes unsigned minima).
  EXPECT_FALSE(WarnsBinary(std::string(300, '\x80')));
  EXPECT_FALSE(WarnsBinary(std::string(300, '\x01')));
}

std::string_view LayoutOf(const std::string& text) {
  Letter letter;
  ExtractLetter(text, &letter);
  return letter.layout->name;
}

// The 2016-17 template is told by its wordings around "MTUS", wherever in
// the letter they stand; anything else that says MTUS is the 2014-15 one.
TEST(ExtractLetter, TellsTheTemplatesByTheirMtusWordings) {
  const std::string head = "Case Number: CM16-0000001\nHOW THE IMR FINAL DETERMINATION WAS MADE\n";
  EXPECT_EQ(LayoutOf(head + "Decision based on MTUS Low Back Complaints 2004."), "imr_2016");
  EXPECT_EQ(LayoutOf(head + "with recommendation(s) outside of the MTUS Guidelines."), "imr_2016");
  EXPECT_EQ(LayoutOf(head + "Decision based on MTUS Chronic Pain, Page(s): 22"), "imr_2014");
  EXPECT_EQ(LayoutOf(head + "recommendation(s) outside of theMTUS"), "imr_2014");
  EXPECT_EQ(LayoutOf(head + "recommendation(s) outside of the MTU"), "imr_2014");
  EXPECT_EQ(LayoutOf(head + "based on  MTUS Low Back Complaints 2004"), "imr_2014");
  EXPECT_EQ(LayoutOf("MTUS " + head), "imr_2014");
  EXPECT_EQ(LayoutOf(" MTUS " + head), "imr_2014");
}

}  // namespace
}  // namespace imr::extract
