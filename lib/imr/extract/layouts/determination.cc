// The IMR Final Determination letters of 2014-2017: an optional header table,
// HOW THE IMR FINAL DETERMINATION WAS MADE, the reviewer's credentials,
// CLINICAL CASE SUMMARY, and IMR ISSUES, DECISIONS AND RATIONALES. The 2014-15
// and 2016-17 templates share that skeleton and one extractor; they differ in
// how guideline blocks cite (Page(s) vs "<part> <year>, Section(s)"), which
// is how they are told apart.
#include <algorithm>
#include <array>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/layout.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::string_view kHow = "HOW THE IMR FINAL DETERMINATION WAS MADE";
constexpr std::string_view kSummary = "CLINICAL CASE SUMMARY";
constexpr std::string_view kIssues = "IMR ISSUES, DECISIONS AND RATIONALES";

constexpr std::array<std::string_view, 1> kOpenings = {"Case Number:"};
constexpr std::array<std::string_view, 1> kFollowOns = {kHow};
constexpr std::array<std::string_view, 3> kBodyHeadings = {kSummary, kIssues, "Decision rationale:"};

// A letter cut short after its header table is still one of ours: its
// header is read, and its missing sections are flagged. The opening line is
// tested first: most letters have it, and then the headings need no search.
bool IsDetermination(std::string_view text) {
  static constexpr std::array<std::string_view, 2> kHeadings = {kHow, kIssues};
  return TrimLeftSpace(text).starts_with(kOpenings[0]) || FindAny(text, kHeadings) != std::string_view::npos;
}

constexpr std::string_view kBasedOn = "based on MTUS ";

bool IsPartNameByte(char c) { return IsAlpha(c) || IsSpace(c) || c == ',' || c == '&' || c == '-'; }

// The first position in [p, stop) whose byte cannot be in a part's name, or
// stop (or p, when past it). The walk to the year is the costly part of
// recognising a 2014-15 letter: it holds "based on MTUS " in every guideline
// block, the part names run 40 bytes and more to the "Page(s)" that ends
// them, so the bytes are classed 16 at a time.
std::size_t SkipPartName(std::string_view text, std::size_t p, std::size_t stop) {
#if defined(__SSE2__)
  const auto within = [](__m128i bytes, char lo, char hi) {  // lo <= byte <= hi, for each byte
    const __m128i d = _mm_sub_epi8(bytes, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(hi - lo))), d);
  };
  for (; p + 16 <= stop; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + p));
    const __m128i letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');  // |0x20 lower-cases A-Z only
    const __m128i space = _mm_or_si128(within(v, '\t', '\r'), _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    const __m128i punct = _mm_or_si128(within(v, ',', '-'), _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
    const unsigned stray =
        ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, _mm_or_si128(space, punct)))) & 0xFFFFu;
    if (stray != 0) return p + static_cast<std::size_t>(__builtin_ctz(stray));
  }
#endif
  while (p < stop && IsPartNameByte(text[p])) ++p;
  return p;
}

// Whether the kBasedOn at text[at] cites "MTUS <part> <year>", as 2016-17
// guideline blocks do, the part in plain words ("Low Back Complaints 2004");
// 2014-15 ones cite pages and may mention years only inside other clauses
// ("(Effective July 18, 2009)").
bool CitesPartYearAt(std::string_view text, std::size_t at) {
  const std::size_t stop = std::min(text.size() < 4 ? 0 : text.size() - 3, at + 160);
  const std::size_t p = SkipPartName(text, at + kBasedOn.size(), stop);
  if (p >= stop || !IsDigit(text[p])) return false;
  return (text.substr(p, 2) == "19" || text.substr(p, 2) == "20") && IsDigit(text[p + 2]) && IsDigit(text[p + 3]) &&
         AtWordStart(text, p) && AtWordEnd(text, p + 4);
}

