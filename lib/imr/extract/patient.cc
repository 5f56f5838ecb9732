// The patient, from the clinical case summary's opening statement:
//   "The injured worker is a 47 year old female, who sustained an industrial
//    injury on 01/15/2014."   "This case involves a now 40-year-old male ..."
//   "The applicant is a 34-year-old male ... an industrial injury of October
//    10, 2015."   "The injured worker is a(n) 54 year old female ..."
// Age and sex come from the first "<n> year old <person>" phrase that is about
// the patient; the date of injury, only needed when the header had none, from
// the first date that follows an injury phrase.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "imr/base/text.h"
#include "imr/extract/dates.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// Words that may stand between "year old" and the noun it describes
// ("a 47 year old right-handed female").
constexpr int kMaxAdjectives = 3;
constexpr int kMaxAge = 120;

struct Noun {
  std::string_view word;
  Sex sex;
};
// The nouns a patient's age describes; kUnknown ones give the age alone
// ("a 45 year old injured worker"; "injured" is skipped as an adjective).
constexpr std::array<Noun, 12> kPatientNouns = {{
    {"female", Sex::kFemale},
    {"male", Sex::kMale},
    {"woman", Sex::kFemale},
    {"man", Sex::kMale},
    {"lady", Sex::kFemale},
    {"gentleman", Sex::kMale},
    {"patient", Sex::kUnknown},
    {"worker", Sex::kUnknown},
    {"applicant", Sex::kUnknown},
    {"claimant", Sex::kUnknown},
    {"employee", Sex::kUnknown},
    {"individual", Sex::kUnknown},
}};
// Whose age it is when a possessive comes first ("her 12 year old son").
constexpr std::array<std::string_view, 4> kPossessives = {"his", "her", "their", "whose"};

// Skips spaces, line breaks and hyphens: "40-year-old", "34 year\nold", and
// plain pdftotext's "34year-old" after it removed a line-end hyphen.
std::size_t SkipJoiners(std::string_view text, std::size_t p) {
  while (p < text.size() && (IsSpace(text[p]) || text[p] == '-')) ++p;
  return p;
}

// Whether text[p...] spells `word` (lower case) in any case, as
// StartsWithNoCase finds it: a byte that differs from the word's is its
// letter's capital. Inline, as it runs at every candidate word of the
// summary, mostly to fail at the first or second byte.
bool SpelledAt(std::string_view text, std::size_t p, std::string_view word) {
  if (p > text.size() || text.size() - p < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = text[p + i];
    if (c != word[i] && !(IsLower(word[i]) && c == word[i] - ('a' - 'A'))) return false;
  }
  return true;
}

// Length of a whole word `word` (lower case, no spaces) at text[p] in any
// case, or 0: what MatchPhraseAt then AtWordEnd would find, without the
// general matcher.
std::size_t WordAt(std::string_view text, std::size_t p, std::string_view word) {
  return SpelledAt(text, p, word) && AtWordEnd(text, p + word.size()) ? word.size() : 0;
}

// The end of the word at text[p] (letters, digits, inner hyphens).
std::size_t WordEnd(std::string_view text, std::size_t p) {
  while (p < text.size() && (IsAlpha(text[p]) || IsDigit(text[p]) || text[p] == '-' || text[p] == '\'')) ++p;
  return p;
}

// The number written just before text[unit], skipping joiners back from it,
// or nullopt. It must stand alone ("12/10 year" or "1.5 year" is no age).
std::optional<int> AgeBefore(std::string_view text, std::size_t unit, std::size_t* number_begin) {
  std::size_t p = unit;
  while (p > 0 && (IsSpace(text[p - 1]) || text[p - 1] == '-')) --p;
  const std::size_t digits_end = p;
  while (p > 0 && IsDigit(text[p - 1])) --p;
  if (p == digits_end || digits_end - p > 3) return std::nullopt;
  if (p > 0 && !IsSpace(text[p - 1]) && text[p - 1] != '(') return std::nullopt;
  int age = 0;
  for (std::size_t i = p; i < digits_end; ++i) age = age * 10 + (text[i] - '0');
  if (age == 0 || age > kMaxAge) return std::nullopt;
  *number_begin = p;
  return age;
}

