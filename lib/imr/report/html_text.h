// File: imr/report/html_text.h
//
// Text for the HTML report: escaping for element text and attribute values,
// and the number formats people read ("12,345", "87.5%").
//
// Example:
//   absl::StrAppend(&page, "<td>", Escape(key), "</td><td>", Thousands(n), "</td>");
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace imr::report {

// `s` with & < > " ' as character references: safe in element text and in
// quoted attribute values. Bytes that are not valid UTF-8 become U+FFFD, so
// the page stays valid whatever the letters held.
std::string Escape(std::string_view s);
// 1234567 -> "1,234,567".
std::string Thousands(std::uint64_t n);
// 0.875 -> "87.5%" (one decimal).
std::string Percent(double share);
// A chart coordinate: at most one decimal, no trailing zeros.
std::string Coord(double v);

}  // namespace imr::report
