// File: imr/output/letter_csv.h
//
// Writes letter records as CSV (RFC 4180: comma-separated, fields quoted when
// they hold a comma, quote or line break, quotes doubled, CRLF row ends), one
// row per item with the letter's fields repeated, ready for pandas, DuckDB or
// a spreadsheet. A letter without items still gets one row (its item fields
// empty), so no letter is lost. Lists are joined with "; ". Every row has the
// same number of fields as the header.
//
// Example:
//   std::string out = CsvHeader(options);
//   AppendLetterCsv(source, letter, options, &out);
#pragma once

#include <string>

#include "imr/extract/letter.h"
#include "imr/output/letter_json.h"

namespace imr::output {

std::string CsvHeader(const RecordOptions& options);
void AppendLetterCsv(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                     std::string* out);

}  // namespace imr::output
