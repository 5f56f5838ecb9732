// The reviewer's credentials, in the two wordings the letters use:
//   labelled:  "State(s) of Licensure: Texas,New York,California"
//              "Certification(s)/Specialty: Preventive Medicine, Public Health &"
//              "General Preventive Medicine"         <- a wrapped value
//   prose:     "The expert reviewer is Board Certified in X, has a subspecialty
//              in Y and is licensed to practice in Z."
// Values stay views into the letter; a wrapped value is one view across the
// line break, which the writer's whitespace normalisation joins.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// The label's tail only: the heads vary ("State(s) of", "Certification(s)/").
constexpr std::string_view kLicensureLabel = "Licensure:";
constexpr std::string_view kSpecialtyLabel = "Specialty:";
// Specialty lists seen wrap onto one more line; allowing two leaves room
// without letting a stray paragraph run into the value.
constexpr int kMaxWrapLines = 2;
// How far a prose clause may run before it is not a credential any more.
constexpr std::size_t kMaxClause = 300;

constexpr std::array<std::string_view, 52> kStates = {
    "Alabama",        "Alaska",        "Arizona",
    "Arkansas",       "California",    "Colorado",
    "Connecticut",    "Delaware",      "Florida",
    "Georgia",        "Hawaii",        "Idaho",
    "Illinois",       "Indiana",       "Iowa",
    "Kansas",         "Kentucky",      "Louisiana",
    "Maine",          "Maryland",      "Massachusetts",
    "Michigan",       "Minnesota",     "Mississippi",
    "Missouri",       "Montana",       "Nebraska",
    "Nevada",         "New Hampshire", "New Jersey",
    "New Mexico",     "New York",      "North Carolina",
    "North Dakota",   "Ohio",          "Oklahoma",
    "Oregon",         "Pennsylvania",  "Rhode Island",
    "South Carolina", "South Dakota",  "Tennessee",
    "Texas",          "Utah",          "Vermont",
    "Virginia",       "Washington",    "West Virginia",
    "Wisconsin",      "Wyoming",       "District of Columbia",
    "Puerto Rico",
};

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsSpace(c); });
}

// A heading ("CLINICAL CASE SUMMARY") has letters and none in lower case;
// it ends the credentials even where the section boundary was not found.
bool IsHeading(std::string_view line) {
  bool letters = false;
  for (const char c : line) {
    if (IsLower(c)) return false;
    letters = letters || IsUpper(c);
  }
  return letters;
}

// Appends the trimmed, non-empty pieces of `value` split on commas and, when
// `split_and`, on the word "and" too (prose joins the last state with it;
// specialty names such as "Physical Medicine and Rehabilitation" contain it).
void AppendList(std::string_view value, bool split_and, std::vector<std::string_view>* out) {
  std::size_t begin = 0;
  for (std::size_t p = 0; p <= value.size(); ++p) {
    std::size_t sep_len = 0;
    if (!split_and) {
      p = std::min(value.find(',', p), value.size());  // the labelled values: commas only
      sep_len = 1;
    } else if (p == value.size() || value[p] == ',') {
      sep_len = 1;
    } else if (IsSpace(value[p])) {
      sep_len = MatchPhraseAt(value, p, " and ");
    }
    if (sep_len == 0) continue;
    const std::string_view piece = TrimSpace(value.substr(begin, p - begin));
    if (!piece.empty()) out->push_back(piece);
    begin = p + sep_len;
    p = begin - 1;
  }
}

bool IsState(std::string_view name) {
  for (std::string_view state : kStates) {
    if (MatchPhraseAt(name, 0, state) == name.size()) return true;
  }
  return false;
}

// True when every comma-separated piece of `line` names a US state; this is
// how a value line is told to belong to the licensure label when labels and
// values come in separate blocks.
bool IsStateList(std::string_view line) {
  bool any = false;
  for (std::size_t begin = 0; begin <= line.size();) {
    const std::size_t comma = std::min(line.find(',', begin), line.size());
    const std::string_view piece = TrimSpace(line.substr(begin, comma - begin));
    if (!piece.empty()) {
      if (!IsState(piece)) return false;
      any = true;
    }
    begin = comma + 1;
  }
  return any;
}

