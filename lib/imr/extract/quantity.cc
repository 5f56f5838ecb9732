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
#include <array>
#include <optional>
#include <span>

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;


// Event units (rule 2), singular and plural.
// Hours only in the plural: "1 hour before the exam" is a dosing schedule.
constexpr std::array<Name, 18> kCountUnitNames = {{
    {"visits", "visits"},     {"visit", "visits"},         {"sessions", "sessions"}, {"session", "sessions"},
    {"treatments", "sessions"}, {"treatment", "sessions"}, {"refills", "refills"},   {"refill", "refills"},
    {"injections", "injections"}, {"injection", "injections"}, {"patches", "patches"}, {"patch", "patches"},
    {"hours", "hours"},       {"grams", "grams"},          {"gram", "grams"},        {"gm", "grams"},
    {"ml", "ml"},             {"units", "units"},
}};
constexpr std::array<Name, 2> kPatchNames = {{{"patches", "patches"}, {"patch", "patches"}}};
constexpr std::array<Name, 2> kWeekNames = {{{"weeks", "weeks"}, {"week", "weeks"}}};
// Duration units (rule 4).
constexpr std::array<Name, 6> kDurationUnitNames = {{
    {"months", "months"}, {"month", "months"}, {"weeks", "weeks"},
    {"week", "weeks"},    {"days", "days"},    {"day", "days"},
}};

// Body regions, canonical. Longer names first where one begins another.
constexpr std::array<Name, 38> kRegionNames = {{
    {"lumbar spine", "lumbar spine"},     {"lumbosacral spine", "lumbar spine"},
    {"lumbosacral", "lumbar spine"},      {"lumbar", "lumbar spine"},
    {"low back", "lumbar spine"},         {"lower back", "lumbar spine"},
    {"cervical spine", "cervical spine"}, {"cervical", "cervical spine"},
    {"neck", "cervical spine"},           {"thoracic spine", "thoracic spine"},
    {"thoracic", "thoracic spine"},       {"shoulders", "shoulder"},
    {"shoulder", "shoulder"},             {"elbows", "elbow"},
    {"elbow", "elbow"},                   {"wrists", "wrist"},
    {"wrist", "wrist"},                   {"hands", "hand"},
    {"hand", "hand"},                     {"fingers", "hand"},
    {"finger", "hand"},                   {"thumb", "hand"},
    {"hips", "hip"},                      {"hip", "hip"},
    {"knees", "knee"},                    {"knee", "knee"},
    {"ankles", "ankle"},                  {"ankle", "ankle"},
    {"feet", "foot"},                     {"foot", "foot"},
    {"upper extremities", "upper extremity"}, {"upper extremity", "upper extremity"},
    {"lower extremities", "lower extremity"}, {"lower extremity", "lower extremity"},
    {"pelvis", "pelvis"},                 {"head", "head"},
    {"abdomen", "abdomen"},               {"chest", "chest"},
}};

// Indexed by first letter (see NameTable).
constexpr NameTable kCountUnits(kCountUnitNames);
constexpr NameTable kPatch(kPatchNames);
constexpr NameTable kWeeks(kWeekNames);
constexpr NameTable kDurationUnits(kDurationUnitNames);
constexpr NameTable kRegions(kRegionNames);

constexpr std::array<std::string_view, 21> kNumberWords = {
    "zero",  "one",    "two",    "three",    "four",     "five",    "six",
    "seven", "eight",  "nine",   "ten",      "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

// The table entry matching s[pos] as whole words, or null; sets *length.
// `glued` also accepts a name right after a digit ("12months").
const Name* MatchAt(std::string_view s, std::size_t pos, const NameTable& table, std::size_t* length,
                    bool glued = false) {
  if (pos >= s.size() || !(AtWordStart(s, pos) || (glued && pos > 0 && IsDigit(s[pos - 1])))) return nullptr;
  return table.MatchAt(s, pos, length);
}

// The first entry of `table` named in s, or null.
const Name* FirstIn(std::string_view s, const NameTable& table) {
  std::size_t n = 0;
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (!IsAlpha(s[p])) continue;
    if (const Name* name = MatchAt(s, p, table, &n)) return name;
    while (p + 1 < s.size() && IsAlpha(s[p + 1])) ++p;  // to the end of the word
  }
  return nullptr;
}

