// The conclusion of a rationale: its last statement about medical necessity
// ("... is not medically necessary", "This request IS NOT medically
// necessary", "the request is medically necessary and appropriate"). Used as
// a cross-check of the outcome: Upheld means not medically necessary.
#include <string.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;
// How far back a negation reaches, and how far a "medical necessity ..."
// clause runs on.
constexpr std::size_t kClauseLimit = 160;

// Does s[p] end a clause? A '.' between digits ("7.5mg") does not.
bool EndsClause(std::string_view s, std::size_t p) {
  if (s[p] == ';' || s[p] == '?') return true;
  return s[p] == '.' && !(p > 0 && IsDigit(s[p - 1]) && p + 1 < s.size() && IsDigit(s[p + 1]));
}

// The positions in s[begin, end) of the bytes a set holds, from the last
// back: Set::Holds(c) for one byte and, with SSE2, Set::Block(p) for the
// 16 bytes p[0, 16) (bit i for p[i]), 16 bytes a step. The sets' bytes are
// common (an n, a y, a full stop): one block's bits serve several hits,
// where memrchr was a call per hit and per byte of the set.
template <typename Set>
class BytesBackwards {
 public:
  BytesBackwards(std::string_view s, Set set, std::size_t begin, std::size_t end)
      : s_(s), set_(set), begin_(begin), next_block_end_(end) {}

  // The next position back, or kNone.
  std::size_t Next() {
    while (hits_ == 0) {
      if (next_block_end_ <= begin_) return kNone;
      const std::size_t to = next_block_end_;
      block_ = to - begin_ >= 16 ? to - 16 : begin_;
      hits_ = Hits(block_, to);
      next_block_end_ = block_;
    }
    const int last = 31 - std::countl_zero(hits_);
    hits_ &= ~(1u << last);
    return block_ + static_cast<std::size_t>(last);
  }

 private:
  // Bit i for s[from + i], from + i < to, to - from <= 16.
  std::uint32_t Hits(std::size_t from, std::size_t to) const {
#if defined(__SSE2__)
    // The 16 bytes that end at `to`, those before `from` shifted out.
    if (to >= 16) return set_.Block(s_.data() + to - 16) >> (from - (to - 16));
#endif
    std::uint32_t hits = 0;
    for (std::size_t p = from; p < to; ++p) hits |= std::uint32_t{set_.Holds(s_[p])} << (p - from);
    return hits;
  }

  std::string_view s_;
  Set set_;
  std::size_t begin_;
  std::size_t next_block_end_;  // the blocks from here back are not read yet
  std::size_t block_ = 0;       // where the block read last starts
  std::uint32_t hits_ = 0;      // its hits not yet returned
};

// A letter in either case (lower: a lower-case letter): setting bit 5
// lower-cases a letter, and only a letter's two cases become it.
struct FoldedLetter {
  char lower;
  bool Holds(char c) const { return (c | 0x20) == lower; }
#if defined(__SSE2__)
  std::uint32_t Block(const char* p) const {
    const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), _mm_set1_epi8(0x20));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, _mm_set1_epi8(lower))));
  }
#endif
};

// The bytes that may end a clause (EndsClause decides).
struct ClauseMarks {
  bool Holds(char c) const { return c == '.' || c == ';' || c == '?'; }
#if defined(__SSE2__)
  std::uint32_t Block(const char* p) const {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i marks =
        _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('.')),
                     _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(';')), _mm_cmpeq_epi8(b, _mm_set1_epi8('?'))));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(marks));
  }
#endif
};

// The bytes either of two sets holds.
template <typename A, typename B>
struct Either {
  A a;
  B b;
  bool Holds(char c) const { return a.Holds(c) || b.Holds(c); }
#if defined(__SSE2__)
  std::uint32_t Block(const char* p) const { return a.Block(p) | b.Block(p); }
#endif
};

// The first clause end (EndsClause) in s[begin, end), or kNone. The
// candidates are found with memchr, one per byte that can end a clause.
std::size_t FirstClauseEnd(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end) {
    std::size_t nearest = kNone;
    for (const char c : {'.', ';', '?'}) {
      const void* hit = memchr(s.data() + begin, c, end - begin);
      if (hit == nullptr) continue;
      const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
      if (nearest == kNone || p < nearest) nearest = p;
    }
    if (nearest == kNone || EndsClause(s, nearest)) return nearest;
    begin = nearest + 1;  // a '.' between digits: look on past it
  }
  return kNone;
}