// One labelled field: where its label ends and, once found, its value.
struct Field {
  std::size_t label_pos = kNpos;
  std::size_t label_end = kNpos;
  std::size_t value_begin = kNpos;
  std::size_t value_end = kNpos;
  bool found() const { return label_pos != kNpos; }
  bool has_value() const { return value_begin != kNpos; }
  void Extend(std::size_t begin, std::size_t end) {
    if (!has_value()) value_begin = begin;
    value_end = end;
  }
};

// The first of each label, in one pass over the index's colons (the
// template always capitalises its labels, and each ends in a colon).
void FindLabels(const IndexedPart& part, Field* licensure, Field* specialty) {
  static constexpr std::array<std::string_view, 2> kLabels = {kLicensureLabel, kSpecialtyLabel};
  Field* const fields[] = {licensure, specialty};
  for (const std::uint32_t colon : part.colons) {
    const std::size_t end = colon - part.base + 1;
    // The labels hold no spaces: a match is the label's bytes as they stand.
    std::size_t which = 0;
    while (which < kLabels.size() &&
           !(end >= kLabels[which].size() &&
             part.text.substr(end - kLabels[which].size(), kLabels[which].size()) == kLabels[which])) {
      ++which;
    }
    if (which == kLabels.size() || fields[which]->found()) continue;
    fields[which]->label_pos = end - kLabels[which].size();
    fields[which]->label_end = end;
    if (licensure->found() && specialty->found()) return;
  }
}

// Where a value that ends its line at `line_end` really ends: its wrapped
// continuation is the next non-blank lines, up to a label line, the end of
// the section, or more blank lines than `max_gap`. `max_gap` is the letter's
// line spacing: in a double-spaced extraction (every line followed by a blank
// one) the wrap has a blank line inside it too.
std::size_t WrapEnd(std::string_view text, std::size_t line_end, int max_gap) {
  std::size_t end = line_end;
  int blanks = 0, wraps = 0;
  for (std::size_t stop = line_end; stop < text.size() && wraps < kMaxWrapLines;) {
    const std::size_t begin = stop + 1;
    stop = LineEnd(text, begin);
    const std::string_view line = text.substr(begin, stop - begin);
    if (IsBlank(line)) {
      if (++blanks > max_gap) break;
      continue;
    }
    // A colon marks another label ("Certification(s)/Specialty:"); values hold none.
    if (line.find(':') != kNpos || IsHeading(line)) break;
    end = stop;
    blanks = 0;
    ++wraps;
  }
  return end;
}

// Number of blank lines between the lines holding `a` and `b` (a < b).
int BlankLinesBetween(std::string_view text, std::size_t a, std::size_t b) {
  int blanks = 0;
  for (std::size_t stop = LineEnd(text, a); stop < b;) {
    const std::size_t begin = stop + 1;
    stop = LineEnd(text, begin);
    if (begin < b && IsBlank(text.substr(begin, stop - begin))) ++blanks;
  }
  return blanks;
}

// Values laid out after their labels, as plain pdftotext emits a table:
// "State(s) of Licensure:\nCertification(s)/Specialty:\n\nTexas\nFamily
// Practice". A line of state names answers the licensure label, any other
// line the specialty label; adjacent lines of one kind are one wrapped value.
void ReadValueBlock(std::string_view text, std::size_t after, Field* licensure, Field* specialty) {
  const auto done = [&] {
    return (!licensure->found() || licensure->has_value()) && (!specialty->found() || specialty->has_value());
  };
  Field* last = nullptr;
  int lines = 0;
  for (std::size_t begin = after; begin < text.size() && lines < 2 + kMaxWrapLines; begin = LineEnd(text, begin) + 1) {
    const std::string_view line = text.substr(begin, LineEnd(text, begin) - begin);
    if (IsBlank(line)) {
      if (done()) return;
      last = nullptr;  // a blank line ends a wrapped value
      continue;
    }
    if (line.find(':') != kNpos || IsHeading(line)) return;
    const bool states = licensure->found() && IsStateList(line);
    Field* f = states && (!licensure->has_value() || last == licensure) ? licensure : specialty;
    if (!f->found() || (f->has_value() && last != f)) return;
    f->Extend(begin, begin + line.size());
    last = f;
    ++lines;
  }
}

