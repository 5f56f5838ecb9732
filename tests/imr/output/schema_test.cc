// data/letter.schema.json documents the record; these tests keep it honest.
#include <set>
#include <span>
#include <string>

#include "gtest/gtest.h"
#include "imr/extract/warning.h"
#include "imr/output/record_fields.h"
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

// The JSON types a field's kind and nullability give, as the schema names them.
std::set<std::string> SchemaTypes(const output::Field& f) {
  std::set<std::string> types;
  switch (f.kind) {
    case output::Kind::kString:
    case output::Kind::kText:
    case output::Kind::kDate:
      types.insert("string");
      break;
    case output::Kind::kInteger:
      types.insert("integer");
      break;
    case output::Kind::kBoolean:
      types.insert("boolean");
      break;
    case output::Kind::kTextList:
    case output::Kind::kList:
      types.insert("array");
      break;
    case output::Kind::kObject:
      types.insert("object");
      break;
  }
  if (f.nullable) types.insert("null");
  return types;
}

// The types a schema node allows: its "type" (one or a list), or for an
// "enum" the string type (and null when null is a value).
std::set<std::string> NodeTypes(simdjson::dom::element node) {
  std::set<std::string> types;
  simdjson::dom::array values;
  if (node["enum"].get(values) == simdjson::SUCCESS) {
    for (simdjson::dom::element v : values) types.insert(v.is_null() ? "null" : "string");
    return types;
  }
  simdjson::dom::element type = node["type"];
  if (type.is_string()) {
    types.insert(std::string(type.get_string().value()));
  } else {
    for (simdjson::dom::element t : simdjson::dom::array(type)) types.insert(std::string(t.get_string().value()));
  }
  return types;
}

// Checks one object of the schema against a table of fields: the same keys,
// each with its type, the same required keys, and the same for nested objects.
void ExpectObjectMatches(simdjson::dom::element object, std::span<const output::Field> fields,
                         const std::string& where) {
  std::set<std::string> in_table, required_in_table;
  for (const output::Field& f : fields) {
    if (f.presence == output::Presence::kCsvOnly) continue;
    const std::string name(f.name.name());
    in_table.insert(name);
    const bool in_every_record = f.presence == output::Presence::kAlways || f.presence == output::Presence::kNotInTruth;
    if (in_every_record && !f.omitted_when_absent) required_in_table.insert(name);
    simdjson::dom::element node;
    ASSERT_EQ(object["properties"][name].get(node), simdjson::SUCCESS) << where << name << " is not in the schema";
    EXPECT_EQ(NodeTypes(node), SchemaTypes(f)) << where << name;
    if (f.kind == output::Kind::kObject) ExpectObjectMatches(node, f.children, where + name + ".");
    if (f.kind == output::Kind::kList) ExpectObjectMatches(node["items"], f.children, where + name + "[].");
  }
  std::set<std::string> in_schema, required_in_schema;
  for (auto [key, value] : simdjson::dom::object(object["properties"])) in_schema.insert(std::string(key));
  for (simdjson::dom::element r : simdjson::dom::array(object["required"])) {
    required_in_schema.insert(std::string(r.get_string().value()));
  }
  EXPECT_EQ(in_schema, in_table) << where;
  EXPECT_EQ(required_in_schema, required_in_table) << where;
  EXPECT_EQ(object["additionalProperties"].get_bool().value(), false) << where;
}

TEST(LetterSchema, MatchesTheRecordFields) {
  simdjson::dom::parser parser;
  ExpectObjectMatches(Schema(&parser), output::kLetterFields, "");
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
