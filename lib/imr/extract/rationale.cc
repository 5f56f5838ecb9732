// The conclusion of a rationale: its last statement about medical necessity
// ("... is not medically necessary", "This request IS NOT medically
// necessary", "the request is medically necessary and appropriate"). Used as
// a cross-check of the outcome: Upheld means not medically necessary.
#include <string.h>

#include <algorithm>

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

// The positions of one letter in s[begin, end), in either case, from the
// last back. memrchr per case, each case's hit kept until passed: a case
// that does not occur costs one scan, and few bytes are the letter.
class LetterBackwards {
 public:
  LetterBackwards(std::string_view s, char lower, std::size_t begin, std::size_t end)
      : s_(s), begin_(begin), lower_(Previous(lower, end)), upper_(Previous(ToUpper(lower), end)), letter_(lower) {}

  // The next position back, or kNone.
  std::size_t Next() {
    if (lower_ == kNone && upper_ == kNone) return kNone;
    const std::size_t at = upper_ == kNone || (lower_ != kNone && lower_ > upper_) ? lower_ : upper_;
    if (at == lower_) lower_ = Previous(letter_, at);
    if (at == upper_) upper_ = Previous(ToUpper(letter_), at);
    return at;
  }

 private:
  static char ToUpper(char lower) { return static_cast<char>(lower - ('a' - 'A')); }

  std::size_t Previous(char c, std::size_t before) const {
    const void* hit = before > begin_ ? memrchr(s_.data() + begin_, c, before - begin_) : nullptr;
    return hit == nullptr ? kNone : static_cast<std::size_t>(static_cast<const char*>(hit) - s_.data());
  }

  std::string_view s_;
  std::size_t begin_;
  std::size_t lower_, upper_;  // the next hit of each case, or kNone
  char letter_;
};

enum class Direction { kForward, kBackward };

// The first (kForward) or last (kBackward) clause end (EndsClause) in
// s[begin, end), or kNone. The candidates are found with memchr or memrchr,
// one per byte that can end a clause.
std::size_t NearestClauseEnd(std::string_view s, std::size_t begin, std::size_t end, Direction direction) {
  const bool forward = direction == Direction::kForward;
  while (begin < end) {
    std::size_t nearest = kNone;
    for (const char c : {'.', ';', '?'}) {
      const void* hit = forward ? memchr(s.data() + begin, c, end - begin) : memrchr(s.data() + begin, c, end - begin);
      if (hit == nullptr) continue;
      const std::size_t p = static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
      if (nearest == kNone || (forward ? p < nearest : p > nearest)) nearest = p;
    }
    if (nearest == kNone || EndsClause(s, nearest)) return nearest;
    if (forward) {  // a '.' between digits: look on past it
      begin = nearest + 1;
    } else {
      end = nearest;
    }
  }
  return kNone;
}

// Where the clause that ends at `at` starts: after the last clause end
// before it, at most kClauseLimit bytes back.
std::size_t ClauseStart(std::string_view s, std::size_t at) {
  const std::size_t limit = at > kClauseLimit ? at - kClauseLimit : 0;
  const std::size_t end = NearestClauseEnd(s, limit, at, Direction::kBackward);
  return end == kNone ? limit : end + 1;
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
// whole word of the clause, or "n't"? Each has an 'n' at a fixed place (the
// first letter, the third of "cannot"), so one pass over the clause tests
// the words only at its n's.
bool Negated(std::string_view s, std::size_t at) {
  const std::size_t from = ClauseStart(s, at);
  const std::string_view clause = s.substr(from, at - from);
  const auto whole_word = [clause](std::size_t p, std::string_view word) {
    return LettersAt(clause, p, word) && AtWordStart(clause, p) && AtWordEnd(clause, p + word.size());
  };
  LetterBackwards ns(clause, 'n', 0, clause.size());
  for (std::size_t p = ns.Next(); p != kNone; p = ns.Next()) {
    if (StartsWithNoCase(clause.substr(p), "n't") || whole_word(p, "not") || whole_word(p, "never") ||
        (p >= 2 && whole_word(p - 2, "cannot"))) {
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
    const std::string_view word = s.substr(begin, end - begin);
    for (std::string_view verb : {"is", "was", "are", "were", "be", "been"}) {
      if (word.size() == verb.size() && LettersAt(word, 0, verb)) return true;
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

// The last statements of a rationale about medical necessity.
struct Statements {
  std::size_t verdict = kNone;    // start of the last verdict phrase
  std::size_t necessity = kNone;  // start of the last "medical necessity" whose y the scan passed
  std::size_t necessity_length = 0;
};

// The last verdict phrase: "medically necessary", "medically appropriate"
// or "a medical necessity" where it starts a word, or "necessary" where it
// starts a word after a verb (AfterVerb); and the last "medical necessity"
// (anywhere) of those the scan passes, which are all that start after the
// verdict's own words. Each phrase has a 'y' at a fixed place: the ninth
// letter of "medically" and "necessary", the last of "necessity". So the
// scan goes back over the y's only (memrchr per case), and the first verdict
// it meets is the last in the text: the y of a verdict that starts later
// lies later, and no y lies inside "a medical necessit".
Statements LastStatements(std::string_view s) {
  Statements last;
  LetterBackwards ys(s, 'y', 8, s.size());  // no phrase has its y before s[8]
  for (std::size_t y = ys.Next(); y != kNone; y = ys.Next()) {
    const std::size_t at = y - 8;
    if (LettersAt(s, at, "medicall")) {
      if (AtWordStart(s, at) && (WordAfter(s, y + 1, "necessary") || WordAfter(s, y + 1, "appropriate"))) {
        last.verdict = at;
        break;
      }
    } else if (LettersAt(s, at, "necessar")) {
      if (AtWordStart(s, at) && AfterVerb(s, at)) {
        last.verdict = at;
        break;
      }
    } else if (LettersAt(s, at, "necessit")) {
      const std::size_t medical = WordBefore(s, at, "medical");
      if (medical == kNone) continue;
      if (last.necessity == kNone) {
        last.necessity = medical;
        last.necessity_length = y + 1 - medical;
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
  // verdict follows it. That one counts only where it starts 21 bytes or
  // more after the verdict phrase: not as the end of "a medical necessity".
  const Statements last = LastStatements(rationale);
  if (last.necessity != kNone && (last.verdict == kNone || last.necessity >= last.verdict + 21)) {
    const std::size_t after = last.necessity + last.necessity_length;
    const std::size_t limit = std::max(after, std::min(rationale.size(), last.necessity + kClauseLimit));
    std::size_t end = NearestClauseEnd(rationale, after, limit, Direction::kForward);
    if (end == kNone) end = limit;
    const std::string_view clause = rationale.substr(after, end - after);
    if (FindNoCase(clause, "establish") != kNone || FindNoCase(clause, "support") != kNone) {
      return !Negated(rationale.substr(0, end), end);
    }
  }
  if (last.verdict == kNone) return std::nullopt;
  return !Negated(rationale, last.verdict);
}

}  // namespace imr::extract
