// File: imr/extract/scan.h
//
// Searches over letter text that tolerate what PDF extraction does to it:
// a phrase matches across any run of whitespace (line ends, page breaks,
// redaction gaps) wherever the pattern has one space.
//
// Example:
//   std::size_t at = FindPhrase(text, "was the original request");
//   std::size_t end = at + PhraseLengthAt(text, at, "was the original request");
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace imr::extract {

enum class Case { kSensitive, kInsensitive };

// Length of the match of `phrase` at text[pos], or 0 if it does not match.
std::size_t MatchPhraseAt(std::string_view text, std::size_t pos, std::string_view phrase,
                          Case c = Case::kInsensitive);
// First match at or after `from`, or npos. Sets *length when non-null.
std::size_t FindPhrase(std::string_view text, std::string_view phrase, std::size_t from = 0,
                       std::size_t* length = nullptr, Case c = Case::kInsensitive);
// Last match that starts before `before`, or npos.
std::size_t FindLastPhrase(std::string_view text, std::string_view phrase, std::size_t before,
                           std::size_t* length = nullptr, Case c = Case::kInsensitive);
// Number of non-overlapping matches.
int CountPhrase(std::string_view text, std::string_view phrase, Case c = Case::kInsensitive);

// A name as letters write it and the canonical name we report for it.
struct Name {
  std::string_view written;
  std::string_view canonical;
};
// The first entry of `table` whose `written` matches at text[pos] (as
// MatchPhraseAt, case-insensitive) and ends a word there; sets *length.
// List longer names before names they begin with.
const Name* MatchNameAt(std::string_view text, std::size_t pos, std::span<const Name> table, std::size_t* length);

// True when text[pos] begins a word (start of text or a non-letter/digit before).
bool AtWordStart(std::string_view text, std::size_t pos);
// True when text[pos] ends a word (end of text or a non-letter/digit at pos).
bool AtWordEnd(std::string_view text, std::size_t pos);

}  // namespace imr::extract
