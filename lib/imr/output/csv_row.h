// File: imr/output/csv_row.h
//
// One CSV row under construction (RFC 4180): cells are separated by commas,
// quoted when they hold a comma, quote or line break, quotes doubled, and
// invalid UTF-8 replaced; End() writes the CRLF.
//
// Example:
//   std::string out;
//   CsvRow row(&out);
//   row.Cell("a,b");
//   row.Number(3);
//   row.End();   // "\"a,b\",3\r\n"
//
// Thread-safety: none; one row per output string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imr::output {

class CsvRow {
 public:
  explicit CsvRow(std::string* out) : out_(out) {}

  void Cell(std::string_view value);
  // Whitespace-normalised text (imr::AppendNormalized).
  void Text(std::string_view raw);
  void Number(std::uint64_t v);
  void Bool(bool v) { Cell(v ? "true" : "false"); }
  // Normalised items joined with "; ".
  void List(const std::vector<std::string_view>& items);
  void End() { out_->append("\r\n"); }

 private:
  std::string* out_;
  std::string scratch_;
  bool first_ = true;
};

}  // namespace imr::output
