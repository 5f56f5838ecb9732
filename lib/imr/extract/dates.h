// File: imr/extract/dates.h
//
// Date parsing for letters: header dates (MM/DD/YYYY) and the forms of the
// narrative ("10-13-16", "11-9-16", "8/28/13", "December 19, 1996"). Every
// date is validated (no 2015-02-30). A token must stand alone: digits glued to
// it, as when plain pdftotext joins "10-30-" and "2016" into "10-302016", make
// it no date at all rather than a wrong one.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "imr/extract/letter.h"

namespace imr::extract {

std::optional<Date> MakeDate(int year, int month, int day);

// Parses a numeric date at text[pos] (M/D/YY, MM/DD/YYYY, or with '-').
// Two-digit years below 50 are 20xx, others 19xx. Sets *length on success.
std::optional<Date> ParseNumericDate(std::string_view text, std::size_t pos, std::size_t* length);
// Parses "December 19, 1996" / "Dec. 19, 1996" / "December 19 1996" at text[pos].
std::optional<Date> ParseLongDate(std::string_view text, std::size_t pos, std::size_t* length);
// Either form.
std::optional<Date> ParseDate(std::string_view text, std::size_t pos, std::size_t* length);

}  // namespace imr::extract
