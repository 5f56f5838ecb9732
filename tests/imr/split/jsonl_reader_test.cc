#include "imr/split/jsonl_reader.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "imr/io/file_data.h"

namespace imr::split {
namespace {

struct Read {
  absl::Status status;
  std::string text, id;
};

Read ReadLine(const std::string& line) {
  const io::FileData buffer = io::FileData::FromString(line);  // padded, as files are
  JsonlReader reader("text");
  TextArena arena;
  std::string_view text, id;
  Read r;
  r.status = reader.Read(buffer.bytes(), buffer.size() + io::kReadPadding, &arena, &text, &id);
  r.text = std::string(text);
  r.id = std::string(id);
  return r;
}

TEST(JsonlReader, ReadsTextAndStringOrNumberId) {
  Read r = ReadLine(R"({"id": "CM16-1", "text": "Case Number: CM16-1\nline"})");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.text, "Case Number: CM16-1\nline");
  EXPECT_EQ(r.id, "CM16-1");
  r = ReadLine(R"({"text": "x", "id": 42, "other": [1, {"a": null}]})");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.id, "42");
}

TEST(JsonlReader, UnescapesControlCharactersAndUnicode) {
  const Read r = ReadLine(R"({"text": "a\f\r\n\t\u0000\u00e9\"z"})");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.text, std::string("a\f\r\n\t") + '\0' + "\xC3\xA9\"z");
}

TEST(JsonlReader, LineThatIsNotJsonIsDataLoss) {
  EXPECT_EQ(ReadLine("this is not json").status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadLine(R"({"text": "unterminated)").status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadLine(R"(["text"])").status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ReadLine(R"({"text": "a"} trailing)").status.code(), absl::StatusCode::kDataLoss);
}

TEST(JsonlReader, MissingTextFieldIsNotFound) {
  const Read r = ReadLine(R"({"id": 1, "body": "x"})");
  EXPECT_EQ(r.status.code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.status.message().find("text"), absl::string_view::npos);
}

TEST(JsonlReader, TextThatIsNotAStringIsDataLoss) {
  EXPECT_EQ(ReadLine(R"({"text": 12})").status.code(), absl::StatusCode::kDataLoss);
}

struct Indexed {
  bool read = false;
  std::string text, id;
  std::vector<std::uint32_t> newlines, form_feeds, colons;
};

std::vector<std::uint32_t> Vec(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

// ReadIndexed into an index that already holds another text's positions,
// as a batch's does; the positions it adds, back as offsets into its text.
Indexed ReadLineIndexed(const std::string& line) {
  const io::FileData buffer = io::FileData::FromString(line);
  JsonlReader reader("text");
  TextArena arena;
  TextIndex index;
  index.Build("earlier: text\n");
  const TextIndex::Mark before = index.Here();
  std::string_view text, id;
  Indexed r;
  std::size_t line_size = 0;
  r.read = reader.ReadIndexed(buffer.bytes(), 1 << 16, &arena, &index, &text, &id, &line_size);
  if (r.read) EXPECT_EQ(line_size, line.size()) << line;
  r.text = std::string(text);
  r.id = std::string(id);
  const TextIndex::Slice added = index.SliceOf(before, 0, UINT32_MAX);
  const IndexedPart part = index.Part(added, text);
  r.newlines = Vec(part.newlines);
  r.form_feeds = Vec(part.form_feeds);
  r.colons = Vec(part.colons);
  for (int k = 0; k < TextIndex::kClasses && !r.read; ++k) EXPECT_EQ(index.Here().size[k], before.size[k]) << line;
  return r;
}

// Every line ReadIndexed takes, Read reads to the same text and id, and
// the positions it indexed are TextIndex::Build's of that text.
TEST(JsonlReader, ReadIndexedAgreesWithRead) {
  for (const std::string& line : std::vector<std::string>{
           R"({"id": "CM16-1", "text": "Case Number: CM16-1\nline"})",
           R"(  {"text":"a:\f\r\n\t\u0000\u00e9\u003a\"z", "id": -12.5e+3}  )",
           R"({"text": "x", "id": 42, "n": null, "t": true, "f": false, "s": "\q ignored"})",
           R"({"id": "", "text": "first", "id": "second", "text": "not read"})",
           R"({"id": 7, "id": "not read", "text": ""})",
           "{\"text\": \"caf\xc3\xa9: \\u20ac\"}\r",
           R"({"id": null, "text": "t", "id": 0012})",
       }) {
    const Indexed r = ReadLineIndexed(line);
    ASSERT_TRUE(r.read) << line;
    const Read expected = ReadLine(line);
    ASSERT_TRUE(expected.status.ok()) << line;
    EXPECT_EQ(r.text, expected.text) << line;
    EXPECT_EQ(r.id, expected.id) << line;
    TextIndex index;
    index.Build(r.text);
    EXPECT_EQ(r.newlines, Vec(index.newlines())) << line;
    EXPECT_EQ(r.form_feeds, Vec(index.form_feeds())) << line;
    EXPECT_EQ(r.colons, Vec(index.colons())) << line;
  }
  EXPECT_EQ(ReadLineIndexed(R"({"id": "", "text": "first", "id": "second"})").id, "second");
  EXPECT_EQ(ReadLineIndexed(R"({"text": "x", "id": -12.5e+3})").id, "-12.5e+3");
}