// Does s[p] start `letters` (lower-case letters only), in either case?
// Setting bit 5 lower-cases a letter, and only a letter's two cases become
// it; inline, where StartsWithNoCase is a call that folds both sides.
bool LettersAt(std::string_view s, std::size_t p, std::string_view letters) {
  if (s.size() - p < letters.size()) return false;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    if ((s[p + i] | 0x20) != letters[i]) return false;
  }
  return true;
}

// Does the clause before `at` negate it: "not", "cannot" or "never" as a
// whole word of the clause, or "n't"? The clause starts after the last
// clause end (EndsClause) before `at`, at most kClauseLimit bytes back.
// Each word has an 'n' at a fixed place (the first letter, the third of
// "cannot"), so one backward pass over the n's and the clause marks tests
// the words at the n's it meets before the clause's start. A word is
// bounded by the clause: by the limit, and by the mark before the clause,
// which no word holds.
bool Negated(std::string_view s, std::size_t at) {
  const std::size_t limit = at > kClauseLimit ? at - kClauseLimit : 0;
  const std::string_view head = s.substr(0, at);
  const auto whole_word = [head, limit](std::size_t p, std::string_view word) {
    return LettersAt(head, p, word) && (p == limit || !IsWordByte(head[p - 1])) && AtWordEnd(head, p + word.size());
  };
  BytesBackwards hits(s, Either<FoldedLetter, ClauseMarks>{{'n'}, {}}, limit, at);
  for (std::size_t p = hits.Next(); p != kNone; p = hits.Next()) {
    if ((s[p] | 0x20) != 'n') {  // a clause mark ('.', ';' and '?' keep bit 5)
      if (EndsClause(s, p)) return false;
      continue;
    }
    // "n't": s[p] is an n in either case, and only 't' and 'T' have bit 5 make a 't'.
    const bool contraction = p + 2 < at && s[p + 1] == '\'' && (s[p + 2] | 0x20) == 't';
    if (contraction || whole_word(p, "not") || whole_word(p, "never") ||
        (p >= limit + 2 && whole_word(p - 2, "cannot"))) {
      return true;
    }
  }
  return false;
}

// A bare "necessary" is a verdict only after a verb ("is not necessary"), not
// in asides like "if necessary".
bool AfterVerb(std::string_view s, std::size_t at) {
  std::size_t end = at;
  for (int words = 0; words < 2; ++words) {
    while (end > 0 && IsSpace(s[end - 1])) --end;
    std::size_t begin = end;
    while (begin > 0 && IsAlpha(s[begin - 1])) --begin;
    // The verbs "is", "was", "are", "were", "be" and "been", by length.
    static constexpr std::array<std::array<std::string_view, 2>, 5> kVerbs = {
        {{}, {}, {"is", "be"}, {"was", "are"}, {"were", "been"}}};
    const std::string_view word = s.substr(begin, end - begin);
    if (word.size() < kVerbs.size() && word.size() >= 2 &&
        (LettersAt(word, 0, kVerbs[word.size()][0]) || LettersAt(word, 0, kVerbs[word.size()][1]))) {
      return true;
    }
    end = begin;
  }
  return false;
}

// The start of `word` (lower-case letters, matched in either case) when a
// run of whitespace after it ends at s[end], or kNone: where a phrase
// "word ..." matched forwards (MatchPhraseAt) crosses to s[end].
std::size_t WordBefore(std::string_view s, std::size_t end, std::string_view word) {
  std::size_t p = end;
  while (p > 0 && IsSpace(s[p - 1])) --p;
  if (p == end || p < word.size() || !LettersAt(s, p - word.size(), word)) return kNone;
  return p - word.size();
}

// Does a run of whitespace that starts at s[begin] lead to `word` (as
// WordBefore, forwards)?
bool WordAfter(std::string_view s, std::size_t begin, std::string_view word) {
  const std::size_t p = SkipSpace(s, begin);
  return p != begin && LettersAt(s, p, word);
}

// How far after a verdict phrase starts a "medical necessity ... is not
// established" must start to decide in its place: not as the end of "a
// medical necessity".
constexpr std::size_t kNecessityAfterVerdict = 21;

