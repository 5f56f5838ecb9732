#include "imr/extract/dates.h"

#include <array>
#include <cstdint>
#include <cstring>

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

// True when s[0, 10) reads "DD/DD/DDDD" (or with '-'), D a digit. In a
// 64-bit word each digit of "DD/DD/DD" has high nibble 3 and a low nibble
// that 6 does not carry out of; no byte carries into the next, since digit
// bytes pass 0x3F + 6 at most and the separators stay below 0x40.
bool FullNumericDateAt(const char* s) {
  const char sep = s[2];
  if ((sep != '/' && sep != '-') || s[5] != sep || !IsDigit(s[8]) || !IsDigit(s[9])) return false;
  constexpr std::uint64_t kDigits = 0xFFFF00FFFF00FFFF;  // bytes 0, 1, 3, 4, 6, 7 (little-endian)
  constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0 & kDigits, kThrees = 0x3030303030303030 & kDigits;
  std::uint64_t w;
  std::memcpy(&w, s, 8);
  return (w & kHigh) == kThrees && ((w + 0x0606060606060606) & kHigh) == kThrees;
}

constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};

}  // namespace

std::optional<Date> MakeDate(int year, int month, int day) {
  // chrono's day holds a byte: out-of-range numbers must not reach it.
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  // Every month has 28 days: only a later day needs the calendar.
  if (day > 28) {
    const std::chrono::year_month_day ymd(std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                          std::chrono::day(static_cast<unsigned>(day)));
    if (!ymd.ok()) return std::nullopt;
  }
  return Date{static_cast<std::int16_t>(year), static_cast<std::int8_t>(month), static_cast<std::int8_t>(day)};
}

std::optional<Date> ParseNumericDate(std::string_view text, std::size_t pos, std::size_t* length) {
  if (pos > 0 && (IsDigit(text[pos - 1]) || text[pos - 1] == '/' || text[pos - 1] == '-')) return std::nullopt;
  // Most dates are written in full, "MM/DD/YYYY": read that shape at fixed
  // offsets, the digits of "MM/DD/YY" tested at once. It decides exactly as
  // the general reading below would.
  if (text.size() - pos >= 10 && FullNumericDateAt(text.data() + pos)) {
    const char* s = text.data() + pos;
    if (text.size() - pos > 10 && (IsDigit(s[10]) || s[10] == s[2])) return std::nullopt;
    const auto two = [&](int i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
    std::optional<Date> d = MakeDate(two(6) * 100 + two(8), two(0), two(3));
    if (d && length != nullptr) *length = 10;
    return d;
  }
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
