// The citations of a guideline block ("Claims Administrator guideline:" or
// "MAXIMUS guideline:"). A block is a run of statements:
//
//   Decision based on MTUS <part> [<year>][, Section(s): <section>] [<topic>] [Page(s): <pages>]
//       [, and <part> ...]                                 (parts of the MTUS)
//   Decision based on Non-MTUS Citation <free text>        (ODG, ACOEM, anything else)
//
// plus sentences that set the flags ("did not cite any medical evidence",
// "outside of the MTUS", "No guidelines found"). MTUS part names contain
// commas ("Forearm, Wrist, and Hand Complaints"), so parts are recognised by
// name from the table below, never by splitting at commas; each is reported
// under its canonical (2016) name, whatever edition's name the letter used.
// Everything else in a citation is a view into the block.
#include <array>
#include <span>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "imr/base/text.h"
#include "imr/extract/fields.h"
#include "imr/extract/scan.h"

namespace imr::extract {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

// MTUS parts under every name the letters use, longest first where one name
// begins another. The 2014-15 letters name the 2009 guidelines
// ("Chronic Pain Treatment Guidelines"); the 2016-17 ones the 2016 parts.
constexpr std::array<Name, 21> kMtusPartNames = {{
    {"Chronic Pain Medical Treatment Guidelines", "Chronic Pain Medical Treatment"},
    {"Chronic Pain Medical Treatment", "Chronic Pain Medical Treatment"},
    {"Chronic Pain Treatment Guidelines", "Chronic Pain Medical Treatment"},
    {"Low Back Complaints", "Low Back Complaints"},
    {"Neck and Upper Back Complaints", "Neck and Upper Back Complaints"},
    {"Shoulder Complaints", "Shoulder Complaints"},
    {"Knee Complaints", "Knee Complaints"},
    {"Elbow Complaints", "Elbow Complaints"},
    {"Elbow Disorders", "Elbow Complaints"},
    {"Forearm, Wrist, and Hand Complaints", "Forearm, Wrist, and Hand Complaints"},
    {"Forearm, Wrist and Hand Complaints", "Forearm, Wrist, and Hand Complaints"},
    {"Ankle and Foot Complaints", "Ankle and Foot Complaints"},
    {"Stress Related Conditions", "Stress Related Conditions"},
    {"General Approaches", "General Approaches"},
    {"Opioid Treatment", "Opioid Treatment"},
    {"Opioids", "Opioid Treatment"},
    {"Acupuncture Medical Treatment Guidelines", "Acupuncture Treatment"},
    {"Acupuncture Treatment", "Acupuncture Treatment"},
    {"Postsurgical Treatment Guidelines", "Postsurgical Treatment"},
    {"Postsurgical Treatment", "Postsurgical Treatment"},
    {"Special Topics", "Special Topics"},
}};

// The ACOEM Practice Guidelines (2nd ed.) chapters the MTUS adopted: 1-7 are
// its General Approaches, 8-15 one part each. A 2014-15 letter may cite
// "MTUS ACOEM Chapter 12 Low Back Complaints".
constexpr std::array<std::string_view, 8> kChapterParts = {
    "Neck and Upper Back Complaints", "Shoulder Complaints",      "Elbow Complaints",
    "Forearm, Wrist, and Hand Complaints", "Low Back Complaints", "Knee Complaints",
    "Ankle and Foot Complaints",      "Stress Related Conditions"};
constexpr std::array<std::string_view, 7> kGeneralChapters = {
    "Prevention",
    "General Approach to Initial Assessment and Documentation",
    "Initial Approaches to Treatment",
    "Work-Relatedness",
    "Cornerstones of Disability Prevention and Management",
    "Pain, Suffering, and the Restoration of Function",
    "Independent Medical Examinations and Consultations"};

// ODG chapters, reported under the names of the ODG table of contents.
// Letters add "(Acute & Chronic)", "(updated 11/22/16)" or "Chapter", which
// are skipped after the name.
constexpr std::array<Name, 30> kOdgChapterNames = {{
    {"Low Back - Lumbar & Thoracic", "Low Back"},
    {"Low Back, Lumbar & Thoracic", "Low Back"},
    {"Low Back, Lumbar and Thoracic", "Low Back"},
    {"Low Back Lumbar and Thoracic", "Low Back"},
    {"Low Back", "Low Back"},
    {"Lumbar & Thoracic", "Low Back"},
    {"Lumbar and Thoracic", "Low Back"},
    {"Neck and Upper Back", "Neck and Upper Back"},
    {"Neck & Upper Back", "Neck and Upper Back"},
    {"Knee and Leg", "Knee and Leg"},
    {"Knee & Leg", "Knee and Leg"},
    {"Knee", "Knee and Leg"},
    {"Shoulder", "Shoulder"},
    {"Pain (Chronic)", "Pain (Chronic)"},
    {"Pain", "Pain (Chronic)"},
    {"Mental Illness and Stress", "Mental Illness and Stress"},
    {"Mental Illness & Stress", "Mental Illness and Stress"},
    {"Forearm, Wrist, and Hand", "Forearm, Wrist, and Hand"},
    {"Forearm, Wrist and Hand", "Forearm, Wrist, and Hand"},
    {"Forearm, Wrist, & Hand", "Forearm, Wrist, and Hand"},
    {"Ankle and Foot", "Ankle and Foot"},
    {"Ankle & Foot", "Ankle and Foot"},
    {"Hips and Pelvis", "Hip and Pelvis"},
    {"Hip and Pelvis", "Hip and Pelvis"},
    {"Hip & Pelvis", "Hip and Pelvis"},
    {"Elbow", "Elbow"},
    {"Head", "Head"},
    {"Carpal Tunnel Syndrome", "Carpal Tunnel Syndrome"},
    {"Hernia", "Hernia"},
    {"Eye", "Eye"},
}};

// Indexed by first letter (see NameTable).
constexpr NameTable kMtusParts(kMtusPartNames);
constexpr NameTable kOdgChapters(kOdgChapterNames);

// s[b, e) without surrounding blanks, a final period and trailing connectives
// ("..., and", "... and the") that belong to the next citation.
std::string_view Trimmed(std::string_view s, std::size_t b, std::size_t e) {
  std::string_view t = TrimSpace(s.substr(b, e - b));
  for (bool changed = true; changed && !t.empty();) {
    changed = false;
    for (std::string_view tail : {".", ",", ";", " and the", " and"}) {
      if (t.size() >= tail.size() && StartsWithNoCase(t.substr(t.size() - tail.size()), tail)) {
        t = TrimRightSpace(t.substr(0, t.size() - tail.size()));
        changed = true;
      }
    }
    if (t.size() == 3 && StartsWithNoCase(t, "and")) t = {};
  }
  return t;
}

// A 4-digit edition year at s[pos] (1990-2039), as a whole word.
int YearAt(std::string_view s, std::size_t pos) {
  if (pos + 4 > s.size() || !AtWordEnd(s, pos + 4)) return 0;
  int year = 0;
  for (std::size_t k = pos; k < pos + 4; ++k) {
    if (!IsDigit(s[k])) return 0;
    year = year * 10 + (s[k] - '0');
  }
  return year >= 1990 && year < 2040 ? year : 0;
}

// "Chapter 12 " (optionally after "ACOEM "): the chapter number, or 0.
int ChapterAt(std::string_view s, std::size_t pos, std::size_t* end) {
  if (std::size_t n = MatchPhraseAt(s, pos, "ACOEM "); n != 0) pos = SkipSpace(s, pos + n);
  const std::size_t n = MatchPhraseAt(s, pos, "Chapter ");
  if (n == 0) return 0;
  pos = SkipSpace(s, pos + n);
  int chapter = 0;
  while (pos < s.size() && IsDigit(s[pos]) && chapter < 100) chapter = chapter * 10 + (s[pos++] - '0');
  if (chapter == 0 || !AtWordEnd(s, pos)) return 0;
  *end = SkipSpace(s, pos);
  return chapter;
}

// Where the MTUS part at s[pos] is named: a table name or an ACOEM chapter.
struct PartMatch {
  std::string_view canonical;
  std::size_t end = 0;           // after the name
  std::string_view chapter_name; // a general-approaches chapter's name
};

bool MatchMtusPart(std::string_view s, std::size_t pos, PartMatch* m) {
  std::size_t n = 0;
  if (const Name* name = kMtusParts.MatchAt(s, pos, &n)) {
    *m = {name->canonical, pos + n, {}};
    return true;
  }
  std::size_t after = 0;
  const int chapter = ChapterAt(s, pos, &after);
  if (chapter == 0) return false;
  if (chapter >= 1 && chapter <= 7) {
    // The chapter's own name becomes its section; when it is not the one we
    // know, it runs to the next comma or Page(s).
    const std::string_view known = kGeneralChapters[chapter - 1];
    std::size_t len = MatchPhraseAt(s, after, known);
    if (len == 0) {
      len = 0;
      while (after + len < s.size() && s[after + len] != ',' && MatchPhraseAt(s, after + len, "Page(s):") == 0) ++len;
    }
    *m = {"General Approaches", after + len, Trimmed(s, after, after + len)};
    return true;
  }
  if (chapter >= 8 && chapter < 8 + static_cast<int>(kChapterParts.size())) {
    const std::string_view part = kChapterParts[chapter - 8];
    PartMatch named;
    std::size_t end = after;
    if (MatchMtusPart(s, after, &named)) end = named.end;  // the chapter's name, when written
    *m = {part, end, {}};
    return true;
  }
  return false;
}

// The start of the next part in an MTUS statement: a comma (", and", ",")
// followed by a part name. Returns `end` when none follows.
std::size_t NextPartBoundary(std::string_view s, std::size_t pos, std::size_t end, std::size_t* next_part) {
  for (std::size_t p = pos; p < end; ++p) {
    if (s[p] != ',') continue;
    std::size_t q = SkipSpace(s, p + 1);
    if (std::size_t n = MatchPhraseAt(s, q, "and "); n != 0) q = SkipSpace(s, q + n);
    PartMatch m;
    if (q < end && MatchMtusPart(s, q, &m)) {
      *next_part = q;
      return p;
    }
  }
  *next_part = end;
  return end;
}

// "43, 49, 83-84 of 127, 92" -> {"43", "49", "83-84", "92"}; stops at the
// first thing that is not a page.
void ParsePages(std::string_view s, std::size_t pos, std::size_t end, std::vector<std::string_view>* pages) {
  while (true) {
    pos = SkipSpace(s, pos);
    const std::size_t b = pos;
    while (pos < end) {
      if (IsDigit(s[pos])) {
        ++pos;
      } else if (const std::size_t next = SkipSpace(s, pos + 1);
                 s[pos] == '-' && pos > b && next < end && IsDigit(s[next])) {
        pos = next;  // "46-47", or "8-" at a line end and "10" on the next
      } else {
        break;
      }
    }
    if (pos == b) return;
    pages->push_back(s.substr(b, pos - b));
    pos = SkipSpace(s, pos);
    if (std::size_t n = MatchPhraseAt(s, pos, "of "); n != 0) {  // "46-47 of 127"
      pos = SkipSpace(s, pos + n);
      while (pos < end && IsDigit(s[pos])) ++pos;
      pos = SkipSpace(s, pos);
    }
    if (pos >= end || s[pos] != ',') return;
    ++pos;
  }
}

// The citation to add to: the last one when it is the same MTUS part cited
// again, else a new one.
Citation& CitationFor(std::string_view canonical, Guideline* g) {
  if (!g->citations.empty() && g->citations.back().source == CitationSource::kMtus &&
      g->citations.back().part == canonical) {
    return g->citations.back();
  }
  Citation& c = g->citations.emplace_back();
  c.source = CitationSource::kMtus;
  c.part = canonical;
  return c;
}

// One "Decision based on MTUS ..." statement, s[pos, end).
void ParseMtusStatement(std::string_view s, std::size_t pos, std::size_t end, Guideline* g) {
  pos = SkipSpace(s, pos);
  while (pos < end) {
    PartMatch m;
    std::size_t next = end;
    if (!MatchMtusPart(s, pos, &m)) {
      // A part we do not know: keep its words as written, up to the next
      // known part.
      const std::size_t stop = NextPartBoundary(s, pos, end, &next);
      const std::size_t page = FindPhrase(s.substr(0, stop), "Page(s):", pos);
      Citation& c = g->citations.emplace_back();
      c.source = CitationSource::kMtus;
      c.part = Trimmed(s, pos, page == kNone ? stop : page);
      if (c.part.size() > 5 && c.part[c.part.size() - 5] == ' ') {  // "<part> 2011"
        const std::size_t year_at = static_cast<std::size_t>(c.part.data() - s.data()) + c.part.size() - 4;
        if ((c.year = YearAt(s, year_at)) != 0) c.part = TrimRightSpace(c.part.substr(0, c.part.size() - 4));
      }
      if (page != kNone) ParsePages(s, page + 8, stop, &c.pages);
      pos = next;
      continue;
    }
    Citation& c = CitationFor(m.canonical, g);
    if (!m.chapter_name.empty()) c.sections.push_back(m.chapter_name);
    std::size_t p = SkipSpace(s, m.end);
    if (const int year = YearAt(s, p); year != 0) {
      c.year = year;
      p += 4;
    }
    const std::size_t stop = NextPartBoundary(s, p, end, &next);
    const std::size_t page = FindPhrase(s.substr(0, stop), "Page(s):", p);
    const std::size_t text_end = page == kNone ? stop : page;
    // 2016: ", Section(s): X"; 2014: the topic between the name and Page(s).
    std::size_t q = SkipSpace(s, p);
    if (q < text_end && s[q] == ',') q = SkipSpace(s, q + 1);
    if (std::size_t n = MatchPhraseAt(s, q, "Section(s):"); n != 0) q += n;
    if (std::string_view section = Trimmed(s, q, text_end); !section.empty()) c.sections.push_back(section);
    if (page != kNone) ParsePages(s, page + 8, stop, &c.pages);
    pos = next;
  }
}

// The source named at s[pos] in free text: "Official Disability Guidelines"
// (with its "(ODG)"), "ODG" or "ACOEM" as whole words, with their capitals.
// Returns the length of the name, 0 if none.
std::size_t SourceNameAt(std::string_view s, std::size_t pos, CitationSource* source) {
  if (!AtWordStart(s, pos)) return 0;
  if (std::size_t n = MatchPhraseAt(s, pos, "Official Disability Guidelines", Case::kSensitive); n != 0) {
    *source = CitationSource::kOdg;
    if (std::size_t m = MatchPhraseAt(s, SkipSpace(s, pos + n), "(ODG)"); m != 0) n = SkipSpace(s, pos + n) + m - pos;
    return n;
  }
  for (auto [name, src] : {std::pair{std::string_view("ODG"), CitationSource::kOdg},
                           std::pair{std::string_view("ACOEM"), CitationSource::kAcoem}}) {
    if (MatchPhraseAt(s, pos, name, Case::kSensitive) != 0 && AtWordEnd(s, pos + name.size())) {
      *source = src;
      return name.size();
    }
  }
  return 0;
}

// An ODG citation's chapter and topic, s[pos, end) after the ODG name.
void ParseOdg(std::string_view s, std::size_t pos, std::size_t end, Citation* c) {
  // Skip what stands between the name and the chapter: punctuation,
  // "Guidelines", an edition, a year, "Web Version".
  for (std::size_t before = kNone; before != pos;) {
    before = pos;
    while (pos < end && (IsSpace(s[pos]) || s[pos] == ',' || s[pos] == ':' || s[pos] == '-')) ++pos;
    for (std::string_view filler : {"Guidelines", "Web Version", "Online Version"}) {
      if (std::size_t n = MatchPhraseAt(s, pos, filler); n != 0 && AtWordEnd(s, pos + n)) pos += n;
    }
    if (YearAt(s, pos) != 0) pos += 4;
    if (pos < end && IsDigit(s[pos])) {  // "14th Edition"
      std::size_t q = pos;
      while (q < end && !IsSpace(s[q])) ++q;
      if (std::size_t n = MatchPhraseAt(s, SkipSpace(s, q), "Edition"); n != 0) pos = SkipSpace(s, q) + n;
    }
  }
  std::size_t n = 0;
  if (const Name* chapter = kOdgChapters.MatchAt(s.substr(0, end), pos, &n)) {
    c->part = chapter->canonical;
    pos += n;
    // Qualifiers of the chapter name, then the separator before the topic.
    for (std::size_t before = kNone; before != pos;) {
      before = pos;
      const std::size_t q = SkipSpace(s, pos);
      for (std::string_view qualifier :
           {"(Acute & Chronic)", "(Acute and Chronic)", "(Online Version)", "Chapter", "section"}) {
        if (std::size_t m = MatchPhraseAt(s, q, qualifier); m != 0 && (s[q + m - 1] == ')' || AtWordEnd(s, q + m))) {
          pos = q + m;
        }
      }
      if (MatchPhraseAt(s, q, "(updated ") != 0) {
        const std::size_t close = s.substr(0, end).find(')', q);
        if (close != kNone) pos = close + 1;
      }
    }
    while (pos < end && (IsSpace(s[pos]) || s[pos] == ',' || s[pos] == ':' || s[pos] == '/' || s[pos] == '-')) ++pos;
  }
  if (std::string_view topic = Trimmed(s, pos, end); !topic.empty()) c->sections.push_back(topic);
}

// One "Decision based on Non-MTUS Citation ..." statement, s[pos, end): one
// citation per source named, each running to the next one; text before the
// first source (or with none) is one citation of source "other".
void ParseNonMtusStatement(std::string_view s, std::size_t pos, std::size_t end, Guideline* g) {
  struct Mention {
    std::size_t at, name_end;
    CitationSource source;
  };
  std::array<Mention, 8> mentions;
  std::size_t count = 0;
  // "Other Medical Treatment Guidelines" introduces a citation of its own.
  static constexpr std::string_view kOther = "Other Medical Treatment Guideline";
  for (std::size_t p = pos; p < end && count < mentions.size(); ++p) {
    // Every name below starts with a capital 'O' or 'A'.
    if (s[p] != 'O' && s[p] != 'A') continue;
    CitationSource source;
    if (std::size_t n = SourceNameAt(s, p, &source); n != 0 && p + n <= end) {
      mentions[count++] = {p, p + n, source};
      p += n - 1;
    } else if (std::size_t m = MatchPhraseAt(s, p, kOther, Case::kSensitive); m != 0) {
      std::size_t q = p + m;
      if (q < end && s[q] == 's') ++q;
      if (std::size_t e = MatchPhraseAt(s, q, " or Medical Evidence:"); e != 0) q += e;
      mentions[count++] = {p, q, CitationSource::kOther};
      p = q - 1;
    }
  }
  auto add = [&](CitationSource source, std::size_t b, std::size_t name_end, std::size_t e) {
    // After "Other Medical Treatment Guidelines" the citation is what follows
    // the words; after a source's name, it is the whole text.
    const std::string_view body = Trimmed(s, name_end, e);
    const bool named = source != CitationSource::kOther || name_end > b;
    if ((source == CitationSource::kOther && body.empty()) ||
        (!body.empty() && MatchPhraseAt(body, 0, "No guidelines found") == body.size())) {
      return;
    }
    Citation& c = g->citations.emplace_back();
    c.source = source;
    if (source == CitationSource::kOdg) {
      ParseOdg(s, name_end, e, &c);
    } else {
      c.part = source == CitationSource::kOther && named ? body : Trimmed(s, b, e);
    }
  };
  std::size_t first = 0;
  if (count == 0 || !Trimmed(s, pos, mentions[0].at).empty()) {
    std::size_t n = 0;
    if (count != 0 && mentions[0].source == CitationSource::kOdg &&
        kOdgChapters.MatchAt(s, SkipSpace(s, pos), &n) != nullptr) {
      // "Shoulder (Acute & Chronic), Physical Therapy, ODG Preface": an ODG
      // chapter named before the ODG itself.
      add(CitationSource::kOdg, pos, pos, count > 1 ? mentions[1].at : end);
      first = 1;
    } else {
      add(CitationSource::kOther, pos, pos, count == 0 ? end : mentions[0].at);
    }
  }
  for (std::size_t k = first; k < count; ++k) {
    const std::size_t e = k + 1 < count ? mentions[k + 1].at : end;
    add(mentions[k].source, mentions[k].at, mentions[k].name_end, e);
  }
}

// "Non-MTUS Citation" at s[pos], also broken at its hyphen: "Non-" at a line
// end (layout and raw modes) or "NonMTUS" (plain pdftotext joins the line).
std::size_t NonMtusCitationAt(std::string_view s, std::size_t pos) {
  std::size_t p = pos + MatchPhraseAt(s, pos, "Non");
  if (p == pos) return 0;
  if (p < s.size() && s[p] == '-') p = SkipSpace(s, p + 1);
  const std::size_t n = MatchPhraseAt(s, p, "MTUS Citation");
  return n == 0 ? 0 : p + n - pos;
}

}  // namespace

