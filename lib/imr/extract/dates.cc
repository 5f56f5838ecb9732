#include "imr/extract/dates.h"

#include <array>

#include "imr/base/text.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

// Reads 1..max_digits digits at text[*pos]; fails on more digits than allowed.
bool ReadNumber(std::string_view text, std::size_t* pos, int min_digits, int max_digits, int* value) {
  int n = 0, v = 0;
  while (*pos < text.size() && IsDigit(text[*pos])) {
    if (++n > max_digits) return false;
    v = v * 10 + (text[(*pos)++] - '0');
  }
  *value = v;
  return n >= min_digits;
}

constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};

}  // namespace

namespace dates_internal {

bool LateDayExists(int year, int month, int day) {
  return std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                     std::chrono::day(static_cast<unsigned>(day)))
      .ok();
}

std::optional<Date> ReadNumericDate(std::string_view text, std::size_t pos, std::size_t* length) {
  std::size_t p = pos;
  int month, day, year;
  if (!ReadNumber(text, &p, 1, 2, &month) || p >= text.size()) return std::nullopt;
  const char sep = text[p];
  if (sep != '/' && sep != '-') return std::nullopt;
  ++p;
  if (!ReadNumber(text, &p, 1, 2, &day) || p >= text.size() || text[p] != sep) return std::nullopt;
  ++p;
  const std::size_t year_at = p;
  if (!ReadNumber(text, &p, 2, 4, &year) || p - year_at == 3) return std::nullopt;
  // A glued digit or another separator means this is not a date token.
  if (p < text.size() && (IsDigit(text[p]) || text[p] == sep)) return std::nullopt;
  if (p - year_at == 2) year += year < 50 ? 2000 : 1900;
  std::optional<Date> d = MakeDate(year, month, day);
  if (d && length != nullptr) *length = p - pos;
  return d;
}

}  // namespace dates_internal

std::optional<Date> ParseLongDate(std::string_view text, std::size_t pos, std::size_t* length) {
  if (pos >= text.size() || !AtWordStart(text, pos)) return std::nullopt;
  const char first = ToLowerAscii(text[pos]);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m][0] != first) continue;  // neither the name nor its abbreviation
    // Full name, or its first three letters with an optional period.
    std::size_t p = pos;
    if (StartsWithNoCase(text.substr(p), kMonths[m])) {
      p += kMonths[m].size();
    } else if (StartsWithNoCase(text.substr(p), kMonths[m].substr(0, 3)) && AtWordEnd(text, p + 3)) {
      p += 3;
      if (p < text.size() && text[p] == '.') ++p;
    } else {
      continue;
    }
    if (p >= text.size() || !IsInlineSpace(text[p])) return std::nullopt;
    while (p < text.size() && IsSpace(text[p])) ++p;
    int day, year;
    if (!ReadNumber(text, &p, 1, 2, &day)) return std::nullopt;
    if (p < text.size() && text[p] == ',') ++p;
    if (p >= text.size() || !IsSpace(text[p])) return std::nullopt;
    while (p < text.size() && IsSpace(text[p])) ++p;
    const std::size_t year_at = p;
    if (!ReadNumber(text, &p, 4, 4, &year) || p - year_at != 4 || !AtWordEnd(text, p)) return std::nullopt;
    std::optional<Date> d = MakeDate(year, static_cast<int>(m) + 1, day);
    if (d && length != nullptr) *length = p - pos;
    return d;
  }
  return std::nullopt;
}

std::optional<Date> ParseDate(std::string_view text, std::size_t pos, std::size_t* length) {
  if (pos < text.size() && IsDigit(text[pos])) return ParseNumericDate(text, pos, length);
  return ParseLongDate(text, pos, length);
}

}  // namespace imr::extract
