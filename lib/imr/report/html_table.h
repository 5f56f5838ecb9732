// File: imr/report/html_table.h
//
// The tables of the HTML report, and the data-json paths their number cells
// carry: where in `imr stats --format json` the number shown is (see
// html_report.h), so a test can hold the page to the JSON.
//
// Example:
//   HtmlTable t({"Category", "Items"});
//   t.Row("imaging", {CountCell(12, JsonPath({"outcomes", "by_category"}).Element("key", "imaging").Member("items"))});
//   std::string html = t.Render();
//
// Thread-safety: none; build and render on one thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace imr::report {

// A path into the JSON report: member names, and for an array the element
// whose `field` has a value. Rendered as a JSON array:
// ["outcomes","by_category",{"key":"imaging"},"items"].
class JsonPath {
 public:
  JsonPath(std::initializer_list<std::string_view> members);
  JsonPath Member(std::string_view name) const;
  JsonPath Element(std::string_view field, std::string_view value) const;  // a string value
  JsonPath Element(std::string_view field, std::int64_t value) const;      // a number value
  const std::string& json() const { return json_; }

 private:
  JsonPath Append(std::string part) const;
  std::string json_;  // the array without its closing bracket
};

// A table cell: its text and, for a number the JSON report holds, its path.
struct Cell {
  std::string text;
  std::string json;     // JsonPath::json() + "]", or empty
  bool absent = false;  // the JSON report has no such key: the count is 0
  bool words = false;   // text rather than a number: aligned left
};
Cell CountCell(std::uint64_t n, const JsonPath& path);
// n / of as a percentage; "-" when `of` is 0 (the JSON holds null).
Cell ShareCell(std::uint64_t n, std::uint64_t of, const JsonPath& path);
Cell TextCell(std::string text);  // a number derived from others, or "-"
Cell WordsCell(std::string text);
// A count of 0 for a key the JSON report leaves out (a guideline source only
// one block cites): data-json-absent names the path that must not exist.
Cell AbsentCell(const JsonPath& path);
// The 95% Wilson interval of n / of, "85.1–90.2%" (an en dash); "-" when
// `of` is 0. Derived from the counts beside it: no data-json.
Cell IntervalCell(std::uint64_t n, std::uint64_t of);
// An element with the attribute data-json: `tag` with the cell's text.
std::string Tagged(std::string_view tag, const Cell& cell);

class HtmlTable {
 public:
  // The first column holds the row's key; the others numbers.
  explicit HtmlTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void Row(std::string_view key, std::vector<Cell> cells);
  bool empty() const { return rows_.empty(); }
  // <table> with a header row; "(none)" when it has no rows.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::string> rows_;  // rendered <tr> elements
};

}  // namespace imr::report