// True when a possessive stands before the number: someone else's age.
bool OwnedBySomeoneElse(std::string_view text, std::size_t number_begin) {
  std::size_t p = number_begin;
  while (p > 0 && IsSpace(text[p - 1])) --p;
  const std::size_t end = p;
  while (p > 0 && (IsAlpha(text[p - 1]) || text[p - 1] == '\'')) --p;
  const std::string_view word = text.substr(p, end - p);
  if (word.size() >= 2 && word.substr(word.size() - 2) == "'s") return true;  // "the patient's 70 year old mother"
  for (std::string_view possessive : kPossessives) {
    if (word.size() == possessive.size() && StartsWithNoCase(word, possessive)) return true;
  }
  return false;
}

// Length of "year old" / "years old" / "yr old" / "y/o" at text[p], or 0.
// The byte after the 'y' rules out most words before any is matched.
std::size_t AgeUnitAt(std::string_view text, std::size_t p) {
  if (p + 1 >= text.size()) return 0;
  const char second = ToLowerAscii(text[p + 1]);
  if (second == '/') return WordAt(text, p, "y/o");
  if (second != 'e' && second != 'r') return 0;
  static constexpr std::array<std::string_view, 4> kUnits = {"years", "year", "yrs", "yr"};
  for (std::string_view unit : kUnits) {
    if (!SpelledAt(text, p, unit)) continue;
    const std::size_t n = unit.size();
    const std::size_t old = SkipJoiners(text, p + n);
    if (const std::size_t m = WordAt(text, old, "old")) return old + m - p;
  }
  return 0;
}

// The noun the age describes, among the few words after the unit; nullptr
// when another noun or the sentence's end comes first ("a 12 year old son",
// "a 47 year old with ...").
const Noun* DescribedNoun(std::string_view text, std::size_t p) {
  for (int words = 0; words <= kMaxAdjectives; ++words) {
    while (p < text.size() && (IsSpace(text[p]) || text[p] == ',')) ++p;
    if (p >= text.size() || !IsAlpha(text[p])) return nullptr;
    // Only the words that start with this word's letter can match it.
    const char first = ToLowerAscii(text[p]);
    for (const Noun& noun : kPatientNouns) {
      if (noun.word[0] == first && WordAt(text, p, noun.word)) return &noun;
    }
    if (first == 'w' && (WordAt(text, p, "with") || WordAt(text, p, "who"))) return nullptr;
    p = WordEnd(text, p);
  }
  return nullptr;
}

// Age and sex from the first age phrase about the patient.
void ReadAgeAndSex(std::string_view summary, Letter* letter) {
  // The unit follows a number, so it is never capitalised: one memchr per
  // candidate instead of a case-folding search.
  for (std::size_t p = summary.find('y'); p != kNpos; p = summary.find('y', p + 1)) {
    const std::size_t unit_len = AgeUnitAt(summary, p);
    if (unit_len == 0) continue;
    std::size_t number_begin = 0;
    const std::optional<int> age = AgeBefore(summary, p, &number_begin);
    if (!age || OwnedBySomeoneElse(summary, number_begin)) continue;
    const Noun* noun = DescribedNoun(summary, p + unit_len);
    if (noun == nullptr) continue;
    letter->age = *age;
    letter->sex = noun->sex;
    return;
  }
}

enum class InjuryDate { kFound, kUnparseable, kAbsent };

// Words allowed between an injury phrase and its date: "injury on", "injury
// date of", "date of injury is", "claim from".
constexpr std::array<std::string_view, 9> kDateLeadIns = {"on",    "of",   "is",       "was",      "date",
                                                          "dated", "from", "occurred", "occurring"};
constexpr int kMaxLeadIns = 3;

// Looks like a date without necessarily being one: digits then '/' or '-'
// ("10-302016", "10/10/" at a line end), or a month name and a number
// ("May 2016"; "injury may have" is no date).
bool DateShapedAt(std::string_view text, std::size_t p) {
  if (p >= text.size()) return false;
  if (IsDigit(text[p])) {
    while (p < text.size() && IsDigit(text[p])) ++p;
    return p < text.size() && (text[p] == '/' || text[p] == '-');
  }
  static constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                               "may",       "june",     "july",     "august",
                                                               "september", "october",  "november", "december"};
  const char first = ToLowerAscii(text[p]);
  for (std::string_view month : kMonths) {
    if (month[0] != first) continue;  // neither the name nor its abbreviation
    std::size_t n = WordAt(text, p, month);
    if (n == 0) n = WordAt(text, p, month.substr(0, 3));
    if (n == 0) continue;
    std::size_t q = p + n;
    if (q < text.size() && text[q] == '.') ++q;
    while (q < text.size() && IsSpace(text[q])) ++q;
    return q < text.size() && IsDigit(text[q]);
  }
  return false;
}

