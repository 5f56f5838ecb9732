// data/letter.schema.json documents the record; these tests keep it honest.
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "imr/extract/warning.h"
#include "testing/test_util.h"

namespace imr {
namespace {

simdjson::dom::element Schema(simdjson::dom::parser* parser) {
  return parser->parse(testing::ReadFile(testing::SourceDir() + "/data/letter.schema.json"));
}

TEST(LetterSchema, ListsEveryWarningCode) {
  simdjson::dom::parser parser;
  simdjson::dom::array codes = Schema(&parser)["properties"]["warnings"]["items"]["properties"]["code"]["enum"];
  std::set<std::string> in_schema;
  for (simdjson::dom::element c : codes) in_schema.insert(std::string(c.get_string().value()));
  std::set<std::string> in_code;
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) {
    in_code.insert(std::string(extract::WarningName(static_cast<extract::WarningCode>(i))));
  }
  EXPECT_EQ(in_schema, in_code);
}

// Every key a record has is described by the schema, and every required key
// is present (records from the fixture letters, with and without text).
TEST(LetterSchema, DescribesEveryKeyOfARecord) {
  simdjson::dom::parser parser;
  simdjson::dom::element schema = Schema(&parser);
  for (const char* flags : {"", "--no-text "}) {
    std::string out, err;
    testing::RunImr(std::string("extract ") + flags + testing::SourceDir() + "/tests/testdata/letters", &out, &err);
    testing::JsonLines records(out);
    ASSERT_GT(records.size(), 10u);
    for (std::size_t r = 0; r < records.size(); ++r) {
      simdjson::dom::object props = schema["properties"];
      for (auto [key, value] : simdjson::dom::object(records[r])) {
        EXPECT_EQ(props.at_key(key).error(), simdjson::SUCCESS) << "letter key " << key;
      }
      for (simdjson::dom::element item : simdjson::dom::array(records[r]["items"])) {
        simdjson::dom::object item_props = schema["properties"]["items"]["items"]["properties"];
        for (auto [key, value] : simdjson::dom::object(item)) {
          EXPECT_EQ(item_props.at_key(key).error(), simdjson::SUCCESS) << "item key " << key;
        }
        for (simdjson::dom::element req : simdjson::dom::array(schema["properties"]["items"]["items"]["required"])) {
          EXPECT_EQ(item[req.get_string().value()].error(), simdjson::SUCCESS) << "missing " << req;
        }
      }
    }
  }
}

}  // namespace
}  // namespace imr
