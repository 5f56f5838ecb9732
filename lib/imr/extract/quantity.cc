// Quantity, unit and body region stated in a disputed service's name.
//
// Titles state amounts in many ways; the first rule that applies wins:
//   1. a dispensed count: "#60", "quantity 60" (tablets when the title names a
//      drug strength, patches for a patch, else the service's own unit word);
//   2. a count of events: "12 visits", "Eight physical therapy sessions",
//      "Four sessions of ...", "(12-visits)", "with 2 refills", "240 grams";
//   3. a frequency: "3 times a week for 2 weeks" -> 6 sessions (visits when
//      the title counts visits);
//   4. a duration: "for 12 months", "30 day rental";
//   5. a repeat count: "times 3", "x 12";
//   6. a count of things the service starts with, no unit stated: "One (1)
//      x-ray", "2 leg wraps", "Associated surgical service: 2 leg wraps".
// A range ("12-18 sessions") states no single quantity and is skipped. The
// body region is the first one named, in canonical form.
//
// The title is read once, into the few words a rule may look at (ReadWords);
// the rules look names and numbers up among those words instead of scanning
// the bytes again for each.
#include <string.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"
#include "imr/extract/vocab_names.h"

namespace imr::extract {
namespace {

using std::string_view_literals::operator""sv;  // a list of literal views: no strlen per use

constexpr std::size_t kNone = std::string_view::npos;

// Event units (rule 2) and duration units (rule 4), singular and plural:
// vocab::kCountUnitNames and kDurationUnitNames, from data/vocab/units.tsv.
using vocab::kCountUnitNames;
using vocab::kDurationUnitNames;
// The words of a patch (rule 1) and of "a week" (rule 3).
constexpr std::array<Name, 2> kPatchNames = {{{"patches", "patches"}, {"patch", "patches"}}};
constexpr std::array<Name, 2> kWeekNames = {{{"weeks", "weeks"}, {"week", "weeks"}}};

// Body regions, canonical: vocab::kRegionNames, from data/vocab/regions.tsv
// (a name before any that begins it: "lumbar spine" before "lumbar").
using vocab::kRegionNames;

constexpr std::array<std::string_view, 20> kNumberWords = {
    "one",    "two",    "three",    "four",     "five",    "six",     "seven",     "eight",    "nine",     "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
constexpr std::array<std::string_view, 1> kTwiceWord = {"twice"};
// Rule 5 tries every "times" before any "x".
constexpr std::array<std::string_view, 2> kRepeatWords = {"times", "x"};

constexpr std::string_view Written(std::string_view word) { return word; }
constexpr std::string_view Written(const Name& name) { return name.written; }

constexpr std::size_t kLetters = 26;
// The longest first word an entry may have (the longest is "lumbosacral");
// a longer word of the title matches none.
constexpr std::size_t kMaxWordLength = 15;

// Index in the alphabet of the letter c, in either case; kLetters or more
// for any other byte.
std::size_t LetterIndex(char c) { return static_cast<unsigned char>(c | 0x20) - std::size_t{'a'}; }

// A list of words or names (lower-case letters and spaces) indexed for
// matching at a word of the title, that is at a whole run of letters and
// digits: an entry can match there only if its first word has the word's
// first letter and exactly its length, so the entries are kept in order of
// both, and a word is compared only with those of its letter and length
// (none for most words: "therapy", "for", "the"). Built at compile time;
// points into `entries`.
template <typename Entry>
class WordTable {
 public:
  static constexpr std::size_t kMaxEntries = 64;

  constexpr explicit WordTable(std::span<const Entry> entries) : entries_(entries) {
    // A stable counting sort, so entries of one key keep their list order.
    // std::abort is not constexpr: a table that breaks the rules above
    // fails to compile.
    if (entries.size() > kMaxEntries) std::abort();
    for (const Entry& entry : entries) ++begin_[Key(Written(entry)) + 1];
    for (std::size_t k = 1; k < begin_.size(); ++k) begin_[k] += begin_[k - 1];
    std::array<std::uint8_t, kKeys> next{};
    for (std::size_t k = 0; k < kKeys; ++k) next[k] = begin_[k];
    for (std::size_t i = 0; i < entries.size(); ++i)
      order_[next[Key(Written(entries[i]))]++] = static_cast<std::uint8_t>(i);
  }

  // Could an entry match at a word of this first letter (LetterIndex) and length?
  constexpr bool MayMatch(std::size_t letter, std::size_t length) const {
    return letter < kLetters && length <= kMaxWordLength &&
           begin_[Key(letter, length)] != begin_[Key(letter, length) + 1];
  }

  // The first entry (in list order) that matches at s[begin] as whole words
  // (as NameTable::MatchAt), or null; sets *length. `end` must be the end of
  // the run of letters and digits at s[begin].
  const Entry* MatchAt(std::string_view s, std::size_t begin, std::size_t end, std::size_t* length) const {
    const std::size_t letter = LetterIndex(s[begin]);
    const std::size_t n = end - begin;
    if (!MayMatch(letter, n)) return nullptr;
    for (std::size_t k = begin_[Key(letter, n)]; k < begin_[Key(letter, n) + 1]; ++k) {
      const std::string_view written = Written(entries_[order_[k]]);
      if (!SameLetters(s.data() + begin, written.data(), n)) continue;
      // The words after the first: a space matches any run of whitespace.
      std::size_t rest = 0;
      if (n < written.size()) {
        rest = MatchPhraseAt(s, end, written.substr(n));
        if (rest == 0 || !AtWordEnd(s, end + rest)) continue;
      }
      *length = n + rest;
      return &entries_[order_[k]];
    }
    return nullptr;
  }

 private:
  static constexpr std::size_t kKeys = kLetters * (kMaxWordLength + 1);

  static constexpr std::size_t Key(std::size_t letter, std::size_t length) {
    return letter * (kMaxWordLength + 1) + length;
  }
  static constexpr std::size_t Key(std::string_view written) {
    const std::size_t n = std::min(written.find(' '), written.size());
    if (n == 0 || n > kMaxWordLength || written[0] < 'a' || written[0] > 'z') std::abort();
    return Key(written[0] - 'a', n);
  }

  // Do the n letters and digits at `text` spell the n lower-case letters at
  // `lower`, in any case? Setting bit 5 lower-cases a letter and leaves a
  // digit a digit, which no letter equals.
  static bool SameLetters(const char* text, const char* lower, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if ((text[i] | 0x20) != lower[i]) return false;
    }
    return true;
  }

  std::span<const Entry> entries_;
  std::array<std::uint8_t, kMaxEntries> order_{};  // entry indices, by key
  std::array<std::uint8_t, kKeys + 1> begin_{};    // key k's entries: order_[begin_[k], begin_[k + 1])
};

constexpr WordTable<Name> kCountUnits(kCountUnitNames);
constexpr WordTable<Name> kPatch(kPatchNames);
constexpr WordTable<Name> kWeeks(kWeekNames);
constexpr WordTable<Name> kDurationUnits(kDurationUnitNames);
constexpr WordTable<Name> kRegions(kRegionNames);
constexpr WordTable<std::string_view> kNumbers(kNumberWords);
constexpr WordTable<std::string_view> kTwice(kTwiceWord);
constexpr WordTable<std::string_view> kRepeats(kRepeatWords);

// What a word of the title may be, from its first letter and length alone
// (WordTable::MayMatch of the tables the rules look words up in): looked up
// once per word, so a rule compares only the words it may name.
enum MayBe : std::uint8_t {
  kMayBeNumber = 1 << 0,
  kMayBeRegion = 1 << 1,
  kMayBeCountUnit = 1 << 2,
  kMayBeDurationUnit = 1 << 3,
  kMayBeWeeks = 1 << 4,
  kMayBePatch = 1 << 5,
  kMayBeTwice = 1 << 6,
  kMayBeRepeat = 1 << 7,
};
using MayBeTable = std::array<std::array<std::uint8_t, kMaxWordLength + 1>, kLetters>;
constexpr MayBeTable kMayBe = [] {
  MayBeTable may{};
  const auto add = [&may](const auto& table, MayBe bit) {
    for (std::size_t l = 0; l < kLetters; ++l) {
      for (std::size_t n = 0; n <= kMaxWordLength; ++n) {
        if (table.MayMatch(l, n)) may[l][n] |= bit;
      }
    }
  };
  add(kNumbers, kMayBeNumber);
  add(kRegions, kMayBeRegion);
  add(kCountUnits, kMayBeCountUnit);
  add(kDurationUnits, kMayBeDurationUnit);
  add(kWeeks, kMayBeWeeks);
  add(kPatch, kMayBePatch);
  add(kTwice, kMayBeTwice);
  add(kRepeats, kMayBeRepeat);
  return may;
}();

// Letters and digits, as a table: one load per byte where IsAlpha and
// IsDigit cost three range tests (reading the words is the per-byte cost).
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> word{};
  for (int c = 0; c < 256; ++c) word[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return word;
}();
bool IsWordByte(char c) { return kWordBytes[static_cast<unsigned char>(c)]; }

// The end of the run of letters and digits at s[pos].
std::size_t WordEnd(std::string_view s, std::size_t pos) {
  while (pos < s.size() && IsWordByte(s[pos])) ++pos;
  return pos;
}

// Bit i set where s[from + i] is a letter or digit, for the (up to) 64
// bytes from `from`: the words of a title are found in these masks, not
// byte by byte. 16 bytes a step; the last few with one more step over the
// 16 bytes that end them, where the title has that many.
std::uint64_t WordByteMask(std::string_view s, std::size_t from) {
  const std::size_t n = std::min<std::size_t>(64, s.size() - from);
  std::uint64_t mask = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // A letter folds (| 0x20) into 'a'..'z', a digit is in '0'..'9'; each
  // range is moved to the bottom of the signed bytes for one compare.
  const auto word_bytes = [](const char* at) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i letter =
        _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(b, _mm_set1_epi8(0x20)), _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                       _mm_set1_epi8(static_cast<char>(0x80 + 26)));
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(b, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                                         _mm_set1_epi8(static_cast<char>(0x80 + 10)));
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit))));
  };
  for (; i + 16 <= n; i += 16) mask |= word_bytes(s.data() + from + i) << i;
  if (i < n && from + n >= 16) {
    const std::size_t known = 16 - (n - i);  // of the last 16 bytes, those already read
    return mask | (word_bytes(s.data() + from + n - 16) >> known) << i;
  }
