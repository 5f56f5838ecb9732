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
#include <optional>
#include <string_view>

#include "imr/extract/letter.h"

namespace imr::extract {

// A valid date in 1900..2100, else nullopt (no 2015-02-30).
std::optional<Date> MakeDate(int year, int month, int day);

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
std::optional<Date> ParseNumericDate(std::string_view text, std::size_t pos, std::size_t* length);
// Parses "December 19, 1996" / "Dec. 19, 1996" / "December 19 1996" at text[pos].
std::optional<Date> ParseLongDate(std::string_view text, std::size_t pos, std::size_t* length);
// Either form.
std::optional<Date> ParseDate(std::string_view text, std::size_t pos, std::size_t* length);

}  // namespace imr::extract
