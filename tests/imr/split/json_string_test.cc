#include "imr/split/json_string.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "simdjson.h"

namespace imr::split {
namespace {

struct Decoded {
  bool ok = false;
  std::string text;
  std::size_t read = 0;
  bool non_ascii = false;
  std::vector<std::uint32_t> newlines, form_feeds, colons;
};

using Decoder = bool (*)(const char*, const char*, char*, TextIndex*, DecodedString*);

std::vector<std::uint32_t> Vec(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

// Decodes the body of `json` (after its first byte, a quote), with the
// padding a line has after it.
Decoded Decode(Decoder decode, const std::string& json) {
  std::string padded = json + std::string(kDecodeSlack, '\0');
  std::string out(json.size() + kDecodeSlack, '\0');
  TextIndex index;
  DecodedString s;
  Decoded d;
  d.ok = decode(padded.data() + 1, padded.data() + json.size(), out.data(), &index, &s);
  if (!d.ok) return d;
  d.text = out.substr(0, s.written);
  d.read = s.read;
  d.non_ascii = s.non_ascii;
  d.newlines = Vec(index.newlines());
  d.form_feeds = Vec(index.form_feeds());
  d.colons = Vec(index.colons());
  return d;
}

// What simdjson makes of the same string, and the index of its text.
Decoded Reference(const std::string& json) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  Decoded d;
  simdjson::ondemand::document doc;
  std::string_view s;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc.get_string().get(s) != simdjson::SUCCESS) return d;
  d.ok = true;
  d.text = std::string(s);
  TextIndex index;
  index.Build(d.text);
  d.newlines = Vec(index.newlines());
  d.form_feeds = Vec(index.form_feeds());
  d.colons = Vec(index.colons());
  return d;
}

void ExpectSame(const Decoded& a, const Decoded& b, const std::string& json) {
  ASSERT_EQ(a.ok, b.ok) << json;
  EXPECT_EQ(a.text, b.text) << json;
  EXPECT_EQ(a.newlines, b.newlines) << json;
  EXPECT_EQ(a.form_feeds, b.form_feeds) << json;
  EXPECT_EQ(a.colons, b.colons) << json;
}

// Escapes and colons at every offset of the 32-byte blocks, and across the
// 4 KiB stretches the index is reserved by: both kernels give simdjson's
// text and TextIndex::Build's positions.
TEST(DecodeJsonString, AgreesWithSimdjsonAndTheIndex) {
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {"a",       "b c",     ":",       "\\n",     "\\f",     "\\t",
                                           "\\r",     "\\\"",    "\\\\",    "\\/",     "\\b",     "\\u003a",
                                           "\\u000A", "\\u000c", "\\u00e9", "\\u20ac", "\xc3\xa9"};
  for (int round = 0; round < 300; ++round) {
    std::string json = "\"";
    const std::size_t n = round < 100 ? static_cast<std::size_t>(round) : 50 + rng() % 3000;
    for (std::size_t i = 0; i < n; ++i) json += pieces[rng() % pieces.size()];
    json += "\"";
    const Decoded expected = Reference(json);
    ASSERT_TRUE(expected.ok) << json;
    const Decoded avx2 = Decode(DecodeJsonString, json), scalar = Decode(DecodeJsonStringScalar, json);
    ExpectSame(avx2, expected, json);
    ExpectSame(scalar, expected, json);
    EXPECT_EQ(avx2.read, json.size() - 1);
    EXPECT_EQ(scalar.read, json.size() - 1);
    EXPECT_EQ(avx2.non_ascii, json.find_first_of("\x80\xc3") != std::string::npos) << json;
  }
}

// Blank lines come as runs of `\n`, decoded several a step: runs longer
// than a step, and more line ends than a stretch of the index has room for.
TEST(DecodeJsonString, RunsOfLineEnds) {
  for (std::size_t run : {1, 7, 8, 9, 17, 5000}) {
    std::string json = "\"a:";
    for (std::size_t i = 0; i < run; ++i) json += "\\n";
    json += "b:\\n\"";
    const Decoded expected = Reference(json);
    ASSERT_TRUE(expected.ok);
    ExpectSame(Decode(DecodeJsonString, json), expected, json);
    ExpectSame(Decode(DecodeJsonStringScalar, json), expected, json);
  }
}

TEST(DecodeJsonString, StopsAtTheClosingQuote) {
  const Decoded d = Decode(DecodeJsonString, R"("a\"b", "c")");
  ASSERT_TRUE(d.ok);
  EXPECT_EQ(d.text, "a\"b");
  EXPECT_EQ(d.read, 5u);
}

// What simdjson might read otherwise, or rejects, is left to it.
TEST(DecodeJsonString, RefusesWhatSimdjsonDecides) {
  for (Decoder decode : {Decoder{DecodeJsonString}, Decoder{DecodeJsonStringScalar}}) {
    for (const std::string json :
         std::vector<std::string>{"\"unterminated", "\"a\\x\"", "\"\\ud83d\\ude00\"", "\"\\udc00\"", "\"\\u12g4\"",
                                  "\"tab\there\"", std::string("\"nul\0\"", 6), "\"ends in \\", "\"\\u12\""}) {
      EXPECT_FALSE(Decode(decode, json).ok) << json;
    }
  }
}

// A quote past `end` (the line's end) is not the string's.
TEST(DecodeJsonString, DoesNotReadPastTheEnd) {
  std::string padded = "\"abc\"" + std::string(kDecodeSlack, '\0');
  std::string out(64, '\0');
  TextIndex index;
  DecodedString s;
  EXPECT_FALSE(DecodeJsonString(padded.data() + 1, padded.data() + 4, out.data(), &index, &s));
  EXPECT_FALSE(DecodeJsonStringScalar(padded.data() + 1, padded.data() + 4, out.data(), &index, &s));
}

}  // namespace
}  // namespace imr::split