#endif
  for (; i < n; ++i) mask |= std::uint64_t{IsWordByte(s[from + i])} << i;
  return mask;
}

struct Number {
  int value = 0;
  std::size_t end = 0;  // after the number (and a "(12)" restating it)
};

// A whole number at s[pos], in digits or words ("12", "Twelve", "One (1)");
// `word_end` is WordEnd(s, pos). Digits glued to a unit ("12months",
// "120grams") count; a number that is part of a strength, a decimal or a
// range ("5/325", "0.025", "12-18") does not.
std::optional<Number> NumberAt(std::string_view s, std::size_t pos, std::size_t word_end) {
  if (pos > 0 && (s[pos - 1] == '/' || s[pos - 1] == '.' || s[pos - 1] == '-' || IsDigit(s[pos - 1])))
    return std::nullopt;
  Number n;
  if (IsDigit(s[pos])) {
    std::size_t p = pos;
    while (p < s.size() && IsDigit(s[p]) && n.value < 100000) n.value = n.value * 10 + (s[p++] - '0');
    if (p < s.size() && (IsDigit(s[p]) || s[p] == '/' || s[p] == '%' ||
                         ((s[p] == '.' || s[p] == '-') && p + 1 < s.size() && IsDigit(s[p + 1])))) {
      return std::nullopt;
    }
    n.end = p;
  } else {
    std::size_t length = 0;
    const std::string_view* word = AtWordStart(s, pos) ? kNumbers.MatchAt(s, pos, word_end, &length) : nullptr;
    if (word == nullptr) return std::nullopt;
    n = {static_cast<int>(word - kNumberWords.data()) + 1, pos + length};
  }
  // "One (1)": the digits restate the word.
  std::size_t p = n.end;
  while (p < s.size() && s[p] == ' ') ++p;
  if (p + 2 < s.size() && s[p] == '(' && IsDigit(s[p + 1])) {
    std::size_t q = p + 1;
    while (q < s.size() && IsDigit(s[q])) ++q;
    if (q < s.size() && s[q] == ')') n.end = q + 1;
  }
  return n;
}