// The labelled form. False when neither label is present.
bool ReadLabelled(const IndexedPart& part, Letter* letter) {
  const std::string_view text = part.text;
  Field licensure, specialty;
  FindLabels(part, &licensure, &specialty);
  if (!licensure.found() && !specialty.found()) return false;
  const int gap = licensure.found() && specialty.found()
                      ? BlankLinesBetween(text, std::min(licensure.label_pos, specialty.label_pos),
                                          std::max(licensure.label_pos, specialty.label_pos))
                      : 0;
  std::size_t labels_end = 0;  // past the last label line and its wrapped value
  for (Field* f : {&licensure, &specialty}) {
    if (!f->found()) continue;
    const std::size_t stop = LineEnd(text, f->label_end);
    if (!IsBlank(text.substr(f->label_end, stop - f->label_end))) f->Extend(f->label_end, WrapEnd(text, stop, gap));
    labels_end = std::max(labels_end, f->has_value() ? f->value_end : stop);
  }
  if ((licensure.found() && !licensure.has_value()) || (specialty.found() && !specialty.has_value())) {
    ReadValueBlock(text, labels_end + 1, &licensure, &specialty);
  }
  if (licensure.has_value()) {
    AppendList(text.substr(licensure.value_begin, licensure.value_end - licensure.value_begin), false,
               &letter->licensure);
  }
  if (specialty.has_value()) {
    AppendList(text.substr(specialty.value_begin, specialty.value_end - specialty.value_begin), false,
               &letter->specialties);
  }
  return true;
}

// End of a prose clause starting at `from`: a full stop or semicolon, or the
// next clause of the credentials sentence ("..., has a subspecialty in",
// "... and is licensed"). Trailing commas and spaces are left out.
constexpr std::array<std::string_view, 5> kNextClause = {"and is", "and has", "has", "is", "who"};
// The bytes at which a clause may end: the stops, and the first letters of
// the next clauses. The rest of the clause is passed over at a table look-up
// a byte.
constexpr std::array<bool, 256> kMayEndClause = [] {
  std::array<bool, 256> t{};
  t[';'] = t['.'] = true;
  for (std::string_view next : kNextClause) t[static_cast<unsigned char>(next[0])] = true;
  return t;
}();

std::string_view ProseClause(std::string_view text, std::size_t from) {
  const std::size_t limit = std::min(text.size(), from + kMaxClause);
  std::size_t end = limit;
  for (std::size_t p = from; p < limit && end == limit; ++p) {
    const char c = text[p];
    if (!kMayEndClause[static_cast<unsigned char>(c)]) continue;
    if (c == ';' || (c == '.' && (p + 1 == text.size() || IsSpace(text[p + 1])))) {
      end = p;
    } else if (IsAlpha(c) && AtWordStart(text, p)) {
      for (std::string_view next : kNextClause) {
        if (next[0] != c) continue;
        const std::size_t n = MatchPhraseAt(text, p, next, Case::kSensitive);
        if (n != 0 && AtWordEnd(text, p + n)) {
          end = p;
          break;
        }
      }
    }
  }
  std::string_view clause = TrimSpace(text.substr(from, end - from));
  while (!clause.empty() && clause.back() == ',') clause = TrimRightSpace(clause.substr(0, clause.size() - 1));
  return clause;
}

// The phrases that lead the prose credentials' lists: "Certified in" also
// covers "board-certified in"; "specialty in" covers "subspecialty in" and
// "sub-specialty in"; "licensed in" counts only where "licensed to practice
// in" is absent.
enum ProsePhrase { kCertifiedIn, kSpecialtyIn, kLicensedToPracticeIn, kLicensedIn, kProsePhrases };
constexpr std::array<std::string_view, kProsePhrases> kProse = {"Certified in", "specialty in",
                                                                "licensed to practice in", "licensed in"};

