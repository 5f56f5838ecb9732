#include "imr/split/jsonl_reader.h"

#include <span>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "imr/base/strings.h"
#include "imr/base/text.h"
#include "imr/split/json_string.h"

namespace imr::split {
namespace {

absl::Status NotJson(simdjson::error_code e) {
  return absl::DataLossError(absl::StrCat("not a valid JSON object: ", simdjson::error_message(e)));
}

// ReadIndexed reads texts under this, so that SplitRange would have indexed
// them in one piece too (text_splitter.cc's kMaxIndexedRange).
constexpr std::size_t kMaxIndexedText = std::size_t{1} << 30;

// JSON's white space but the line end, which ends the record.
bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

const char* SkipJsonSpace(const char* p, const char* end) {
  while (p < end && IsJsonSpace(*p)) ++p;
  return p;
}

// The closing quote of the string whose body starts at `p`, escapes stepped
// over, not read; nullptr where a control byte (which simdjson rejects
// inside strings) or the end comes first. *plain is cleared by an escape.
const char* StringEnd(const char* p, const char* end, bool* plain, bool* non_ascii) {
  for (; p < end; ++p) {
    auto byte = static_cast<unsigned char>(*p);
    if (byte == '"') return p;
    if (byte == '\\') {
      *plain = false;
      if (++p == end) return nullptr;
      byte = static_cast<unsigned char>(*p);
    }
    if (byte < 0x20) return nullptr;
    *non_ascii |= byte >= 0x80;
  }
  return nullptr;
}

const char* DigitsEnd(const char* p, const char* end) {
  const char* first = p;
  while (p < end && IsDigit(*p)) ++p;
  return p == first ? nullptr : p;
}

// The end of the number at `p`, in JSON's grammar less its rule against
// leading zeros (simdjson skips a number it is not asked for unread, and
// gives an "id" number's bytes as they are).
const char* NumberEnd(const char* p, const char* end) {
  if (*p == '-') ++p;
  p = DigitsEnd(p, end);
  if (p != nullptr && p < end && *p == '.') p = DigitsEnd(p + 1, end);
  if (p != nullptr && p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    p = DigitsEnd(p, end);
  }
  return p;
}

// The end of the value at `p` when it is a string (its closing quote
// included), a number, true, false or null; nullptr otherwise. *plain says
// whether a string has no escape.
const char* ValueEnd(const char* p, const char* end, bool* plain, bool* non_ascii) {
  if (*p == '"') {
    *plain = true;
    const char* quote = StringEnd(p + 1, end, plain, non_ascii);
    return quote == nullptr ? nullptr : quote + 1;
  }
  if (*p == '-' || IsDigit(*p)) return NumberEnd(p, end);
  for (const std::string_view literal : {"true", "false", "null"}) {
    if (std::string_view(p, static_cast<std::size_t>(end - p)).starts_with(literal)) return p + literal.size();
  }
  return nullptr;
}

// ReadIndexed's record: `{`, members whose keys are plain strings, `}`, and
// nothing after it but spaces. Decides which member is the text and the id
// as Read does: the first text field, the first string or number "id" that
// is not empty.
bool ReadCommonRecord(std::string_view rest, std::size_t min_room, std::string_view text_field, TextArena* arena,
                      TextIndex* index, std::string_view* text, std::string_view* id, std::size_t* line_size) {
  const char* const begin = rest.data();
  const char* const end = begin + rest.size();
  const char* p = begin;
  bool have_text = false, non_ascii = false, plain = true;
  p = SkipJsonSpace(p, end);
  if (p == end || *p != '{') return false;
  p = SkipJsonSpace(p + 1, end);
  for (;;) {
    if (p == end || *p != '"') return false;
    plain = true;
    const char* key_end = StringEnd(p + 1, end, &plain, &non_ascii);
    if (key_end == nullptr || !plain) return false;
    const std::string_view key(p + 1, static_cast<std::size_t>(key_end - p - 1));
    p = SkipJsonSpace(key_end + 1, end);
    if (p == end || *p != ':') return false;
    p = SkipJsonSpace(p + 1, end);
    if (p == end) return false;
    if (key == text_field && !have_text) {
      if (*p != '"') return false;
      // The text may fill the room: where it is longer, the decoder meets
      // the room's end before the closing quote and refuses it.
      const std::span<char> room = arena->Room(min_room + kDecodeSlack);
      const char* body = p + 1;
      const std::size_t most = room.size() - kDecodeSlack;
      const char* text_end = static_cast<std::size_t>(end - body) > most ? body + most : end;
      DecodedString decoded;
      if (!DecodeJsonString(body, text_end, room.data(), index, &decoded)) return false;
      *text = arena->Keep(decoded.written);
      non_ascii |= decoded.non_ascii;
      have_text = true;
      p += 1 + decoded.read;
    } else {
      const char* value_end = ValueEnd(p, end, &plain, &non_ascii);
      if (value_end == nullptr) return false;
      if (key == "id" && id->empty()) {
        if (*p == '"') {
          if (!plain) return false;
          *id = arena->Copy(std::string_view(p + 1, static_cast<std::size_t>(value_end - p - 2)));
        } else if (*p == '-' || IsDigit(*p)) {
          *id = arena->Copy(std::string_view(p, static_cast<std::size_t>(value_end - p)));
        }
      }
      p = value_end;
    }
    p = SkipJsonSpace(p, end);
    if (p == end) return false;
    if (*p == '}') break;
    if (*p != ',') return false;
    p = SkipJsonSpace(p + 1, end);
  }
  p = SkipJsonSpace(p + 1, end);
  if (!have_text || (p != end && *p != '\n')) return false;
  *line_size = static_cast<std::size_t>(p - begin);
  // simdjson checks the whole line as UTF-8; only strings may hold bytes
  // from 0x80 up here.
  return !non_ascii || simdjson::validate_utf8(begin, *line_size);
}

}  // namespace

bool JsonlReader::ReadIndexed(std::string_view rest, std::size_t min_room, TextArena* arena, TextIndex* index,
                              std::string_view* text, std::string_view* id, std::size_t* line_size) {
  *text = {};
  *id = {};
  if (min_room + kDecodeSlack > kMaxIndexedText) return false;
  const TextIndex::Mark before = index->Here();
  if (ReadCommonRecord(rest, min_room, text_field_, arena, index, text, id, line_size)) return true;
  index->Truncate(before);
  return false;
}

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
