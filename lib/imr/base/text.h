// File: imr/base/text.h
//
// Byte-level text helpers shared by the splitter and the extractors. All work
// on ASCII semantics over UTF-8 bytes (multi-byte sequences are never split,
// because every byte tested here is ASCII). Form feeds count as whitespace:
// PDF extraction puts them at page breaks, anywhere in a sentence.
//
// Example:
//   std::string title;
//   AppendNormalized(" Massage  therapy\n(12 visits) ", &title);  // "Massage therapy (12 visits)"
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace imr {

// Space, tab, CR, FF, VT: whitespace inside one line.
inline bool IsInlineSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
inline bool IsSpace(char c) { return c == '\n' || IsInlineSpace(c); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
inline char ToLowerAscii(char c) { return IsUpper(c) ? static_cast<char>(c + 32) : c; }

// The first position at or after `pos` that is not whitespace (or s.size()).
inline std::size_t SkipSpace(std::string_view s, std::size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  return pos;
}

// Inline: they run for every piece of every list, label and value, mostly
// to pass no byte at all.
inline std::string_view TrimLeftSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}
inline std::string_view TrimRightSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}
inline std::string_view TrimSpace(std::string_view s) { return TrimRightSpace(TrimLeftSpace(s)); }

// Position of `needle` in `s` at or after `from`, or npos (a SIMD filter
// on its first and last byte; glibc memmem without SSE2).
std::size_t Find(std::string_view s, std::string_view needle, std::size_t from = 0);
// The first position at or after `from` where any of `needles` occurs, or
// npos: one pass over `s` however many needles (at most kMaxFindAnyNeedles,
// none empty). Which needle it was is the caller's to check.
inline constexpr std::size_t kMaxFindAnyNeedles = 8;
std::size_t FindAny(std::string_view s, std::span<const std::string_view> needles, std::size_t from = 0);
// Index of the byte of `needle` that is rarest in English text (never a
// space): the cheapest byte to scan for.
std::size_t RarestByte(std::string_view needle);

// True when `s` starts with `prefix`, comparing ASCII letters case-insensitively.
bool StartsWithNoCase(std::string_view s, std::string_view prefix);
// Position of the first case-insensitive occurrence of `needle` in `s` at or
// after `from`, or npos. `needle` must be non-empty.
std::size_t FindNoCase(std::string_view s, std::string_view needle, std::size_t from = 0);

// Index one past the end of the line containing `pos` (the '\n' itself is
// excluded: returns the index of '\n', or s.size()).
inline std::size_t LineEnd(std::string_view s, std::size_t pos) {
  std::size_t nl = s.find('\n', pos);
  return nl == std::string_view::npos ? s.size() : nl;
}
// Index of the first byte of the line containing `pos`.
inline std::size_t LineBegin(std::string_view s, std::size_t pos) {
  if (pos == 0) return 0;
  std::size_t nl = s.rfind('\n', pos - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// Appends `s` to `out` with every run of whitespace (line ends and form feeds
// included) collapsed to one space and the ends trimmed. A line that ends in a
// hyphen directly after a letter or digit is joined to the next line without a
// space ("range-of-\nmotion" -> "range-of-motion"), because the hyphen was in
// the source text and the break was only the PDF's line wrap.
void AppendNormalized(std::string_view s, std::string* out);
// Whether a whitespace run that follows the bytes `before_last`, `last` is
// the PDF's wrap of a hyphenated word, which AppendNormalized drops instead of
// making it one space: it holds a line end, after a hyphen that follows a
// letter or digit.
inline bool WrapsHyphenatedWord(char before_last, char last, bool run_has_newline) {
  return run_has_newline && last == '-' && (IsAlpha(before_last) || IsDigit(before_last));
}
std::string Normalized(std::string_view s);

}  // namespace imr
