#include "imr/output/json_cursor.h"

#include <string>

#include "gtest/gtest.h"
#include "imr/base/json_writer.h"
#include "imr/base/text.h"

namespace imr::output {
namespace {

std::string TextJson(std::string_view raw) {
  std::string buffer;
  JsonCursor out(&buffer);
  out.Text(raw);
  return std::string(out.written());
}

// Text() copies plain text in one go and sends the rest through
// AppendNormalized; either way it must write what normalising and escaping
// write, around the 16-byte blocks of its scan too.
TEST(JsonCursor, TextIsWhatNormalisingAndEscapingGive) {
  const std::string cases[] = {
      "Lumbar spine",
      "a  b",
      " leading",
      "trailing ",
      "tab\there",
      "line\nbreak",
      "range-of-\nmotion",
      "quote \"x\" and back\\slash",
      "caf\xC3\xA9",
      "bad \xFF byte",
      "control \x01 byte",
      "exactly sixteen!",
      std::string(15, 'a') + "  b",
      std::string(16, 'a') + "  b",
      std::string(14, 'a') + "  " + std::string(20, 'b'),
      std::string(40, 'x') + " y",
      std::string(40, 'x') + "\r\ny",
  };
  for (const std::string& raw : cases) {
    std::string expected;
    AppendJsonString(Normalized(raw), &expected);
    EXPECT_EQ(TextJson(raw), expected) << raw;
  }
}

TEST(JsonCursor, KeysCarryTheirCommaUnlessFirst) {
  std::string buffer;
  JsonCursor out(&buffer);
  out.Open('{');
  out.Key(JsonKey("a"), true);
  out.Int(-3);
  out.Key(JsonKey("long_name"), false);
  out.Null();
  out.Close('}');
  EXPECT_EQ(out.written(), R"({"a":-3,"long_name":null})");
  EXPECT_EQ(JsonKey("long_name").name(), "long_name");
}

TEST(JsonCursor, RewindDropsWhatWasWrittenSinceTheMark) {
  std::string buffer;
  JsonCursor out(&buffer);
  out.Open('[');
  char* mark = out.mark();
  out.Bool(true);
  out.Rewind(mark);
  out.Date({2016, 2, 9});
  out.Close(']');
  EXPECT_EQ(out.written(), R"(["2016-02-09"])");
}

// The buffer starts small and grows; what was written before survives.
TEST(JsonCursor, GrowsWithoutLosingWhatWasWritten) {
  std::string buffer;
  JsonCursor out(&buffer);
  const std::string big(100000, 'z');
  out.String("first");
  out.String(big);
  EXPECT_EQ(out.written(), "\"first\"\"" + big + "\"");
}

}  // namespace
}  // namespace imr::output
