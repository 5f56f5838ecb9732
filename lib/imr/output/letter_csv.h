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
#include <vector>

#include "imr/extract/letter.h"
#include "imr/output/letter_json.h"
#include "imr/output/record_fields.h"

namespace imr::output {

// A column of the flattened record: one scalar of a letter or of an item,
// named as in the CSV header. The store's relational tables (imr/store) use
// the same columns.
struct Column {
  std::string name;
  Kind kind;
  Getter get;
};
// The letter's and the item's columns under these options, in CSV order
// (static: valid for the whole program).
const std::vector<Column>& LetterColumns(const RecordOptions& options);
const std::vector<Column>& ItemColumns(const RecordOptions& options);
// The store's columns: the CSV's without text, then the cells only the store
// keeps (Presence::kStoreOnly), so that the store holds every value of the
// --no-text JSON record.
const std::vector<Column>& StoreLetterColumns();
const std::vector<Column>& StoreItemColumns();

std::string CsvHeader(const RecordOptions& options);
void AppendLetterCsv(const SourceRef& source, const extract::Letter& letter, const RecordOptions& options,
                     std::string* out);

}  // namespace imr::output