std::optional<Number> NumberAt(std::string_view s, std::size_t pos) { return NumberAt(s, pos, WordEnd(s, pos)); }

// A word of the title that a rule may look at: a whole run of letters and
// digits that starts with a digit or may be named in a table (kMayBe).
// Most words of a title (drug names, "therapy", "for the") are neither and
// are not kept.
struct Word {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint8_t may_be = 0;       // MayBe bits
  std::optional<Number> number;  // NumberAt(s, begin)
};
// The kept words of a title, in order.
using Words = std::span<const Word>;

// The title read once, into `*words` (cleared first): the rules below walk
// these words, not its bytes.
void ReadWords(std::string_view s, std::vector<Word>* words) {
  words->clear();
  const auto read = [&](std::size_t p, std::size_t end) {
    if (IsDigit(s[p])) {
      words->push_back({p, end, 0, NumberAt(s, p, end)});
    } else if (const std::uint8_t may_be = end - p <= kMaxWordLength ? kMayBe[LetterIndex(s[p])][end - p] : 0) {
      // (s[p] is a letter: a word byte, not a digit.)
      // Most words kept as a number word's letter and length are "the":
      // NumberAt only after the table says it is one, and a word that could
      // only have been a number is not kept (no rule looks at it).
      std::size_t n = 0;
      const bool number = (may_be & kMayBeNumber) != 0 && kNumbers.MatchAt(s, p, end, &n) != nullptr;
      if (!number && may_be == kMayBeNumber) return;
      words->push_back({p, end, may_be, number ? NumberAt(s, p, end) : std::nullopt});
    }
  };
  // The runs of set bits of each 64-byte mask are the words; one that runs
  // to the mask's end is followed on in the bytes.
  for (std::size_t chunk = 0; chunk < s.size();) {
    std::uint64_t mask = WordByteMask(s, chunk);
    std::size_t next = chunk + 64;
    while (mask != 0) {
      const int first = std::countr_zero(mask);
      const int length = std::countr_one(mask >> first);
      const std::size_t p = chunk + static_cast<std::size_t>(first);
      if (first + length == 64) {
        next = WordEnd(s, chunk + 64);
        read(p, next);
        break;
      }
      mask &= ~std::uint64_t{0} << (first + length);
      read(p, p + static_cast<std::size_t>(length));
    }
    chunk = next;
  }
}

