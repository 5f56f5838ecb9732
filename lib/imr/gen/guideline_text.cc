#include "imr/gen/guideline_text.h"

#include <cstdlib>
#include <string>

#include "imr/base/text.h"

namespace imr::gen {

using extract::CitationSource;

void GuidelineText::Append(Rng& rng, int year, bool maximus, bool first, Para* p, PendingGuideline* g) {
  cites_.clear();
  const std::string_view who = maximus ? "The Expert Reviewer" : "The Claims Administrator";
  int kind = static_cast<int>(rng.Below(100));
  if (maximus && first) kind = 0;
  if (maximus && kind >= 80 && kind < 92) kind = 50;  // only Claims Administrators cite nothing
  if (kind < 55) {
    AppendMtusBlock(rng, year, p);
  } else if (kind < 80) {
    g->outside = true;
    *p << who
       << (year == 2016 ? " based their decision on recommendation(s) outside of the MTUS."
                        : " did not base their decision on the MTUS.");
    *p << " Decision based on Non-MTUS Citation ";
    AppendOutsideMtus(rng, p);
  } else if (kind < 92) {
    g->no_evidence = true;
    *p << "The Claims Administrator did not cite any medical evidence for its decision.";
  } else if (kind < 93) {
    g->none_found = true;
    *p << "No guidelines found.";
  } else {
    AppendMtusCitation(rng, year, p);
    *p << ". Decision based on Non-MTUS Citation ";
    AppendOdgCitation(rng, p);
  }
}

// One MTUS part, sometimes a second, sometimes an ODG citation after them.
void GuidelineText::AppendMtusBlock(Rng& rng, int year, Para* p) {
  AppendMtusCitation(rng, year, p);
  if (rng.PerMille(250)) {
    *p << (year == 2016 ? ", and " : ". Decision based on MTUS ");
    AppendMtusPart(rng, year, p);
    *p << ".";
  } else {
    *p << ".";
  }
  if (rng.PerMille(150)) {
    *p << " Decision based on Non-MTUS Citation ";
    AppendOdgCitation(rng, p);
  }
}

// After "Decision based on Non-MTUS Citation ": ODG, an ACOEM or other
// source, or an ODG topic with its web address.
void GuidelineText::AppendOutsideMtus(Rng& rng, Para* p) {
  const int c = static_cast<int>(rng.Below(10));
  if (c < 6) {
    AppendOdgCitation(rng, p);
  } else if (c < 8) {
    const std::size_t b = p->Mark();
    *p << rng.Pick(v_.other_citations);
    const std::size_t e = p->Mark();
    const bool acoem = p->text.compare(p->marks[b], 5, "ACOEM") == 0;
    cites_.push_back(CiteMarks(acoem ? CitationSource::kAcoem : CitationSource::kOther, b, e));
    *p << ".";
  } else {
    const OdgChapter& ch = rng.Pick(v_.odg);
    const std::string& topic = rng.Pick(ch.topics);
    const std::size_t b = p->Mark();
    *p << topic << " (http://www.odg-twc.com/odgtwc/";
    for (char c2 : ch.chapter) p->text += (IsAlpha(c2) ? static_cast<char>(c2 | 0x20) : '_');
    *p << ".htm)";
    const std::size_t e = p->Mark();
    cites_.push_back(CiteMarks(CitationSource::kOther, b, e));
    *p << ".";
  }
}

// "Decision based on MTUS <part> <year>[, Section(s): x]" or, 2014-15,
// "Decision based on MTUS <name> <topic> Page(s): p" (no final period).
void GuidelineText::AppendMtusCitation(Rng& rng, int year, Para* p) {
  *p << "Decision based on MTUS ";
  AppendMtusPart(rng, year, p);
}

void GuidelineText::AppendMtusPart(Rng& rng, int year, Para* p) {
  // A part cited right after itself would read as one citation: draw another.
  const MtusPart* pick = &rng.Pick(v_.mtus);
  const bool follows = !cites_.empty() && cites_.back().source == CitationSource::kMtus;
  for (int tries = 0; follows && pick->name == cites_.back().part_name && tries < 8; ++tries) pick = &rng.Pick(v_.mtus);
  const MtusPart& m = *pick;
  const std::size_t which = rng.Below(static_cast<std::uint32_t>(m.sections.size()));
  CiteMarks c(CitationSource::kMtus);
  c.part_name = m.name;  // canonical (2016) part, whatever the letter writes
  if (year == 2016) {
    *p << m.name;
    c.year = m.year;
    *p << " " << m.year;
    if (rng.PerMille(650)) {
      *p << ", Section(s): ";
      c.sec.push_back(p->Mark());
      *p << m.sections[which];
      c.sec.push_back(p->Mark());
    }
  } else {
    AppendMtus2014(m, which, p, &c);
  }
  cites_.push_back(c);
}

// "ACOEM Chapter 12 Low Back Complaints <topic> Page(s): 303-305": the MTUS
// part the chapter became; chapters 1-7 are "General Approaches" with the
// chapter's name as a section before the topic.
void GuidelineText::AppendMtus2014(const MtusPart& m, std::size_t which, Para* p, CiteMarks* c) {
  const std::string_view name = m.name_2014;
  if (name.starts_with("ACOEM Chapter ")) {
    const std::size_t sp = name.find(' ', 14);
    const bool general = std::atoi(std::string(name.substr(14, sp - 14)).c_str()) <= 7;
    if (general) c->section_name = name.substr(sp + 1);
  }
  *p << name << " ";
  c->sec.push_back(p->Mark());
  *p << m.sections[which];
  c->sec.push_back(p->Mark());
  *p << " Page(s): ";
  c->pag.push_back(p->Mark());
  *p << m.pages[which];
  c->pag.push_back(p->Mark());
}

void GuidelineText::AppendOdgCitation(Rng& rng, Para* p) {
  const OdgChapter& ch = rng.Pick(v_.odg);
  *p << (rng.PerMille(750) ? "Official Disability Guidelines (ODG), " : "Official Disability Guidelines, ");
  CiteMarks c(CitationSource::kOdg);
  c.part_b = p->Mark();
  *p << ch.chapter;
  c.part_e = p->Mark();
  *p << " Chapter, ";
  c.sec.push_back(p->Mark());
  *p << rng.Pick(ch.topics);
  c.sec.push_back(p->Mark());
  *p << ".";
  cites_.push_back(c);
}

void GuidelineText::Resolve(const Para& p, std::size_t b, std::size_t e, PendingGuideline* g) const {
  g->text = SpanOf(p, b, e);
  for (const CiteMarks& c : cites_) {
    PendingCitation pc;
    pc.source = c.source;
    if (c.part_name.empty()) pc.part = SpanOf(p, c.part_b, c.part_e);
    pc.part_name = c.part_name;
    pc.section_name = c.section_name;
    pc.year = c.year;
    for (std::size_t k = 0; k + 1 < c.sec.size(); k += 2) pc.sections.push_back(SpanOf(p, c.sec[k], c.sec[k + 1]));
    for (std::size_t k = 0; k + 1 < c.pag.size(); k += 2) pc.pages.push_back(SpanOf(p, c.pag[k], c.pag[k + 1]));
    g->citations.push_back(pc);
  }
}

}  // namespace imr::gen
