#include "imr/split/jsonl_reader.h"

#include "absl/strings/str_cat.h"
#include "imr/base/strings.h"
#include "imr/base/text.h"

namespace imr::split {
namespace {

absl::Status NotJson(simdjson::error_code e) {
  return absl::DataLossError(absl::StrCat("not a valid JSON object: ", simdjson::error_message(e)));
}

}  // namespace

absl::Status JsonlReader::Read(std::string_view line, std::size_t capacity, TextArena* arena, std::string_view* text,
                               std::string_view* id) {
  *text = {};
  *id = {};
  simdjson::padded_string_view json(line.data(), line.size(), capacity);
  simdjson::ondemand::document doc;
  if (auto e = parser_.iterate(json).get(doc)) return NotJson(e);
  simdjson::ondemand::object object;
  if (auto e = doc.get_object().get(object)) return NotJson(e);
  bool have_text = false;
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (auto e = std::move(field_result).get(field)) return NotJson(e);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return NotJson(e);
    simdjson::ondemand::value value = field.value();
    if (key == text_field_ && !have_text) {
      std::string_view s;
      if (auto e = value.get_string().get(s)) {
        return absl::DataLossError(
            absl::StrCat("field \"", ToAbsl(text_field_), "\" is not a string: ", simdjson::error_message(e)));
      }
      *text = arena->Copy(s);
      have_text = true;
    } else if (key == "id" && id->empty()) {
      simdjson::ondemand::json_type type;
      if (auto e = value.type().get(type)) return NotJson(e);
      if (type == simdjson::ondemand::json_type::string) {
        std::string_view s;
        if (auto e = value.get_string().get(s)) return NotJson(e);
        *id = arena->Copy(s);
      } else if (type == simdjson::ondemand::json_type::number) {
        *id = arena->Copy(TrimSpace(value.raw_json_token()));
      }
    }
  }
  // simdjson 3.0.1 has no document::at_end(): a location past the object means trailing tokens.
  if (const char* rest = nullptr; doc.current_location().get(rest) == simdjson::SUCCESS) {
    return absl::DataLossError("trailing bytes after the JSON object");
  }
  if (!have_text) return absl::NotFoundError(absl::StrCat("no \"", ToAbsl(text_field_), "\" field"));
  return absl::OkStatus();
}

}  // namespace imr::split