// The date after the anchor ending at `p`, past at most kMaxLeadIns lead-in
// words. kAbsent when no date-shaped token follows (the anchor was about
// something else).
InjuryDate DateAfterAnchor(std::string_view text, std::size_t p, Date* date) {
  for (int lead_ins = 0;; ++lead_ins) {
    while (p < text.size() && (IsSpace(text[p]) || text[p] == ':' || text[p] == ',')) ++p;
    if (DateShapedAt(text, p)) break;
    if (lead_ins == kMaxLeadIns) return InjuryDate::kAbsent;
    std::size_t n = 0;
    for (std::string_view word : kDateLeadIns) {
      if (p < text.size() && word[0] == ToLowerAscii(text[p]) && (n = WordAt(text, p, word)) != 0) break;
    }
    if (n == 0) return InjuryDate::kAbsent;
    p += n;
  }
  std::size_t len = 0;
  // ParseDate refuses a token with digits glued on, so a date that plain
  // pdftotext joined across a line-end hyphen ("10-302016") is no date.
  const std::optional<Date> d = ParseDate(text, p, &len);
  if (!d) return InjuryDate::kUnparseable;
  *date = *d;
  return InjuryDate::kFound;
}

// The first injury phrase that decides a date ("injury", "Injury",
// "injured" or "claim from", each a whole word, followed by a date or a
// date-shaped token): kAbsent when none does. The first such phrase decides;
// a later one may be another injury.
//
// Case-sensitive, so each candidate costs one memchr: the phrases sit
// mid-sentence ("an industrial injury on", "date of injury is"), and the
// capitalised "Injury" is an anchor of its own. The three "injur" anchors
// share "njur"; "claim from" is only looked for before the first of them
// that decides.
InjuryDate FindInjuryDate(std::string_view summary, Date* date) {
  static constexpr std::array<std::string_view, 3> kInjuryAnchors = {"injury", "Injury", "injured"};
  constexpr std::string_view kClaimAnchor = "claim from";
  const auto decide = [&](std::size_t at, std::size_t n, InjuryDate* result) {
    if (!AtWordStart(summary, at) || !AtWordEnd(summary, at + n)) return false;
    *result = DateAfterAnchor(summary, at + n, date);
    return *result != InjuryDate::kAbsent;
  };
  InjuryDate result = InjuryDate::kAbsent;
  std::size_t decided = kNpos;  // where the first deciding "injur" anchor starts
  for (std::size_t q = Find(summary, "njur", 1); q != kNpos && decided == kNpos; q = Find(summary, "njur", q + 1)) {
    for (std::string_view anchor : kInjuryAnchors) {
      if (anchor[0] != summary[q - 1] || summary.substr(q - 1, anchor.size()) != anchor) continue;
      if (decide(q - 1, anchor.size(), &result)) decided = q - 1;
      break;
    }
  }
  const std::string_view before = summary.substr(0, decided == kNpos ? summary.size() : decided + 4);
  for (std::size_t at = Find(before, "claim"); at != kNpos; at = Find(before, "claim", at + 1)) {
    const std::size_t n = MatchPhraseAt(summary, at, kClaimAnchor, Case::kSensitive);
    if (InjuryDate claim; n != 0 && decide(at, n, &claim)) return claim;
  }
  return result;
}

}  // namespace

void ExtractPatient(std::string_view summary, Letter* letter) {
  ReadAgeAndSex(summary, letter);
  if (!letter->age && letter->sex == Sex::kUnknown) letter->Warn(WarningCode::kMissingPatient);
  if (letter->date_of_injury.present()) return;
  Date date;
  switch (FindInjuryDate(summary, &date)) {
    case InjuryDate::kFound:
      letter->date_of_injury = date;
      break;
    case InjuryDate::kUnparseable:
      letter->Warn(WarningCode::kBadDate);
      break;
    case InjuryDate::kAbsent:
      letter->Warn(WarningCode::kMissingDateOfInjury);
      break;
  }
}

}  // namespace imr::extract
