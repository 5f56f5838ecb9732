#include "imr/report/html_text.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace imr::report {
namespace {

// The length of the valid UTF-8 sequence at the start of `s`, 0 if invalid.
std::size_t Utf8Length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b = byte(0);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || n > s.size() || (n == 2 && b < 0xC2)) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  if (n == 3 && ((b == 0xE0 && byte(1) < 0xA0) || (b == 0xED && byte(1) >= 0xA0))) return 0;  // overlong, surrogate
  if (n == 4 && ((b == 0xF0 && byte(1) < 0x90) || b > 0xF4 || (b == 0xF4 && byte(1) >= 0x90))) return 0;
  return n;
}

}  // namespace

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const char c = s[0];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default: {
        const std::size_t n = Utf8Length(s);
        // Control characters other than tab and line ends are not allowed in HTML text.
        const bool control = n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
        if (n == 0 || control) {
          out += "\xEF\xBF\xBD";
          s.remove_prefix(1);
          continue;
        }
        out.append(s.data(), n);
        s.remove_prefix(n);
        continue;
      }
    }
    s.remove_prefix(1);
  }
  return out;
}

std::string Thousands(std::uint64_t n) {
  std::string digits = absl::StrFormat("%d", n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Percent(double share) { return absl::StrFormat("%.1f%%", 100.0 * share); }

std::string Coord(double v) {
  std::string s = absl::StrFormat("%.1f", std::round(v * 10) / 10);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

}  // namespace imr::report
