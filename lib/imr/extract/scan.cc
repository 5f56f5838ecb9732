#include "imr/extract/scan.h"

#include <string.h>

#include <algorithm>
#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"

namespace imr::extract {
namespace {

bool SameChar(char a, char b, Case c) { return c == Case::kSensitive ? a == b : ToLowerAscii(a) == ToLowerAscii(b); }

std::string_view FirstWord(std::string_view phrase) { return phrase.substr(0, phrase.find(' ')); }

}  // namespace

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
    const char want = phrase[p];
    if (want == ' ') {
      if (t >= text.size() || !IsSpace(text[t])) return 0;
      while (t < text.size() && IsSpace(text[t])) ++t;
      continue;
    }
    if (t >= text.size()) return 0;
    // As SameChar, with the byte as written tested first. Where case is
    // ignored, another byte matches only when `want` is a letter and the
    // byte is its other case: setting bit 5 lower-cases a letter, and only
    // a letter's two cases become it.
    const char got = text[t];
    if (got != want && (c == Case::kSensitive || !IsAlpha(want) || (got | 0x20) != (want | 0x20))) return 0;
    ++t;
  }
  return t - pos;
}

std::size_t MatchPhraseEndingAt(std::string_view text, std::size_t end, std::string_view phrase, Case c) {
  std::size_t t = std::min(end, text.size());
  for (std::size_t p = phrase.size(); p-- > 0;) {
    if (phrase[p] == ' ') {
      if (t == 0 || !IsSpace(text[t - 1])) return std::string_view::npos;
      while (t > 0 && IsSpace(text[t - 1])) --t;
      continue;
    }
    if (t == 0 || !SameChar(text[t - 1], phrase[p], c)) return std::string_view::npos;
    --t;
  }
  return t;
}

std::size_t FindPhraseEndingAtColon(const IndexedPart& part, std::string_view phrase, Case c, std::size_t* length) {
  // Matches that end at different colons cannot overlap (the phrase holds
  // one colon, its last byte), so the first colon that ends one ends the
  // first match.
  if (c == Case::kSensitive && phrase.size() >= 2 && phrase.find(' ') == std::string_view::npos) {
    // A label of one word, as written: a colon costs a test of the byte
    // before it, and only a colon that passes costs a compare of the label.
    const char before = phrase[phrase.size() - 2];
    for (const std::uint32_t colon : part.colons) {
      const std::size_t end = colon - part.base + 1;
      if (end < phrase.size() || part.text[end - 2] != before) continue;
      if (const std::size_t at = end - phrase.size(); part.text.compare(at, phrase.size(), phrase) == 0) {
        if (length != nullptr) *length = phrase.size();
        return at;
      }
    }
    return std::string_view::npos;
  }
  for (const std::uint32_t colon : part.colons) {
    const std::size_t end = colon - part.base + 1;
    if (std::size_t at = 0; PhraseEndingAtColon(part.text, end, {&phrase, 1}, c, &at) != std::string_view::npos) {
      if (length != nullptr) *length = end - at;
      return at;
    }
  }
  return std::string_view::npos;
}

std::size_t FindPhrase(std::string_view text, std::string_view phrase, std::size_t from, std::size_t* length, Case c) {
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
  // Candidates are where some phrase's first word has its first and last
  // byte (Find's filter, all phrases at once); every phrase is matched in
  // full there. One loop over the text: the blocks are not searched again
  // after a match, and texts are short (guideline blocks), so nothing is
  // set up per match.
  if (phrases.size() > kMaxFindAnyNeedles) return;
  std::array<std::size_t, kMaxFindAnyNeedles> word_end{};  // length of each first word
  std::array<bool, 256> starts{};
  std::size_t longest = 0;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    const std::string_view p = phrases[i];
    if (p.empty()) return;
    std::size_t n = 0;
    while (n < p.size() && p[n] != ' ') ++n;
    word_end[i] = n;
    longest = std::max(longest, n);
    starts[static_cast<unsigned char>(p[0])] = true;
  }
  const auto try_at = [&](std::size_t at) {
    for (std::size_t i = 0; i < phrases.size(); ++i) {
      if (text[at] != phrases[i][0]) continue;
      if (const std::size_t n = MatchPhraseAt(text, at, phrases[i], Case::kSensitive)) on_match(i, at, n);
    }
  };
  std::size_t at = 0;
#if defined(__SSE2__)
  if (text.size() >= longest + 15) {
    __m128i first[kMaxFindAnyNeedles], last[kMaxFindAnyNeedles];
    for (std::size_t i = 0; i < phrases.size(); ++i) {
      first[i] = _mm_set1_epi8(phrases[i][0]);
      last[i] = _mm_set1_epi8(phrases[i][word_end[i] - 1]);
    }
    const std::size_t block_end = text.size() - longest - 15;  // the last block start
    for (; at <= block_end; at += 16) {
      const char* p = text.data() + at;
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      __m128i any = _mm_setzero_si128();
      for (std::size_t i = 0; i < phrases.size(); ++i) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + word_end[i] - 1));
        any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(a, first[i]), _mm_cmpeq_epi8(b, last[i])));
      }
      for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(any)); mask != 0; mask &= mask - 1) {
        try_at(at + static_cast<std::size_t>(__builtin_ctz(mask)));
      }
    }
  }
#endif
  for (; at < text.size(); ++at) {
    if (starts[static_cast<unsigned char>(text[at])]) try_at(at);
  }
}

}  // namespace imr::extract
