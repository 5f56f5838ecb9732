// File: imr/extract/dates.h
//
// Date parsing for letters: header dates (MM/DD/YYYY) and the forms of the
// narrative ("10-13-16", "11-9-16", "8/28/13", "December 19, 1996"). Every
// date is validated (no 2015-02-30). A token must stand alone: digits glued to
// it, as when plain pdftotext joins "10-30-" and "2016" into "10-302016", make
// it no date at all rather than a wrong one.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "imr/base/text.h"
#include "imr/extract/letter.h"

namespace imr::extract {

// ParseNumericDate and MakeDate are inline: the header's dates and the
// guideline blocks' call them per token, and most dates take their short path
// ("MM/DD/YYYY", a day before the 29th), a few dozen instructions, which a
// call's saved registers would double.
namespace dates_internal {

// True when s[0, 10) reads "DD/DD/DDDD" (or with '-'), D a digit. In a
// 64-bit word each digit of "DD/DD/DD" has high nibble 3 and a low nibble
// that 6 does not carry out of; no byte carries into the next, since digit
// bytes pass 0x3F + 6 at most and the separators stay below 0x40.
inline bool FullNumericDateAt(const char* s) {
  const char sep = s[2];
  if ((sep != '/' && sep != '-') || s[5] != sep || !IsDigit(s[8]) || !IsDigit(s[9])) return false;
  constexpr std::uint64_t kDigits = 0xFFFF00FFFF00FFFF;  // bytes 0, 1, 3, 4, 6, 7 (little-endian)
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0 & kDigits, kThrees = 0x3030303030303030 & kDigits;
  std::uint64_t w;
  std::memcpy(&w, s, 8);
  return (w & kHigh) == kThrees && ((w + 0x0606060606060606) & kHigh) == kThrees;
}
// Whether day 29, 30 or 31 of a valid month exists.
bool LateDayExists(int year, int month, int day);
// ParseNumericDate's general reading, for the dates not written in full and
// the tokens that are no dates.
std::optional<Date> ReadNumericDate(std::string_view text, std::size_t pos, std::size_t* length);

}  // namespace dates_internal

// A valid date in 1900..2100, else nullopt (no 2015-02-30).
inline std::optional<Date> MakeDate(int year, int month, int day) {
  // chrono's day holds a byte: out-of-range numbers must not reach it.
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  // Every month has 28 days: only a later day needs the calendar.
  if (day > 28 && !dates_internal::LateDayExists(year, month, day)) return std::nullopt;
  return Date{static_cast<std::int16_t>(year), static_cast<std::int8_t>(month), static_cast<std::int8_t>(day)};
}

// Day arithmetic on dates goes through std::chrono's civil calendar, the one
// implementation the project uses: a date is a day count, and back.
inline std::chrono::sys_days ToSysDays(const Date& d) {
  return std::chrono::sys_days(std::chrono::year(d.year) / static_cast<unsigned>(d.month) /
                               static_cast<unsigned>(d.day));
}
inline Date FromSysDays(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd(days);
  return Date{static_cast<std::int16_t>(static_cast<int>(ymd.year())),
              static_cast<std::int8_t>(static_cast<unsigned>(ymd.month())),
              static_cast<std::int8_t>(static_cast<unsigned>(ymd.day()))};
}

// Parses a numeric date at text[pos] (M/D/YY, MM/DD/YYYY, or with '-').
// Two-digit years below 50 are 20xx, others 19xx. Sets *length on success.
inline std::optional<Date> ParseNumericDate(std::string_view text, std::size_t pos, std::size_t* length) {
  if (pos > 0 && (IsDigit(text[pos - 1]) || text[pos - 1] == '/' || text[pos - 1] == '-')) return std::nullopt;
  // Most dates are written in full, "MM/DD/YYYY": that shape is read at
  // fixed offsets, the digits of "MM/DD/YY" tested at once. It decides
  // exactly as the general reading would.
  if (text.size() - pos >= 10 && dates_internal::FullNumericDateAt(text.data() + pos)) {
    const char* s = text.data() + pos;
    if (text.size() - pos > 10 && (IsDigit(s[10]) || s[10] == s[2])) return std::nullopt;
    const auto two = [&](int i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
    std::optional<Date> d = MakeDate(two(6) * 100 + two(8), two(0), two(3));
    if (d && length != nullptr) *length = 10;
    return d;
  }
  return dates_internal::ReadNumericDate(text, pos, length);
}
// Parses "December 19, 1996" / "Dec. 19, 1996" / "December 19 1996" at text[pos].
std::optional<Date> ParseLongDate(std::string_view text, std::size_t pos, std::size_t* length);
// Either form.
std::optional<Date> ParseDate(std::string_view text, std::size_t pos, std::size_t* length);

}  // namespace imr::extract
