#include "imr/split/jsonl_reader.h"

#include <string>

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

}  // namespace
}  // namespace imr::split
