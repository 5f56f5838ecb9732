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

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "imr/base/text.h"
#include "imr/base/text_index.h"

namespace imr::extract {

enum class Case { kSensitive, kInsensitive };

// Length of the match of `phrase` at text[pos], or 0 if it does not match.
std::size_t MatchPhraseAt(std::string_view text, std::size_t pos, std::string_view phrase, Case c = Case::kInsensitive);
// Start of the match of `phrase` that ends exactly at text[end) (end is one
// past its last byte), or npos. `phrase` must not start or end with a space.
// Matched backwards, it finds the match that MatchPhraseAt would find
// forwards from that start.
std::size_t MatchPhraseEndingAt(std::string_view text, std::size_t end, std::string_view phrase,
                                Case c = Case::kSensitive);
// Which of `phrases` (each ending in a colon, at most one matching per
// colon) ends at the colon text[end - 1]: its index, with *start set to
// where it starts, or npos. The byte before the colon is tested first: most
// colons end no phrase.
// Inline: it runs at every colon of every letter.
inline std::size_t PhraseEndingAtColon(std::string_view text, std::size_t end,
                                       std::span<const std::string_view> phrases, Case c, std::size_t* start) {
  if (end < 2) return std::string_view::npos;
  const char last = c == Case::kSensitive ? text[end - 2] : ToLowerAscii(text[end - 2]);
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const std::string_view phrase = phrases[i];
    const char before = phrase.size() >= 2 ? phrase[phrase.size() - 2] : ' ';
    if (before != ' ' && last != (c == Case::kSensitive ? before : ToLowerAscii(before))) continue;
    if (const std::size_t at = MatchPhraseEndingAt(text, end, phrase, c); at != std::string_view::npos) {
      *start = at;
      return i;
    }
  }
  return std::string_view::npos;
}
// The first match of `phrase`, which ends in a colon, in an indexed part
// (as FindPhrase would find it): only the index's colons are tried.
// Sets *length when non-null.
std::size_t FindPhraseEndingAtColon(const IndexedPart& part, std::string_view phrase, Case c,
                                    std::size_t* length = nullptr);
// Needles that all hold one anchor byte, with where each holds it first;
// built at compile time (a needle without the anchor fails to compile).
template <std::size_t N>
struct AnchoredNeedles {
  consteval AnchoredNeedles(char a, std::array<std::string_view, N> n) : anchor(a), needles(n) {
    for (std::size_t i = 0; i < N; ++i) {
      offsets[i] = needles[i].find(anchor);
      if (offsets[i] == std::string_view::npos) std::abort();
    }
  }
  char anchor;
  std::array<std::string_view, N> needles;
  std::array<std::size_t, N> offsets{};
};

// The first occurrence of each needle in `text` (as Find finds it, or npos),
// from one walk over the text's anchor bytes (memchr), which stops once every
// needle is found: a few headings cost one pass over the bytes before the
// last of them, instead of a search each. Choose an anchor that prose seldom
// holds. Every match of a needle holds its first anchor at the same offset
// and the anchors come in order, so the first anchor that begins a match
// gives the needle's first match.
template <std::size_t N>
std::array<std::size_t, N> FindFirstOfEach(std::string_view text, const AnchoredNeedles<N>& set) {
  std::array<std::size_t, N> at;
  at.fill(std::string_view::npos);
  std::size_t left = N;
  for (std::size_t pos = text.find(set.anchor); pos != std::string_view::npos; pos = text.find(set.anchor, pos + 1)) {
    for (std::size_t i = 0; i < N; ++i) {
      if (at[i] != std::string_view::npos || pos < set.offsets[i]) continue;
      const std::size_t start = pos - set.offsets[i];
      const std::string_view needle = set.needles[i];
      if (text[start] == needle[0] && text.compare(start, needle.size(), needle) == 0) {
        at[i] = start;
        if (--left == 0) return at;
      }
    }
  }
  return at;
}

// First match at or after `from`, or npos. Sets *length when non-null.
std::size_t FindPhrase(std::string_view text, std::string_view phrase, std::size_t from = 0,
                       std::size_t* length = nullptr, Case c = Case::kInsensitive);
// Last match that starts before `before`, or npos.
std::size_t FindLastPhrase(std::string_view text, std::string_view phrase, std::size_t before,
                           std::size_t* length = nullptr, Case c = Case::kInsensitive);
// Every match of every phrase (at most kMaxFindAnyNeedles, case-sensitive)
// in one pass over `text`: on_match(phrase index, start, length) in order of
// start, and in list order at one start. Overlapping matches are all
// reported. For texts searched for several fixed sentences, where a pass per
// sentence was the cost.
void ScanPhrases(std::string_view text, std::span<const std::string_view> phrases,
                 absl::FunctionRef<void(std::size_t phrase, std::size_t at, std::size_t length)> on_match);

// A name as letters write it and the canonical name we report for it.
struct Name {
  std::string_view written;
  std::string_view canonical;
};

// A table of names grouped by their first letter, so a lookup tries only
// the names that can match (lookups run at every word of every title and
// guideline block). Built at compile time from a constexpr array, which it
// points into; at most kMaxNames names, each non-empty.
class NameTable {
 public:
  static constexpr std::size_t kMaxNames = 64;

  constexpr explicit NameTable(std::span<const Name> names) {
    // A stable counting sort on the lower-cased first byte, so names that
    // share it keep their table order. std::abort is not constexpr: a table
    // that breaks the limits fails to compile.
    if (names.size() > kMaxNames) std::abort();
    for (const Name& name : names) {
      if (name.written.empty()) std::abort();
      ++begin_[Key(name.written[0]) + 1];
    }
    for (std::size_t b = 1; b < begin_.size(); ++b) begin_[b] += begin_[b - 1];
    std::array<std::uint8_t, 256> next{};
    for (std::size_t b = 0; b < next.size(); ++b) next[b] = begin_[b];
    for (const Name& name : names) by_first_[next[Key(name.written[0])]++] = &name;
  }

  // The first name (in table order) whose `written` matches at text[pos]
  // (as MatchPhraseAt, case-insensitive) and ends a word there; sets
  // *length. List longer names before names they begin with.
  const Name* MatchAt(std::string_view text, std::size_t pos, std::size_t* length) const;

 private:
  static constexpr std::uint8_t Key(char c) {
    return static_cast<std::uint8_t>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }

  std::array<const Name*, kMaxNames> by_first_{};
  std::array<std::uint8_t, 257> begin_{};  // names starting with byte b: by_first_[begin_[b], begin_[b + 1])
};

// Letters and digits make words. Inline: the parsers ask at every word.
inline bool IsWordByte(char c) { return IsAlpha(c) || IsDigit(c); }
// True when text[pos] begins a word (start of text or a non-letter/digit before).
inline bool AtWordStart(std::string_view text, std::size_t pos) { return pos == 0 || !IsWordByte(text[pos - 1]); }
// True when text[pos] ends a word (end of text or a non-letter/digit at pos).
inline bool AtWordEnd(std::string_view text, std::size_t pos) { return pos >= text.size() || !IsWordByte(text[pos]); }

}  // namespace imr::extract