// The words of `s` (ReadWords), in a per-thread list reused from title to
// title: a title's words are read once and dropped before the next.
Words WordsOf(std::string_view s) {
  thread_local std::vector<Word> words;
  ReadWords(s, &words);
  return words;
}

// The first entry of `table` (whose words are `may_be`) named in s, or
// null. Names start a word (and no word that starts with a digit).
const Name* FirstIn(std::string_view s, Words words, const WordTable<Name>& table, MayBe may_be) {
  std::size_t n = 0;
  for (const Word& word : words) {
    if ((word.may_be & may_be) == 0) continue;
    if (const Name* name = table.MatchAt(s, word.begin, word.end, &n)) return name;
  }
  return nullptr;
}

// The kept word that starts at s[at], or null: the rules ask at the start
// of a word, and a word that is not kept names nothing they look for.
const Word* WordAt(Words words, std::size_t at) {
  for (const Word& word : words) {
    if (word.begin >= at) return word.begin == at ? &word : nullptr;
  }
  return nullptr;
}

// The number that starts at s[at], where a word starts or none does.
std::optional<Number> NumberStarting(Words words, std::size_t at) {
  const Word* word = WordAt(words, at);
  return word != nullptr ? word->number : std::nullopt;
}

// The entry of `table` (whose words are `may_be`) named at s[at], or null;
// sets *length.
const Name* NameAt(std::string_view s, Words words, std::size_t at, const WordTable<Name>& table, MayBe may_be,
                   std::size_t* length) {
  const Word* word = WordAt(words, at);
  return word != nullptr && (word->may_be & may_be) != 0 ? table.MatchAt(s, at, word->end, length) : nullptr;
}

