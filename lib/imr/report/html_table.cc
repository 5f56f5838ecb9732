#include "imr/report/html_table.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "imr/base/json_writer.h"
#include "imr/base/strings.h"
#include "imr/report/html_text.h"
#include "imr/report/wilson.h"

namespace imr::report {

JsonPath::JsonPath(std::initializer_list<std::string_view> members) : json_("[") {
  for (std::string_view m : members) *this = Member(m);
}

JsonPath JsonPath::Append(std::string part) const {
  JsonPath p = *this;
  if (p.json_.size() > 1) p.json_.push_back(',');
  p.json_ += part;
  return p;
}

JsonPath JsonPath::Member(std::string_view name) const {
  std::string part;
  AppendJsonString(name, &part);
  return Append(std::move(part));
}

JsonPath JsonPath::Element(std::string_view field, std::string_view value) const {
  std::string part = "{";
  AppendJsonString(field, &part);
  part.push_back(':');
  AppendJsonString(value, &part);
  part.push_back('}');
  return Append(std::move(part));
}

JsonPath JsonPath::Element(std::string_view field, std::int64_t value) const {
  std::string part = "{";
  AppendJsonString(field, &part);
  absl::StrAppend(&part, ":", value, "}");
  return Append(std::move(part));
}

Cell CountCell(std::uint64_t n, const JsonPath& path) { return {Thousands(n), path.json() + "]"}; }

Cell ShareCell(std::uint64_t n, std::uint64_t of, const JsonPath& path) {
  return {of == 0 ? "-" : Percent(static_cast<double>(n) / static_cast<double>(of)), path.json() + "]"};
}

Cell TextCell(std::string text) { return {std::move(text), {}}; }

Cell WordsCell(std::string text) { return {std::move(text), {}, false, true}; }

Cell AbsentCell(const JsonPath& path) { return {"0", path.json() + "]", true}; }

Cell IntervalCell(std::uint64_t n, std::uint64_t of) {
  if (of == 0) return TextCell("-");
  const Interval i = WilsonInterval(n, of);
  std::string low = Percent(i.low);
  low.pop_back();  // "85.1-90.2%": one percent sign
  return TextCell(absl::StrCat(low, "\xE2\x80\x93", Percent(i.high)));
}

std::string Tagged(std::string_view tag, const Cell& cell) {
  const char* attribute = cell.absent ? " data-json-absent=\"" : " data-json=\"";
  return absl::StrCat("<", ToAbsl(tag), cell.json.empty() ? "" : absl::StrCat(attribute, Escape(cell.json), "\""), ">",
                      Escape(cell.text), "</", ToAbsl(tag), ">");
}

void HtmlTable::Row(std::string_view key, std::vector<Cell> cells) {
  std::string row = absl::StrCat("<tr><th scope=\"row\">", Escape(key), "</th>");
  for (const Cell& c : cells)
    row += c.words ? absl::StrCat("<td class=\"words\">", Escape(c.text), "</td>") : Tagged("td", c);
  rows_.push_back(row + "</tr>\n");
}

std::string HtmlTable::Render() const {
  if (rows_.empty()) return "<p class=\"none\">(none)</p>\n";
  std::string out = "<table>\n<thead><tr>";
  for (const std::string& h : header_) absl::StrAppend(&out, "<th scope=\"col\">", Escape(h), "</th>");
  out += "</tr></thead>\n<tbody>\n";
  for (const std::string& r : rows_) out += r;
  return out + "</tbody>\n</table>\n";
}

}  // namespace imr::report