struct Number {
  int value = 0;
  std::size_t end = 0;  // after the number (and a "(12)" restating it)
};

// A whole number at s[pos], in digits or words ("12", "Twelve", "One (1)").
// Digits glued to a unit ("12months", "120grams") count; a number that is
// part of a strength, a decimal or a range ("5/325", "0.025", "12-18") does not.
std::optional<Number> NumberAt(std::string_view s, std::size_t pos) {
  if (pos > 0 && (s[pos - 1] == '/' || s[pos - 1] == '.' || s[pos - 1] == '-' || IsDigit(s[pos - 1]))) return std::nullopt;
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
    if (!AtWordStart(s, pos)) return std::nullopt;
    bool found = false;
    const char first = ToLowerAscii(s[pos]);
    for (std::size_t v = 1; v < kNumberWords.size() && !found; ++v) {
      const std::string_view word = kNumberWords[v];
      if (word[0] != first) continue;
      if (MatchPhraseAt(s, pos, word) != 0 && AtWordEnd(s, pos + word.size())) {
        n = {static_cast<int>(v), pos + word.size()};
        found = true;
      }
    }
    if (!found) return std::nullopt;
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

// A unit from `table` after the number: glued ("12months"), after a space
// or hyphen ("12-visits"), after up to three words ("Six physical therapy
// visits"), or before it ("sessions of": handled by the caller).
const Name* UnitAfter(std::string_view s, std::size_t p, const NameTable& table, int max_words) {
  std::size_t n = 0;
  if (const Name* unit = MatchAt(s, p, table, &n, /*glued=*/true)) return unit;
  if (p < s.size() && s[p] == '-') ++p;
  for (int words = 0; words <= max_words; ++words) {
    p = SkipSpace(s, p);
    if (p >= s.size()) return nullptr;
    if (const Name* unit = MatchAt(s, p, table, &n)) return unit;
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
  for (std::string_view unit : {"mg", "mcg"}) {
    for (std::size_t at = FindNoCase(s, unit); at != kNone; at = FindNoCase(s, unit, at + 1)) {
      std::size_t p = at;
      while (p > 0 && s[p - 1] == ' ') --p;
      if (p > 0 && IsDigit(s[p - 1]) && AtWordEnd(s, at + unit.size())) return true;
    }
  }
  return false;
}

// Rule 1: "#60", "quantity 60", "qty 60".
bool DispensedCount(std::string_view s, Item* item) {
  std::size_t at = s.find('#');
  std::size_t digits = at == kNone ? kNone : SkipSpace(s, at + 1);
  if (at == kNone) {
    for (std::string_view word : {"quantity", "qty"}) {
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
  if (FirstIn(s, kPatch)) {
    unit = "patches";
  } else if (HasOralStrength(s) || FindPhrase(s, "tab") != kNone || FindPhrase(s, "capsule") != kNone) {
    unit = "tablets";
  } else if (const Name* named = FirstIn(s, kCountUnits)) {
    unit = named->canonical;
  }
  Set(item, n->value, unit);
  return true;
}

// Rules 2 and 4: a number followed by a unit of `table`.
bool CountWithUnit(std::string_view s, const NameTable& table, Item* item) {
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (!IsDigit(s[p]) && !IsAlpha(s[p])) continue;
    const std::optional<Number> n = NumberAt(s, p);
    if (!n) {
      while (p + 1 < s.size() && (IsDigit(s[p + 1]) || IsAlpha(s[p + 1]))) ++p;
      continue;
    }
    // Up to three words between: "6 additional physical therapy sessions".
    if (const Name* unit = UnitAfter(s, n->end, table, 3)) {
      Set(item, n->value, unit->canonical);
      return true;
    }
    p = n->end - 1;
  }
  return false;
}

// Rule 3: "N times a week for M weeks" and its variants ("two times weekly
// for 6 weeks", "2 times a week times 2 weeks", "twice a week x 3 weeks"),
// and "N times M", which states the product directly.
bool Frequency(std::string_view s, Item* item) {
  for (std::size_t p = 0; p < s.size(); ++p) {
    if (!AtWordStart(s, p)) continue;
    int per_week = 0;
    std::size_t q = p;
    if (std::size_t n = MatchPhraseAt(s, p, "twice"); n != 0 && AtWordEnd(s, p + n)) {
      per_week = 2;
      q = p + n;
    } else if (const std::optional<Number> n = NumberAt(s, p)) {
      q = SkipSpace(s, n->end);
      std::size_t times = MatchPhraseAt(s, q, "times");
      if (times == 0) times = MatchPhraseAt(s, q, "x");
      if (times == 0 || !AtWordEnd(s, q + times)) continue;
      per_week = n->value;
      q += times;
    } else {
      continue;
    }
    q = SkipSpace(s, q);
    bool weekly = false;
    for (std::string_view per : {"a week", "per week", "weekly", "a wk", "per wk"}) {
      if (std::size_t n = MatchPhraseAt(s, q, per); n != 0 && AtWordEnd(s, q + n)) {
        q = SkipSpace(s, q + n);
        weekly = true;
        break;
      }
    }
    if (weekly) {
      if (q < s.size() && s[q] == ',') q = SkipSpace(s, q + 1);
      for (std::string_view joint : {"for", "times", "x"}) {
        if (std::size_t n = MatchPhraseAt(s, q, joint); n != 0 && AtWordEnd(s, q + n)) {
          q = SkipSpace(s, q + n);
          break;
        }
      }
    }
    if (q >= s.size()) continue;
    const std::optional<Number> m = NumberAt(s, q);
    if (!m) continue;
    std::size_t n = 0;
    if (weekly && !MatchAt(s, SkipSpace(s, m->end), kWeeks, &n)) continue;
    Set(item, per_week * m->value, FindPhrase(s, "visit") != kNone ? "visits" : "sessions");
    return true;
  }
  return false;
}

// Rule 5: "times 3", "x 12".
bool RepeatCount(std::string_view s, Item* item) {
  for (std::string_view word : {"times", "x"}) {
    std::size_t n = 0;
    for (std::size_t at = FindPhrase(s, word, 0, &n); at != kNone; at = FindPhrase(s, word, at + 1, &n)) {
      if (!AtWordStart(s, at) || !AtWordEnd(s, at + n)) continue;
      const std::size_t p = SkipSpace(s, at + n);
      if (p >= s.size() || !IsDigit(s[p])) continue;
      const std::optional<Number> count = NumberAt(s, p);
      if (!count) continue;
      const Name* unit = FirstIn(s, kCountUnits);
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
bool LeadingCount(std::string_view s, Item* item) {
  const std::size_t colon = s.rfind(':');
  const std::size_t p = SkipSpace(s, colon == kNone ? 0 : colon + 1);
  if (p >= s.size() || (!IsDigit(s[p]) && !IsAlpha(s[p]))) return false;
  const std::optional<Number> n = NumberAt(s, p);
  if (!n || n->value == 0) return false;
  const std::size_t word = SkipSpace(s, n->end);
  if (word == n->end || word >= s.size() || !IsAlpha(s[word])) return false;
  Set(item, n->value, {});
  return true;
}

}  // namespace

void ParseQuantity(std::string_view service, Item* item) {
  if (const Name* region = FirstIn(service, kRegions)) item->body_region = region->canonical;
  DispensedCount(service, item) || CountWithUnit(service, kCountUnits, item) || Frequency(service, item) ||
      CountWithUnit(service, kDurationUnits, item) || RepeatCount(service, item) || LeadingCount(service, item);
}

}  // namespace imr::extract
