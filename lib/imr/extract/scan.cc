#include "imr/extract/scan.h"

#include <string.h>

#include <algorithm>
#include <array>

#include "imr/base/text.h"

namespace imr::extract {
namespace {

bool IsWordByte(char c) { return IsAlpha(c) || IsDigit(c); }

bool SameChar(char a, char b, Case c) { return c == Case::kSensitive ? a == b : ToLowerAscii(a) == ToLowerAscii(b); }

std::string_view FirstWord(std::string_view phrase) { return phrase.substr(0, phrase.find(' ')); }

}  // namespace

bool AtWordStart(std::string_view text, std::size_t pos) { return pos == 0 || !IsWordByte(text[pos - 1]); }
bool AtWordEnd(std::string_view text, std::size_t pos) { return pos >= text.size() || !IsWordByte(text[pos]); }

const Name* NameTable::MatchAt(std::string_view text, std::size_t pos, std::size_t* length) const {
  if (pos >= text.size()) return nullptr;
  const std::uint8_t key = Key(text[pos]);
  for (std::size_t i = begin_[key]; i < begin_[key + 1]; ++i) {
    const std::size_t n = MatchPhraseAt(text, pos, by_first_[i]->written);
    if (n != 0 && AtWordEnd(text, pos + n)) {
      *length = n;
      return by_first_[i];
    }
  }
  return nullptr;
}

std::size_t MatchPhraseAt(std::string_view text, std::size_t pos, std::string_view phrase, Case c) {
  std::size_t t = pos;
  for (std::size_t p = 0; p < phrase.size(); ++p) {
    if (phrase[p] == ' ') {
      if (t >= text.size() || !IsSpace(text[t])) return 0;
      while (t < text.size() && IsSpace(text[t])) ++t;
      continue;
    }
    if (t >= text.size() || !SameChar(text[t], phrase[p], c)) return 0;
    ++t;
  }
  return t - pos;
}

std::size_t MatchPhraseEndingAt(std::string_view text, std::size_t end, std::string_view phrase) {
  std::size_t t = std::min(end, text.size());
  for (std::size_t p = phrase.size(); p-- > 0;) {
    if (phrase[p] == ' ') {
      if (t == 0 || !IsSpace(text[t - 1])) return std::string_view::npos;
      while (t > 0 && IsSpace(text[t - 1])) --t;
      continue;
    }
    if (t == 0 || text[t - 1] != phrase[p]) return std::string_view::npos;
    --t;
  }
  return t;
}

std::size_t FindPhrase(std::string_view text, std::string_view phrase, std::size_t from, std::size_t* length,
                       Case c) {
  const std::string_view first = FirstWord(phrase);
  for (std::size_t at = from;; ++at) {
    at = c == Case::kSensitive ? Find(text, first, at) : FindNoCase(text, first, at);
    if (at == std::string_view::npos) return at;
    if (const std::size_t n = MatchPhraseAt(text, at, phrase, c)) {
      if (length != nullptr) *length = n;
      return at;
    }
  }
}

std::size_t FindLastPhrase(std::string_view text, std::string_view phrase, std::size_t before, std::size_t* length,
                           Case c) {
  // Backwards from `before`: candidates are the rarest byte of the first word
  // in either case, found with memrchr, so the cost is that of the bytes passed.
  const std::string_view first = FirstWord(phrase);
  if (first.empty()) return std::string_view::npos;
  const std::size_t k = RarestByte(first);
  const char lo = c == Case::kSensitive ? first[k] : ToLowerAscii(first[k]);
  const char up = IsLower(lo) ? static_cast<char>(lo - 32) : lo;
  const bool both = c == Case::kInsensitive && up != lo;
  std::size_t end = std::min(before, text.size()) + k;  // anchors lie in [k, end)
  end = std::min(end, text.size());
  // The previous anchor of one case before `to`, or null. Each case's hit is
  // kept until passed, so a case that does not occur costs one scan, not one
  // per candidate of the other.
  const auto prev = [&](char byte, std::size_t to) -> const char* {
    return to > k ? static_cast<const char*>(memrchr(text.data() + k, byte, to - k)) : nullptr;
  };
  const char* hit_lo = prev(lo, end);
  const char* hit_up = both ? prev(up, end) : nullptr;
  while (hit_lo != nullptr || hit_up != nullptr) {
    const char* hit = hit_up == nullptr || (hit_lo != nullptr && hit_lo > hit_up) ? hit_lo : hit_up;
    const std::size_t at = static_cast<std::size_t>(hit - text.data()) - k;
    if (const std::size_t n = MatchPhraseAt(text, at, phrase, c)) {
      if (length != nullptr) *length = n;
      return at;
    }
    if (hit == hit_lo) hit_lo = prev(lo, at + k);
    if (hit == hit_up) hit_up = prev(up, at + k);
  }
  if (length != nullptr) *length = 0;
  return std::string_view::npos;
}

void ScanPhrases(std::string_view text, std::span<const std::string_view> phrases,
                 absl::FunctionRef<void(std::size_t phrase, std::size_t at, std::size_t length)> on_match) {
  // Candidates are where some phrase's first word occurs (FindAny, one pass);
  // each phrase is then matched in full there.
  std::array<std::string_view, kMaxFindAnyNeedles> first_words;
  if (phrases.size() > first_words.size()) return;
  for (std::size_t i = 0; i < phrases.size(); ++i) first_words[i] = FirstWord(phrases[i]);
  const std::span<const std::string_view> needles(first_words.data(), phrases.size());
  for (std::size_t at = FindAny(text, needles); at != std::string_view::npos; at = FindAny(text, needles, at + 1)) {
    for (std::size_t i = 0; i < phrases.size(); ++i) {
      if (const std::size_t n = MatchPhraseAt(text, at, phrases[i], Case::kSensitive)) on_match(i, at, n);
    }
  }
}

}  // namespace imr::extract