// A unit from `units` (whose words are `may_be`) after the number that
// `word` starts: glued ("12months"), after a space or hyphen ("12-visits"),
// after up to three words ("Six physical therapy visits"), or before it
// ("sessions of": handled by the caller).
const Name* UnitAfter(std::string_view s, Words words, const Word& word, const WordTable<Name>& units, MayBe may_be,
                      int max_words) {
  std::size_t n = 0;
  std::size_t p = word.number->end;
  if (p < word.end) {  // the letters after the digits
    if (const Name* unit = IsAlpha(s[p]) ? units.MatchAt(s, p, word.end, &n) : nullptr) return unit;
  } else if (const Name* unit = NameAt(s, words, p, units, may_be, &n)) {
    return unit;
  }
  if (p < s.size() && s[p] == '-') ++p;
  for (int skipped = 0; skipped <= max_words; ++skipped) {
    p = SkipSpace(s, p);
    if (p >= s.size()) return nullptr;
    if (const Name* unit = NameAt(s, words, p, units, may_be, &n)) return unit;
    if (!IsAlpha(s[p])) return nullptr;  // only plain words stand between
    while (p < s.size() && (IsAlpha(s[p]) || s[p] == '-')) ++p;
  }
  return nullptr;
}

void Set(Item* item, int quantity, std::string_view unit) {
  item->quantity = quantity;
  item->unit = unit;
}

// A strength in mg or mcg right after a number ("200mg", "5/325mg", "10 mcg").
bool HasOralStrength(std::string_view s) {
  for (std::string_view unit : {"mg"sv, "mcg"sv}) {
    for (std::size_t at = FindNoCase(s, unit); at != kNone; at = FindNoCase(s, unit, at + 1)) {
      std::size_t p = at;
      while (p > 0 && s[p - 1] == ' ') --p;
      if (p > 0 && IsDigit(s[p - 1]) && AtWordEnd(s, at + unit.size())) return true;
    }
  }
  return false;
}

// The first '#' of a title (kNone if none), and, where it has none, whether
// it holds a 'q' in either case: one pass, 16 bytes a step, where three
// memchr would read most titles three times.
struct HashOrQ {
  std::size_t hash = kNone;
  bool q = false;
};
HashOrQ FindHashOrQ(std::string_view s) {
  HashOrQ found;
  std::size_t i = 0;
#if defined(__SSE2__)
  const auto scan = [&found](const char* at) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    // With 0x20 set, only 'Q' and 'q' give 'q'.
    const __m128i q = _mm_cmpeq_epi8(_mm_or_si128(b, _mm_set1_epi8(0x20)), _mm_set1_epi8('q'));
    found.q = found.q || _mm_movemask_epi8(q) != 0;
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8('#'))));
  };
  for (; i + 16 <= s.size(); i += 16) {
    if (const unsigned hash = scan(s.data() + i); hash != 0) {
      found.hash = i + static_cast<std::size_t>(std::countr_zero(hash));
      return found;
    }
  }
  if (i < s.size() && s.size() >= 16) {
    // The last 16 bytes: those before i hold no '#', so the first found is at or after it.
    const std::size_t last = s.size() - 16;
    if (const unsigned hash = scan(s.data() + last); hash != 0) {
      found.hash = last + static_cast<std::size_t>(std::countr_zero(hash));
    }
    return found;
  }