// Where the clause after a "medical necessity" that ends at s[after] ends,
// when it says whether that necessity is established or supported ("...
// has not been established"), or kNone when it does not.
std::size_t EstablishingClauseEnd(std::string_view s, std::size_t necessity, std::size_t after) {
  const std::size_t limit = std::max(after, std::min(s.size(), necessity + kClauseLimit));
  std::size_t end = FirstClauseEnd(s, after, limit);
  if (end == kNone) end = limit;
  // "establish" or "support" anywhere in the clause, in any case: tested at
  // its e's and s's, from one pass over them.
  const std::string_view clause = s.substr(after, end - after);
  BytesBackwards starts(clause, Either<FoldedLetter, FoldedLetter>{{'e'}, {'s'}}, 0, clause.size());
  for (std::size_t p = starts.Next(); p != kNone; p = starts.Next()) {
    if (LettersAt(clause, p, (clause[p] | 0x20) == 'e' ? "establish" : "support")) return end;
  }
  return kNone;
}

// The last statements of a rationale about medical necessity.
struct Statements {
  std::size_t verdict = kNone;           // start of the last verdict phrase
  std::size_t necessity = kNone;         // start of the last "medical necessity" whose y the scan passed
  std::size_t establishing_end = kNone;  // EstablishingClauseEnd of that necessity
};

// The eight bytes before a y, lower-cased as LettersAt compares them, are
// read as one little-endian word and compared with each phrase's eight
// letters before its y.
constexpr std::uint64_t EightLetters(std::string_view letters) {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < 8; ++i) word |= std::uint64_t{static_cast<unsigned char>(letters[i])} << (8 * i);
  return word;
}

// The last verdict phrase: "medically necessary", "medically appropriate"
// or "a medical necessity" where it starts a word, or "necessary" where it
// starts a word after a verb (AfterVerb); and the last "medical necessity"
// (anywhere) of those the scan passes, which are all that start after the
// verdict's own words. Each phrase has a 'y' at a fixed place: the ninth
// letter of "medically" and "necessary", the last of "necessity". So the
// scan goes back over the y's only (BytesBackwards), and the first verdict
// it meets is the last in the text: the y of a verdict that starts later
// lies later, and no y lies inside "a medical necessit".
// The scan stops early once a "medical necessity" has an establishing
// clause and no verdict that could still be found would start late enough
// to overrule it (RationaleConclusion): every verdict starts 8 bytes or
// more before its y. That is where "... has not been established" ends a
// rationale: the rest of it is not read.
Statements LastStatements(std::string_view s) {
  static constexpr std::uint64_t kMedicall = EightLetters("medicall"), kNecessar = EightLetters("necessar"),
                                 kNecessit = EightLetters("necessit");
  Statements last;
  BytesBackwards ys(s, FoldedLetter{'y'}, 8, s.size());  // no phrase has its y before s[8]
  for (std::size_t y = ys.Next(); y != kNone; y = ys.Next()) {
    const std::size_t at = y - 8;
    if (last.establishing_end != kNone && at + kNecessityAfterVerdict <= last.necessity) break;
    std::uint64_t before_y;
    std::memcpy(&before_y, s.data() + at, 8);
    before_y |= 0x2020202020202020;  // bit 5 of each byte, as LettersAt sets it
    if (before_y == kMedicall) {
      if (AtWordStart(s, at) && (WordAfter(s, y + 1, "necessary") || WordAfter(s, y + 1, "appropriate"))) {
        last.verdict = at;
        break;
      }
    } else if (before_y == kNecessar) {
      if (AtWordStart(s, at) && AfterVerb(s, at)) {
        last.verdict = at;
        break;
      }
    } else if (before_y == kNecessit) {
      const std::size_t medical = WordBefore(s, at, "medical");
      if (medical == kNone) continue;
      if (last.necessity == kNone) {
        last.necessity = medical;
        last.establishing_end = EstablishingClauseEnd(s, medical, y + 1);
      }
      const std::size_t a = WordBefore(s, medical, "a");
      if (a != kNone && AtWordStart(s, a)) {
        last.verdict = a;
        break;
      }
    }
  }
  return last;
}

}  // namespace

std::optional<bool> RationaleConclusion(std::string_view rationale) {
  // The last statement wins; each phrase is negated by a "not" before it in
  // its clause, except "medical necessity ... is not established", whose
  // verdict follows it. That one counts only where it starts
  // kNecessityAfterVerdict bytes or more after the verdict phrase.
  const Statements last = LastStatements(rationale);
  if (last.establishing_end != kNone &&
      (last.verdict == kNone || last.necessity >= last.verdict + kNecessityAfterVerdict)) {
    return !Negated(rationale.substr(0, last.establishing_end), last.establishing_end);
  }
  if (last.verdict == kNone) return std::nullopt;
  return !Negated(rationale, last.verdict);
}

}  // namespace imr::extract
