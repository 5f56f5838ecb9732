#include "imr/base/json_writer.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "simdjson.h"

namespace imr {
namespace {

std::string RoundTrip(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  EXPECT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  std::string_view s;
  EXPECT_EQ(doc["s"].get_string().get(s), simdjson::SUCCESS);
  return std::string(s);
}

std::string Object(std::string_view value) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("s");
  w.String(value);
  w.EndObject();
  return out;
}

TEST(JsonWriter, InsertsCommasAtEveryLevel) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("b");
  w.BeginArray();
  w.Int(2);
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Key("c");
  w.String("x");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":[2,true,null,{}],"c":"x"})");
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlBytes) {
  const std::string nasty = std::string("q\"b\\n\nt\tf\fr\rnul") + '\0' + "\x01\x1f" + "end";
  const std::string json = Object(nasty);
  EXPECT_EQ(RoundTrip(json), nasty);
  EXPECT_NE(json.find("\\u0000"), std::string::npos);
  EXPECT_NE(json.find("\\f"), std::string::npos);
}

TEST(JsonWriter, KeepsValidUtf8) {
  const std::string text = "45\xC2\xB0 caf\xC3\xA9 \xE2\x80\x93 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80";
  EXPECT_EQ(RoundTrip(Object(text)), text);
}

TEST(JsonWriter, ReplacesInvalidUtf8WithReplacementCharacter) {
  const std::string replacement = "\xEF\xBF\xBD";
  // Latin-1 e-acute, a lone continuation byte, a truncated 3-byte sequence,
  // an overlong encoding and a UTF-16 surrogate.
  EXPECT_EQ(RoundTrip(Object("caf\xE9")), "caf" + replacement);
  EXPECT_EQ(RoundTrip(Object("a\x80z")), "a" + replacement + "z");
  EXPECT_EQ(RoundTrip(Object("a\xE2\x80")), "a" + replacement + replacement);
  EXPECT_EQ(RoundTrip(Object("\xC0\xAF")), replacement + replacement);
  EXPECT_EQ(RoundTrip(Object("\xED\xA0\x80")), replacement + replacement + replacement);
}

TEST(JsonWriter, WritesShortestDoubles) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Double(0.25);
  w.Double(1.0 / 0.0);
  w.EndArray();
  EXPECT_EQ(out, "[0.25,null]");
}

TEST(AppendValidUtf8, ChangesOnlyInvalidBytes) {
  std::string out;
  AppendValidUtf8("ok\xFF\xC3\xA9", &out);
  EXPECT_EQ(out, "ok\xEF\xBF\xBD\xC3\xA9");
}

// AppendJsonString, byte by byte: what the SIMD scan and its overlapping
// last block must reproduce at every length and position of a special byte.
std::string EscapedByTheRule(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const int len = Utf8SequenceLength(s, i);
      out.append(len > 0 ? s.substr(i, len) : std::string_view("\xEF\xBF\xBD"));
      i += len > 0 ? len : 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\b':
        out += "\\b";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  return out + "\"";
}

TEST(AppendJsonString, AgreesWithTheRuleAtEveryLengthAndPosition) {
  for (std::size_t len = 0; len < 40; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      for (std::string_view special : {"\"", "\\", "\n", "\x01", "\xC3\xA9", "\xFF", "\x7F"}) {
        std::string s(len, 'a');
        if (at < len) s.replace(at, 1, special);
        std::string got;
        AppendJsonString(s, &got);
        ASSERT_EQ(got, EscapedByTheRule(s)) << len << " " << at;
      }
    }
  }
}

}  // namespace
}  // namespace imr