void ParseGuideline(std::string_view block, Guideline* g) {
  // The letters print these sentences with fixed capitals, as they do the
  // labels, so they are matched exactly, all in one pass over the block.
  enum Sentence : std::size_t { kNoEvidence, kOutside, kNotOnMtus, kNoGuidelines, kStatement };
  static constexpr std::array<std::string_view, 5> kSentences = {
      "did not cite any medical evidence", "outside of the MTUS", "did not base their decision on the MTUS",
      "No guidelines found", "Decision based on "};
  g->no_evidence_cited = g->outside_mtus = g->no_guidelines_found = false;
  // Statements: where each starts and where its opening words end.
  absl::InlinedVector<std::pair<std::size_t, std::size_t>, 8> statements;
  ScanPhrases(block, kSentences, [&](std::size_t sentence, std::size_t at, std::size_t length) {
    switch (sentence) {
      case kNoEvidence: g->no_evidence_cited = true; break;
      case kOutside:
      case kNotOnMtus: g->outside_mtus = true; break;
      case kNoGuidelines: g->no_guidelines_found = true; break;
      case kStatement: statements.emplace_back(at, at + length); break;
    }
  });
  for (std::size_t i = 0; i < statements.size(); ++i) {
    const std::size_t body = statements[i].second;
    const std::size_t end = i + 1 < statements.size() ? statements[i + 1].first : block.size();
    if (std::size_t n = NonMtusCitationAt(block, body); n != 0) {
      ParseNonMtusStatement(block, body + n, end, g);
    } else if (std::size_t m = MatchPhraseAt(block, body, "MTUS"); m != 0 && AtWordEnd(block, body + m)) {
      ParseMtusStatement(block, body + m, end, g);
    }
  }
}

}  // namespace imr::extract