#endif
  for (; i < s.size(); ++i) {
    if (s[i] == '#') {
      found.hash = i;
      return found;
    }
    found.q = found.q || (s[i] | 0x20) == 'q';
  }
  return found;
}

// Rule 1: "#60", "quantity 60", "qty 60".
bool DispensedCount(std::string_view s, Words words, Item* item) {
  const HashOrQ hash_or_q = FindHashOrQ(s);
  std::size_t at = hash_or_q.hash;
  std::size_t digits = at == kNone ? kNone : SkipSpace(s, at + 1);
  // Both words have a 'q', which few titles do.
  if (at == kNone && hash_or_q.q) {
    for (std::string_view word : {"quantity"sv, "qty"sv}) {
      std::size_t n = 0;
      at = FindPhrase(s, word, 0, &n);
      if (at != kNone && AtWordStart(s, at)) {
        digits = SkipSpace(s, at + n);
        if (digits < s.size() && s[digits] == ':') digits = SkipSpace(s, digits + 1);
        break;
      }
    }
  }
  if (digits == kNone || digits >= s.size() || !IsDigit(s[digits])) return false;
  const std::optional<Number> n = NumberAt(s, digits);
  if (!n) return false;
  std::string_view unit;
  if (FirstIn(s, words, kPatch, kMayBePatch)) {
    unit = "patches";
  } else if (HasOralStrength(s) || FindPhrase(s, "tab") != kNone || FindPhrase(s, "capsule") != kNone) {
    unit = "tablets";
  } else if (const Name* named = FirstIn(s, words, kCountUnits, kMayBeCountUnit)) {
    unit = named->canonical;
  }
  Set(item, n->value, unit);
  return true;
}

// Rules 2 and 4: a number followed by one of `units` (whose words are
// `may_be`).
bool CountWithUnit(std::string_view s, Words words, const WordTable<Name>& units, MayBe may_be, Item* item) {
  for (const Word& word : words) {
    if (!word.number) continue;
    // Up to three words between: "6 additional physical therapy sessions".
    if (const Name* unit = UnitAfter(s, words, word, units, may_be, 3)) {
      Set(item, word.number->value, unit->canonical);
      return true;
    }
  }
  return false;
}

