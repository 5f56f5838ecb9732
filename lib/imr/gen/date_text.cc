#include "imr/gen/date_text.h"

#include <array>

namespace imr::gen {

std::string_view MonthName(int month) {
  static constexpr std::array<std::string_view, 12> kMonths = {"January",   "February", "March",    "April",
                                                               "May",       "June",     "July",     "August",
                                                               "September", "October",  "November", "December"};
  return kMonths[static_cast<std::size_t>(month - 1)];
}

void AppendInt(std::string* out, int v, int width) {
  char buf[16];
  char* const end = buf + sizeof buf;
  char* p = end;
  unsigned u = static_cast<unsigned>(v < 0 ? -v : v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (end - p < width) *--p = '0';
  if (v < 0) *--p = '-';
  out->append(p, static_cast<std::size_t>(end - p));
}

std::string_view HeaderDate(const extract::Date& d, std::array<char, 10>* buf) {
  const auto two = [](char* at, int v) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  char* b = buf->data();
  two(b, d.month);
  b[2] = '/';
  two(b + 3, d.day);
  b[5] = '/';
  two(b + 6, d.year / 100);
  two(b + 8, d.year % 100);
  return std::string_view(b, buf->size());
}

void AppendHeaderDate(std::string* out, const extract::Date& d) {
  std::array<char, 10> buf;
  out->append(HeaderDate(d, &buf));
}

void AppendNarrativeDate(std::string* out, const extract::Date& d, Rng& rng) {
  switch (rng.Below(4)) {
    case 0:
      AppendHeaderDate(out, d);
      break;
    case 1:
      AppendInt(out, d.month), out->push_back('-'), AppendInt(out, d.day), out->push_back('-');
      AppendInt(out, d.year % 100, 2);
      break;
    case 2:
      AppendInt(out, d.month), out->push_back('/'), AppendInt(out, d.day), out->push_back('/');
      AppendInt(out, d.year % 100, 2);
      break;
    default:
      out->append(MonthName(d.month)), out->push_back(' '), AppendInt(out, d.day), out->append(", ");
      AppendInt(out, d.year);
  }
}

}  // namespace imr::gen
