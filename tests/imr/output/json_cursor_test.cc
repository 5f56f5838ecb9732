#include "imr/output/json_cursor.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/base/json_writer.h"
#include "imr/base/text.h"

namespace imr::output {
namespace {

std::string TextJson(std::string_view raw) {
  std::string out;
  JsonCursor(&out).Text(raw);
  return out;
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
      "Special \n\nStudies",
      "Surgical\r\nConsiderations",
      "a \n b\n\nc\td",
      "knee-\n replacement",
      "x - \ny",
      "1-\r2",
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
      std::string(63, 'x') + " ",
      std::string(70, 'x') + " y",
      std::string(70, 'x') + "  y",
      std::string(70, 'x') + " caf\xC3\xA9",
  };
  for (const std::string& raw : cases) {
    std::string expected;
    AppendJsonString(Normalized(raw), &expected);
    EXPECT_EQ(TextJson(raw), expected) << raw;
  }
}

// Short text and strings are scanned as they are copied, in overlapping
// loads whose sizes depend on the length: every length up to past the
// longest such string, with each kind of byte that needs a look at every
// place, must write what normalising and escaping write.
TEST(JsonCursor, ShortTextAndStringsAtEveryLengthAndPlace) {
  // Whitespace runs too: each becomes one space, or none after "x-".
  const std::string odd[] = {" ",    "  ",    "\"",   "\\",     "\n",  "\x01", "\xC3\xA9",
                             "\xFF", " \n\n", "\r\n", "\t\v\f", "-\n", "- \n "};
  for (std::size_t n = 1; n <= 70; ++n) {
    std::vector<std::string> cases = {std::string(n, 'x')};
    for (const std::string& o : odd) {
      for (std::size_t at = 0; at + o.size() <= n; ++at) {
        std::string raw(n, 'x');
        raw.replace(at, o.size(), o);
        cases.push_back(raw);
      }
    }
    for (const std::string& raw : cases) {
      std::string text_expected, string_expected, string_json;
      AppendJsonString(Normalized(raw), &text_expected);
      AppendJsonString(raw, &string_expected);
      JsonCursor(&string_json).String(raw);
      EXPECT_EQ(TextJson(raw), text_expected) << raw;
      EXPECT_EQ(string_json, string_expected) << raw;
    }
  }
}

TEST(JsonCursor, DatesAreWhatIsoDateGives) {
  for (const std::int16_t year : {1900, 1999, 2000, 2009, 2016, 2100}) {
    for (std::int8_t month = 1; month <= 12; ++month) {
      for (std::int8_t day = 1; day <= 31; ++day) {
        const extract::Date date{year, month, day};
        std::array<char, 10> iso;
        std::string json, expected = "\"";
        expected.append(extract::IsoDate(date, &iso)).push_back('"');
        JsonCursor(&json).Date(date);
        EXPECT_EQ(json, expected);
      }
    }
  }
}

TEST(JsonCursor, KeysCarryTheirCommaUnlessFirst) {
  std::string json = "[";
  {
    JsonCursor out(&json);
    out.Open('{');
    out.Key(JsonKey("a"), true);
    out.Int(-3);
    out.Key(JsonKey("long_name"), false);
    out.Null();
    out.Close('}');
  }
  EXPECT_EQ(json, R"([{"a":-3,"long_name":null})");
  EXPECT_EQ(JsonKey("long_name").name(), "long_name");
}

// Bool copies five bytes either way; what "true" leaves past its end is
// written over or trimmed.
TEST(JsonCursor, BooleansLeaveNothingPastTheirEnd) {
  std::string json;
  {
    JsonCursor out(&json);
    out.Open('[');
    out.Bool(true);
    out.Comma();
    out.Bool(false);
    out.Comma();
    out.Bool(true);
  }
  EXPECT_EQ(json, "[true,false,true");
}

TEST(JsonCursor, RewindDropsWhatWasWrittenSinceTheMark) {
  std::string json;
  {
    JsonCursor out(&json);
    out.Open('[');
    const std::size_t mark = out.mark();
    out.Bool(true);
    out.String(std::string(5000, 'x'));  // grows the string: it moves
    out.Rewind(mark);
    out.Date({2016, 2, 9});
    out.Close(']');
  }
  EXPECT_EQ(json, R"(["2016-02-09"])");
}

TEST(JsonCursor, IntegersAreWrittenInFull) {
  std::string json;
  {
    JsonCursor out(&json);
    for (std::int64_t v :
         std::initializer_list<std::int64_t>{0, 7, 10, 99, 100, 12345, 4294967296, -42, INT64_MAX, INT64_MIN}) {
      out.Int(v);
      out.Comma();
    }
  }
  EXPECT_EQ(json, "0,7,10,99,100,12345,4294967296,-42,9223372036854775807,-9223372036854775808,");
}

// The digit count comes from the bit length and one compare: the numbers on
// either side of each power of ten, and of each power of two, are where it
// could be one off.
TEST(JsonCursor, IntegersAtEveryDigitCountAreWrittenExactly) {
  std::vector<std::int64_t> values;
  for (std::int64_t p = 1; p <= INT64_MAX / 10; p *= 10) {
    for (std::int64_t v : {p - 1, p, p + 1, 10 * p - 1}) values.push_back(v);
  }
  for (int bit = 0; bit < 63; ++bit) {
    const std::int64_t p = std::int64_t{1} << bit;
    for (std::int64_t v : {p - 1, p, p + 1}) values.push_back(v);
  }
  std::string json, expected;
  {
    JsonCursor out(&json);
    for (std::int64_t v : values) {
      out.Int(v);
      out.Comma();
      expected += std::to_string(v) + ",";
    }
  }
  EXPECT_EQ(json, expected);
}

// The string grows in steps (reallocating) and is trimmed at the end; what
// was there before and what was written survive.
TEST(JsonCursor, GrowsAndTrimsWithoutLosingAByte) {
  std::string json = "before";
  const std::string big(100000, 'z');
  {
    JsonCursor out(&json);
    for (int i = 0; i < 300; ++i) out.Int(i % 10);
    out.String(big);
  }
  std::string digits;
  for (int i = 0; i < 300; ++i) digits += static_cast<char>('0' + i % 10);
  EXPECT_EQ(json, "before" + digits + "\"" + big + "\"");
}

}  // namespace
}  // namespace imr::output