// Rule 3: "N times a week for M weeks" and its variants ("two times weekly
// for 6 weeks", "2 times a week times 2 weeks", "twice a week x 3 weeks"),
// and "N times M", which states the product directly.
bool Frequency(std::string_view s, Words words, Item* item) {
  std::size_t length = 0;
  for (const Word& word : words) {
    int per_week = 0;
    std::size_t q = word.begin;
    if ((word.may_be & kMayBeTwice) != 0 && kTwice.MatchAt(s, word.begin, word.end, &length)) {
      per_week = 2;
      q = word.end;
    } else if (word.number) {
      q = SkipSpace(s, word.number->end);
      std::size_t times = MatchPhraseAt(s, q, "times");
      if (times == 0) times = MatchPhraseAt(s, q, "x");
      if (times == 0 || !AtWordEnd(s, q + times)) continue;
      per_week = word.number->value;
      q += times;
    } else {
      continue;
    }
    q = SkipSpace(s, q);
    bool weekly = false;
    for (std::string_view per : {"a week"sv, "per week"sv, "weekly"sv, "a wk"sv, "per wk"sv}) {
      if (std::size_t n = MatchPhraseAt(s, q, per); n != 0 && AtWordEnd(s, q + n)) {
        q = SkipSpace(s, q + n);
        weekly = true;
        break;
      }
    }
    if (weekly) {
      if (q < s.size() && s[q] == ',') q = SkipSpace(s, q + 1);
      for (std::string_view joint : {"for"sv, "times"sv, "x"sv}) {
        if (std::size_t n = MatchPhraseAt(s, q, joint); n != 0 && AtWordEnd(s, q + n)) {
          q = SkipSpace(s, q + n);
          break;
        }
      }
    }
    if (q >= s.size()) continue;
    const std::optional<Number> m = NumberStarting(words, q);
    if (!m) continue;
    if (weekly && !NameAt(s, words, SkipSpace(s, m->end), kWeeks, kMayBeWeeks, &length)) continue;
    Set(item, per_week * m->value, FindPhrase(s, "visit") != kNone ? "visits" : "sessions");
    return true;
  }
  return false;
}

// Rule 5: "times 3", "x 12" (every "times" before any "x").
bool RepeatCount(std::string_view s, Words words, Item* item) {
  std::size_t n = 0;
  for (const std::string_view& repeat : kRepeatWords) {
    for (const Word& word : words) {
      if ((word.may_be & kMayBeRepeat) == 0 || kRepeats.MatchAt(s, word.begin, word.end, &n) != &repeat) continue;
      const std::size_t p = SkipSpace(s, word.end);
      if (p >= s.size() || !IsDigit(s[p])) continue;
      const std::optional<Number> count = NumberStarting(words, p);
      if (!count) continue;
      const Name* unit = FirstIn(s, words, kCountUnits, kMayBeCountUnit);
      Set(item, count->value, unit ? unit->canonical : std::string_view());
      return true;
    }
  }
  return false;
}

// Rule 6: a number that opens the service (or its part after the last
// colon, as in "Associated surgical service: 2 leg wraps") and names things
// by the words after it. The unit is left empty: the things are not one of
// our units.
bool LeadingCount(std::string_view s, Words words, Item* item) {
  // memrchr: string_view::rfind tests a byte at a time.
  const void* colon = s.empty() ? nullptr : memrchr(s.data(), ':', s.size());
  const std::size_t p = SkipSpace(s, colon == nullptr ? 0 : static_cast<const char*>(colon) - s.data() + 1);
  if (p >= s.size() || (!IsDigit(s[p]) && !IsAlpha(s[p]))) return false;
  const std::optional<Number> n = NumberStarting(words, p);
  if (!n || n->value == 0) return false;
  const std::size_t word = SkipSpace(s, n->end);
  if (word == n->end || word >= s.size() || !IsAlpha(s[word])) return false;
  Set(item, n->value, {});
  return true;
}

// The canonical body region first named in s, or "".
std::string_view RegionNamed(std::string_view s, Words words) {
  const Name* region = FirstIn(s, words, kRegions, kMayBeRegion);
  return region != nullptr ? region->canonical : std::string_view();
}

}  // namespace

std::string_view BodyRegionIn(std::string_view service) { return RegionNamed(service, WordsOf(service)); }

void ParseQuantity(std::string_view service, Item* item) {
  const Words words = WordsOf(service);
  if (const std::string_view region = RegionNamed(service, words); !region.empty()) item->body_region = region;
  DispensedCount(service, words, item) || CountWithUnit(service, words, kCountUnits, kMayBeCountUnit, item) ||
      Frequency(service, words, item) || CountWithUnit(service, words, kDurationUnits, kMayBeDurationUnit, item) ||
      RepeatCount(service, words, item) || LeadingCount(service, words, item);
}

}  // namespace imr::extract