struct Match {
  std::size_t at = kNpos, length = 0;
};

// The first match of each prose phrase, as FindPhrase finds it
// (case-insensitive), in one pass over the text that ends once each is
// found or not needed ("licensed in" is not, once "licensed to practice in"
// is found). Candidates are where a phrase's first word has its first and
// last letter in either case (bytes compared with the case bit set); each
// is matched in full there.
std::array<Match, kProsePhrases> FindProsePhrases(std::string_view text) {
  std::array<Match, kProsePhrases> found;
  std::array<bool, kProsePhrases> done{};
  std::size_t missing = kProsePhrases;
  const auto finish = [&](std::size_t i) {
    done[i] = true;
    --missing;
  };
  const auto try_at = [&](std::size_t at) {
    for (std::size_t i = 0; i < kProse.size(); ++i) {
      if (done[i] || ToLowerAscii(text[at]) != ToLowerAscii(kProse[i][0])) continue;
      if (const std::size_t n = MatchPhraseAt(text, at, kProse[i])) {
        found[i] = {at, n};
        finish(i);
        if (i == kLicensedToPracticeIn && !done[kLicensedIn]) finish(kLicensedIn);
      }
    }
  };
  std::size_t at = 0;
#if defined(__SSE2__)
  std::array<std::size_t, kProsePhrases> last{};  // offset of each first word's last byte
  std::size_t farthest = 0;                       // the block loads reach this far past `at`
  for (std::size_t i = 0; i < kProse.size(); ++i) {
    last[i] = kProse[i].find(' ') - 1;
    farthest = std::max(farthest, last[i]);
  }
  const __m128i case_bit = _mm_set1_epi8(0x20);
  const auto folded = [&](std::size_t from) {
    return _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from)), case_bit);
  };
  for (; missing != 0 && at + farthest + 16 <= text.size(); at += 16) {
    const __m128i a = folded(at);
    __m128i any = _mm_setzero_si128();
    for (std::size_t i = 0; i < kProse.size(); ++i) {
      const __m128i first = _mm_set1_epi8(static_cast<char>(kProse[i][0] | 0x20));
      const __m128i end = _mm_set1_epi8(static_cast<char>(kProse[i][last[i]] | 0x20));
      any = _mm_or_si128(any, _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(folded(at + last[i]), end)));
    }
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(any)); mask != 0; mask &= mask - 1) {
      try_at(at + static_cast<std::size_t>(__builtin_ctz(mask)));
    }
  }
#endif
  for (; missing != 0 && at < text.size(); ++at) try_at(at);
  return found;
}

// Appends the list after `match`, split as AppendList.
void ReadProseList(std::string_view text, const Match& match, bool split_and, std::vector<std::string_view>* out) {
  if (match.at == kNpos) return;
  std::string_view clause = ProseClause(text, match.at + match.length);
  // "licensed to practice in the State of California".
  static constexpr std::array<std::string_view, 2> kLeads = {"the State of ", "the States of "};
  for (std::string_view lead : kLeads) {
    if (const std::size_t m = MatchPhraseAt(clause, 0, lead)) clause.remove_prefix(m);
  }
  AppendList(clause, split_and, out);
}

// The prose form: "is Board Certified in X, has a subspecialty in Y and is
// licensed to practice in Z" (each clause optional).
void ReadProse(std::string_view text, Letter* letter) {
  const std::array<Match, kProsePhrases> found = FindProsePhrases(text);
  ReadProseList(text, found[kCertifiedIn], false, &letter->specialties);
  ReadProseList(text, found[kSpecialtyIn], false, &letter->specialties);
  ReadProseList(text, found[kLicensedToPracticeIn].at != kNpos ? found[kLicensedToPracticeIn] : found[kLicensedIn],
                true, &letter->licensure);
}

}  // namespace

void ExtractReviewer(const IndexedPart& credentials, Letter* letter) {
  if (!ReadLabelled(credentials, letter)) ReadProse(credentials.text, letter);
  if (letter->licensure.empty() && letter->specialties.empty()) letter->Warn(WarningCode::kMissingReviewer);
}

}  // namespace imr::extract
