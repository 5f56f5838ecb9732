// File: imr/gen/date_text.h
//
// Numbers and dates as the generated letters write them, appended without
// printf (this is the generator's hot path). Day arithmetic is not here: it
// goes through std::chrono (extract::ToSysDays / FromSysDays).
//
// Example:
//   AppendHeaderDate(&s, {2016, 8, 4});         // "08/04/2016"
//   AppendNarrativeDate(&s, {2016, 8, 4}, rng);  // one of "8-4-16", "August 4, 2016", ...
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "imr/extract/letter.h"
#include "imr/gen/rng.h"

namespace imr::gen {

// "January" .. "December" for 1 .. 12.
std::string_view MonthName(int month);

// Decimal digits of `v`, zero-padded to `width`.
void AppendInt(std::string* out, int v, int width = 0);

// MM/DD/YYYY, as headers write dates (years 1000-9999): written into *buf,
// which the view points to.
std::string_view HeaderDate(const extract::Date& d, std::array<char, 10>* buf);
void AppendHeaderDate(std::string* out, const extract::Date& d);

// A date as the prose writes it, in one of the forms the letters use
// (MM/DD/YYYY, M-D-YY, M/D/YY, "Month D, YYYY"), chosen with `rng`.
void AppendNarrativeDate(std::string* out, const extract::Date& d, Rng& rng);

}  // namespace imr::gen
