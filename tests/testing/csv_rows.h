// File: testing/csv_rows.h
//
// Reads back what the CSV writer wrote, for the tests and the fuzz targets
// alike (header-only, no test framework): the number of fields of each
// CRLF-terminated RFC 4180 row.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imr::testing {

// The field count of every row, or nullopt with *error saying what is not
// well-formed: a quote inside an unquoted field, a bare line feed, an
// unterminated quoted field, a last row without CRLF.
inline std::optional<std::vector<std::size_t>> CsvRowFieldCounts(std::string_view csv, std::string* error) {
  std::vector<std::size_t> counts;
  std::size_t fields = 1;
  bool in_quotes = false;
  auto fail = [&](std::string what, std::size_t at) {
    *error = what + " at byte " + std::to_string(at);
    return std::nullopt;
  };
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      }
    } else if (c == '"') {
      if (i > 0 && csv[i - 1] != ',' && csv[i - 1] != '\n') return fail("quote inside an unquoted field", i);
      in_quotes = true;
    } else if (c == ',') {
      ++fields;
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      counts.push_back(fields);
      fields = 1;
      ++i;
    } else if (c == '\n' || c == '\r') {
      return fail("bare line end", i);
    }
  }
  if (in_quotes) return fail("unterminated quoted field", csv.size());
  if (fields != 1) return fail("last row without CRLF", csv.size());
  return counts;
}

}  // namespace imr::testing
