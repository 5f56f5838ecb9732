// File: imr/output/letter_json.h
//
// Writes one letter record as one line of JSON (the `imr extract` format:
// its fields are declared in imr/output/record_fields.h and documented in
// data/letter.schema.json, which a test checks against them). Text spans are normalised here
// (whitespace collapsed, wrapped lines joined) and invalid UTF-8 is replaced,
// so every line is valid JSON whatever the input bytes.
//
// Example:
//   std::string out;
//   AppendLetterJson(source, letter, RecordOptions{}, &out);   // appends "{...}\n"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "imr/extract/letter.h"
#include "imr/split/batch.h"

namespace imr::output {

enum class RecordFormat { kJsonl, kCsv };

struct RecordOptions {
  RecordFormat format = RecordFormat::kJsonl;
  bool include_text = true;  // false (--no-text): rationale and guideline text become byte spans
  bool truth = false;        // a generator's truth record: fields it does not model are left out
};

// Where a letter came from, as written in its record.
struct SourceRef {
  std::string_view path;
  split::Position position;
  std::string_view id;  // JSON Lines "id", or empty
};

void AppendLetterJson(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                      std::string* out);

}  // namespace imr::output