// The 2016-17 template's own wordings; the 2014-15 one says "did not base
// their decision on the MTUS" and cites "Page(s):". Both prose wordings hold
// "MTUS", and each MTUS is checked for the words around it, rather than
// searching for wordings that start with common letters ("re", "ba"). The
// walk is over the letter's capital Us, the rarest of MTUS's capitals in
// prose (3.5 per KB), found with memchr: one pass, where a search for "MTUS"
// restarted at each of its many hits.
bool Uses2016Wording(const IndexedPart& letter) {
  if (FindPhraseEndingAtColon(letter, "Section(s):", Case::kSensitive) != std::string_view::npos) return true;
  static constexpr std::string_view kMtus = "MTUS";
  static constexpr std::size_t kU = kMtus.find('U');
  static constexpr std::string_view kOutside = "recommendation(s) outside of the ";
  static constexpr std::string_view kBasedOnWords = kBasedOn.substr(0, kBasedOn.size() - kMtus.size() - 1);
  const std::string_view text = letter.text;
  // Both wordings end in a space, each in its own letter before it: an MTUS
  // is tested by single bytes before either is compared.
  static_assert(kMtus.size() == 4 && kOutside.ends_with(' ') && kBasedOnWords.ends_with(' '));
  static constexpr char kOutsideLast = kOutside[kOutside.size() - 2];
  static constexpr char kBasedOnLast = kBasedOnWords[kBasedOnWords.size() - 2];
  for (std::size_t u = text.find('U', kU); u != std::string_view::npos; u = text.find('U', u + 1)) {
    const std::size_t at = u - kU;
    if (at < 2 || at + kMtus.size() > text.size() || text[at] != kMtus[0] || text[at + 1] != kMtus[1] ||
        text[at + 3] != kMtus[3] || text[at - 1] != ' ') {
      continue;
    }
    const std::string_view before = text.substr(0, at);
    const char last = text[at - 2];
    if (last == kOutsideLast && before.ends_with(kOutside)) return true;
    if (last == kBasedOnLast && before.ends_with(kBasedOnWords) &&
        text.substr(at).starts_with(kBasedOn.substr(kBasedOnWords.size())) &&
        CitesPartYearAt(text, at - kBasedOnWords.size())) {
      return true;
    }
  }
  return false;
}

bool Uses2014Wording(const IndexedPart& letter) {
  return FindPhraseEndingAtColon(letter, "Page(s):", Case::kSensitive) != std::string_view::npos ||
         Find(letter.text, "did not base their decision on the MTUS") != std::string_view::npos;
}

int Score2014(const IndexedPart& text) { return IsDetermination(text.text) ? 1 : 0; }
int Score2016(const IndexedPart& text) { return IsDetermination(text.text) && Uses2016Wording(text) ? 2 : 0; }

void ExtractDetermination(const IndexedPart& letter_text, Letter* letter) {
  const Sections sections = FindSections(letter_text.text);
  ExtractHeader(sections.header, letter);
  // A letter whose guideline blocks cite nothing shows neither template's
  // wording; the template changed in 2016, so the decision date tells. The
  // cheap tests come first, as the wording test reads the whole letter: a
  // letter already taken as 2016-17 needs no change, and RecogniseLayout
  // only takes one as 2014-15 when it lacks the 2016 wording, so that is
  // not searched for again.
  if (letter->layout != &kDetermination2016 && letter->decision_date.year >= 2016 && !Uses2014Wording(letter_text)) {
    letter->layout = &kDetermination2016;
  }
  ExtractReviewer(letter_text.Of(sections.credentials), letter);
  letter->summary = sections.summary;
  ExtractPatient(sections.summary, letter);
  if (!sections.has_issues_heading) letter->Warn(WarningCode::kNoIssuesSection);
  ExtractItems(letter_text.Of(sections.issues), letter);
}

}  // namespace

Sections FindSections(std::string_view text) {
  Sections s;
  // The three headings from one walk over the capital Ls before the last of
  // them: the rarest capital all three hold (FINAL, CLINICAL, RATIONALES).
  static constexpr AnchoredNeedles<3> kHeadings('L', {kHow, kSummary, kIssues});
  const std::array<std::size_t, 3> at = FindFirstOfEach(text, kHeadings);
  const auto [how, summary, issues] = at;
  const std::size_t header_end = how != std::string_view::npos ? how : std::min(summary, issues);
  s.header = text.substr(0, std::min(header_end, text.size()));
  const std::size_t cred_begin = how != std::string_view::npos ? how + kHow.size() : s.header.size();
  const std::size_t cred_end = std::min({summary, issues, text.size()});
  if (cred_end > cred_begin) s.credentials = text.substr(cred_begin, cred_end - cred_begin);
  const std::size_t summary_begin = summary != std::string_view::npos ? summary + kSummary.size() : cred_end;
  const std::size_t summary_end = std::min(issues, text.size());
  if (summary_end > summary_begin) s.summary = text.substr(summary_begin, summary_end - summary_begin);
  s.has_issues_heading = issues != std::string_view::npos;
  // Without the heading, items are still searched for after the summary's start.
  const std::size_t issues_begin =
      s.has_issues_heading ? issues + kIssues.size() : std::min(summary_begin, text.size());
  s.issues = text.substr(issues_begin);
  return s;
}

const LayoutSpec kDetermination2014{
    "imr_2014",          "IMR final determination, 2014-15 template (Page(s) citations)",
    kOpenings,           kFollowOns,
    kBodyHeadings,       Score2014,
    ExtractDetermination};
const LayoutSpec kDetermination2016{
    "imr_2016",          "IMR final determination, 2016-17 template (Section(s) citations)",
    kOpenings,           kFollowOns,
    kBodyHeadings,       Score2016,
    ExtractDetermination};

}  // namespace imr::extract
