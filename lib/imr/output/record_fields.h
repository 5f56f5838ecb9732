// File: imr/output/record_fields.h
//
// The fields of the `imr extract` record, declared once. Each entry of a
// table is one field: its JSON key, kind, whether it may be null or left out,
// a description, the getter (or, for objects and lists, the writer) of its
// value, and the CSV columns it gives. The JSON writer (letter_json.cc), the
// CSV writer (letter_csv.cc), `imr extract --help` and the test that checks
// data/letter.schema.json all walk these tables, so a field is added, renamed
// or retyped in one place.
//
// The CSV is the record flattened: one row per item, the letter's columns
// first, then the item's, then the item's long text (guideline blocks and
// rationale) last, so that a spreadsheet shows the short columns together.
// Its column names are the JSON names, an object's members prefixed with the
// object's name where the member alone would be ambiguous (source_path,
// patient_age, claims_administrator_no_evidence_cited).
//
// Example (what the writers do):
//   for (const Field& f : kLetterFields) std::printf("%s\n", std::string(f.name.name()).c_str());
//
// Thread-safety: the tables are constant; getters may use thread_local
// scratch space, so a getter's view is valid until its next call on the same
// thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/output/csv_row.h"
#include "imr/output/json_cursor.h"
#include "imr/output/letter_json.h"

namespace imr::output {

// What a getter looks at: the letter, and while an item, guideline block,
// citation, warning or text span is being written, that one.
struct RecordContext {
  const SourceRef* source = nullptr;
  const extract::Letter* letter = nullptr;
  const RecordOptions* options = nullptr;
  const extract::Item* item = nullptr;
  std::size_t item_index = 0;
  const extract::Guideline* guideline = nullptr;
  const extract::Citation* citation = nullptr;
  const extract::Warning* warning = nullptr;
  std::string_view span = {};  // a span of letter->text, for {offset, length}
};

enum class Kind : std::uint8_t {
  kString,  // written as it is (canonical names, paths)
  kText,    // a span of the letter, whitespace-normalised on output
  kDate,    // "YYYY-MM-DD"
  kInteger,
  kBoolean,
  kTextList,  // JSON: array of normalised strings; CSV: joined with "; "
  kObject,    // JSON object of `children`
  kList,      // JSON array of objects of `children`
};

enum class Presence : std::uint8_t {
  kAlways,       // in every record (null when the value is absent and the field is nullable)
  kWithText,     // only without --no-text
  kWithoutText,  // only with --no-text
  kCsvOnly,      // a CSV column that the JSON record holds in another form
  kNotInTruth,   // in every record imr extract writes, not in a generator's truth (which does not model it)
  kStoreOnly,    // a column of the store (imr/store) only: a --no-text JSON value that no CSV column holds
};

// A scalar's value; `present` false writes null (JSON) or an empty cell.
// One member is set, the one the field's kind reads (a union keeps the
// value small: every scalar of every record passes through one).
struct Value {
  bool present = false;
  union {
    std::string_view text = {};                 // kString, kText
    std::int64_t number;                        // kInteger
    bool flag;                                  // kBoolean
    extract::Date date;                         // kDate
    const std::vector<std::string_view>* list;  // kTextList
  };
};

using Getter = Value (*)(const RecordContext&);
// Writes an object's or list's JSON value; returns false to leave the field
// out of the record (then nothing it wrote is kept).
using JsonValueWriter = bool (*)(JsonCursor&, const RecordContext&);

enum class CsvPlace : std::uint8_t { kNone, kMain, kLast };

// A CSV column of an object field, named prefix + name.
struct CsvCell {
  std::string_view name = {};
  Kind kind = Kind::kString;
  Getter get = nullptr;
  CsvPlace place = CsvPlace::kMain;
  Presence presence = Presence::kAlways;
};

struct Field {
  JsonKey name = "";
  Kind kind = Kind::kString;
  bool nullable = false;             // may be JSON null
  bool omitted_when_absent = false;  // the key is left out instead of null
  Presence presence = Presence::kAlways;
  std::string_view description = {};
  Getter get = nullptr;                  // scalars
  JsonValueWriter write = nullptr;       // objects and lists
  std::span<const Field> children = {};  // an object's fields, a list element's fields
  // CSV: a scalar is one column named like the field, placed by `csv`; an
  // object gives `csv_cells`, each named csv_prefix + cell name. The store
  // (imr/store) names an object's members so too, the prefixes of nested
  // objects joined (claims_administrator_ + text_ + offset).
  CsvPlace csv = CsvPlace::kNone;
  std::string_view csv_prefix = {};
  std::span<const CsvCell> csv_cells = {};
};

// The record: a letter's fields, in JSON order; "items" holds kItemFields.
extern const std::span<const Field> kLetterFields;
extern const std::span<const Field> kItemFields;

// Whether a field is written under these options.
bool InJson(Presence presence, const RecordOptions& options);
bool InCsv(Presence presence, const RecordOptions& options);

// Writes a letter's record (kLetterFields, the context's letter, source and
// options) as one JSON object, in table order.
void WriteLetterJson(JsonCursor& out, const RecordContext& context);

// Writes a scalar's CSV cell (empty when absent).
void WriteCsvValue(CsvRow& row, Kind kind, const Value& value);

// The field list of `imr extract --help`: the letter's fields, then the
// item's, one per line with its description.
std::string FieldHelp();

}  // namespace imr::output