// Errors, and records it does not read in one pass, are left to Read, and
// the index is left as it was.
TEST(JsonlReader, ReadIndexedLeavesTheRestToRead) {
  for (const std::string& line : std::vector<std::string>{
           "this is not json",
           R"({"text": "unterminated)",
           R"(["text"])",
           R"({"text": "a"} trailing)",
           R"({"id": 1, "body": "x"})",
           R"({"text": 12})",
           R"({})",
           R"({"text": "a",})",
           R"({"text": "bad \x escape"})",
           R"({"text": "\ud83d\ude00"})",
           R"({"te\u0078t": "escaped key"})",
           R"({"text": "a", "other": [1]})",
           R"({"text": "a", "other": {"b": 1}})",
           R"({"id": "L\u0031", "text": "a"})",
           R"({"text": "a", "n": 1x})",
           R"({"text": "a", "n": -})",
           R"({"text": "a", "n": nul})",
           "{\"text\": \"raw\ttab\"}",
           "{\"text\": \"bad \xff utf-8\"}",
           "{\"text\": \"a\"}\f",
       }) {
    EXPECT_FALSE(ReadLineIndexed(line).read) << line;
  }
}

// A record is read up to its line end, found as it is read: what follows
// is not looked at.
TEST(JsonlReader, ReadIndexedStopsAtTheLineEnd) {
  const std::string first = R"({"id": 1, "text": "one"} )";
  const io::FileData buffer = io::FileData::FromString(first + "\n{\"text\": \"two\"}\nnot json\n");
  JsonlReader reader("text");
  TextArena arena;
  TextIndex index;
  std::string_view text, id;
  std::size_t line_size = 0;
  ASSERT_TRUE(reader.ReadIndexed(buffer.bytes(), 1 << 16, &arena, &index, &text, &id, &line_size));
  EXPECT_EQ(text, "one");
  EXPECT_EQ(line_size, first.size());
  // A blank line, or a record that goes on past its line end, is not one.
  for (const char* rest : {"\n{\"text\": \"a\"}", "{\"text\": \"a\"\n}", "{\"text\": \"a\n\"}"}) {
    const io::FileData padded = io::FileData::FromString(rest);
    EXPECT_FALSE(reader.ReadIndexed(padded.bytes(), 1 << 16, &arena, &index, &text, &id, &line_size)) << rest;
  }
}

// A text longer than the room asked for is refused, whatever the arena's
// block has left, and read with room enough.
TEST(JsonlReader, ReadIndexedRefusesATextLongerThanItsRoom) {
  const std::string line = R"({"text": ")" + std::string(100000, 'x') + R"("})";
  const io::FileData buffer = io::FileData::FromString(line);
  JsonlReader reader("text");
  TextArena arena;
  TextIndex index;
  std::string_view text, id;
  std::size_t line_size = 0;
  EXPECT_FALSE(reader.ReadIndexed(buffer.bytes(), 1000, &arena, &index, &text, &id, &line_size));
  ASSERT_TRUE(reader.ReadIndexed(buffer.bytes(), line.size(), &arena, &index, &text, &id, &line_size));
  EXPECT_EQ(text.size(), 100000u);
}

}  // namespace
}  // namespace imr::split
