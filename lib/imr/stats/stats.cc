#include "imr/stats/stats.h"

#include <algorithm>
#include <bit>
#include <string>

#include "absl/container/inlined_vector.h"
#include "imr/extract/layout.h"
#include "imr/taxonomy/taxonomy.h"

namespace imr::stats {
namespace {

using extract::Citation;
using extract::CitationSource;
using extract::Date;
using extract::Guideline;
using extract::Item;
using extract::Letter;

using Id = Vocabulary::Id;

// The guidelines a block cites, compared as sets with another block's: only
// membership matters and they stay unsorted, as such a set holds one or two
// members, where sorting cost more than the comparing.
template <typename T, std::size_t N>
using SmallSet = absl::InlinedVector<T, N>;

// A plain loop, which inlines (std::find's unrolled one did not).
template <typename T, std::size_t N>
bool Contains(const SmallSet<T, N>& set, T x) {
  for (const T y : set) {
    if (y == x) return true;
  }
  return false;
}

// "2016" and "2016-Q4" (or "unknown") as ids. A date is three integers, so
// each key is spelled once per year or month seen, not once per letter.
Id YearId(const Date& d, Vocabulary* years) {
  if (!d.present()) return years->Intern(kUnknown);
  return years->InternNumber(static_cast<std::uint16_t>(d.year), [year = d.year] { return std::to_string(year); });
}
Id QuarterId(const Date& d, Vocabulary* quarters) {
  if (!d.present()) return quarters->Intern(kUnknown);
  const std::uint64_t year_month =
      std::uint64_t{static_cast<std::uint16_t>(d.year)} << 8 | static_cast<std::uint8_t>(d.month);
  return quarters->InternNumber(year_month, [year = d.year, month = d.month] {
    std::string key = std::to_string(year);
    key += "-Q";
    key += static_cast<char>('0' + (month - 1) / 3 + 1);
    return key;
  });
}

// A guideline block's citations, interned once for all the counts that use
// them: the sources it cites (a bit per extract::CitationSource), and each
// citation's guideline, its source with its part (normalised, maybe empty)
// as source << 32 | part id. A guideline cited twice is there twice, which
// comparing sets allows.
struct Cited {
  unsigned sources = 0;
  SmallSet<std::uint64_t, 8> guidelines;  // by citation

  Id part(std::size_t citation) const { return static_cast<Id>(guidelines[citation]); }
};

// Calls f(source id) for every source in `sources`, or f(kNoSource) when
// there is none.
template <typename F>
void ForEachSourceOrNone(unsigned sources, F&& f) {
  if (sources == 0) {
    f(kNoSource);
    return;
  }
  for (; sources != 0; sources &= sources - 1) f(static_cast<Id>(std::countr_zero(sources)));
}

// How two non-empty sets compare, in the order of the AgreementKeys for
// sources and for guidelines.
enum class Overlap { kSame, kOverlapping, kDifferent };

Overlap OverlapOf(unsigned a, unsigned b) {
  if (a == b) return Overlap::kSame;
  return (a & b) != 0 ? Overlap::kOverlapping : Overlap::kDifferent;
}
template <typename T, std::size_t N>
Overlap OverlapOf(const SmallSet<T, N>& a, const SmallSet<T, N>& b) {  // members may repeat
  bool a_in_b = true, shared = false;
  for (const T x : a) {
    const bool in = Contains(b, x);
    a_in_b &= in;
    shared |= in;
  }
  if (!shared) return Overlap::kDifferent;
  const bool b_in_a = std::all_of(b.begin(), b.end(), [&](T y) { return Contains(a, y); });
  return a_in_b && b_in_a ? Overlap::kSame : Overlap::kOverlapping;
}
AgreementKey Agreement(AgreementKey same, Overlap overlap) {
  return static_cast<AgreementKey>(static_cast<int>(same) + static_cast<int>(overlap));
}

// The part an MTUS citation counts under: its name, or "unknown" when it
// names none.
Id MtusPart(Id part, Vocabulary* parts) { return parts->key(part).empty() ? parts->Intern(kUnknown) : part; }

// "part: section", or "part: page(s) N" when `pages`, as an id. A topic is
// found by the ids of its part and its text, so it is spelled once. Part and
// text ids stay below 2^31 (a vocabulary of letter text, not of letters).
// The spelling lambda captures by value: captured by reference, its locals
// were stored to the stack for every citation, though it runs once a topic.
Id TopicId(Id part, bool pages, std::string_view text, Tally* t) {
  const Id text_id = t->citation_texts.InternText(text);
  const std::uint64_t number = std::uint64_t{part} << 33 | std::uint64_t{pages} << 32 | text_id;
  return t->topics.InternNumber(number, [t, part, pages, text_id] {
    return t->parts.key(part) + (pages ? ": page(s) " : ": ") + t->citation_texts.key(text_id);
  });
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), so intervals cross months and leap years exactly.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
std::int64_t DaysFromCivil(const Date& d) {
  return DaysFromCivil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
}

// Counts a guideline block (unless its label is missing) and returns its
// citations interned, in one walk over them.
Cited AddGuideline(const Guideline& g, GuidelineStats* s, GuidelineTally* counts, Tally* t) {
  Cited cited;
  const bool present = g.text.data() != nullptr;
  if (present) {
    ++s->blocks;
    s->no_evidence_cited += g.no_evidence_cited;
    s->outside_mtus += g.outside_mtus;
    s->no_guidelines_found += g.no_guidelines_found;
  } else {
    ++s->missing;
  }
  for (const Citation& c : g.citations) {
    const auto source = static_cast<unsigned>(c.source);
    const Id cited_part = t->parts.Intern(c.part);
    cited.sources |= 1u << source;
    cited.guidelines.push_back(std::uint64_t{source} << 32 | cited_part);
    if (!present) continue;
    ++counts->table(GuidelineCounts::kCitationsBySource)[c.source];
    if (c.source != CitationSource::kMtus) continue;
    const Id part = MtusPart(cited_part, &t->parts);
    ++counts->table(GuidelineCounts::kMtusParts)[part];
    ById<std::uint64_t>& topics = counts->table(GuidelineCounts::kMtusTopics);
    for (std::string_view section : c.sections) ++topics[TopicId(part, /*pages=*/false, section, t)];
    if (c.sections.empty()) {
      for (std::string_view pages : c.pages) ++topics[TopicId(part, /*pages=*/true, pages, t)];
    }
  }
  if (present) {
    ForEachSourceOrNone(cited.sources, [&](Id source) { ++counts->table(GuidelineCounts::kItemsBySource)[source]; });
  }
  return cited;
}

// The letter as a whole: volumes, warnings, layout, decision dates.
void AddLetterVolumes(const Letter& letter, Id year, Id quarter, StatsCounts* s, Tally* t) {
  ++s->letters;
  if (!letter.warnings.empty()) ++s->letters_with_warnings;
  for (const extract::Warning& w : letter.warnings) {
    ++s->warnings_by_code[static_cast<int>(w.code)];
    if (extract::RejectsLetter(w.code)) {
      ++s->letters_rejected;
    }
  }
  const extract::LayoutSpec& layout = letter.layout != nullptr ? *letter.layout : extract::UnknownLayout();
  ++t->table(Counts::kLettersByLayout)[t->layouts.Intern(layout.name)];
  s->items_per_letter.Add(static_cast<std::int64_t>(letter.items.size()));
  ++t->table(Counts::kLettersByDecisionYear)[year];
  ++t->table(Counts::kLettersByDecisionQuarter)[quarter];
  ++t->table(Counts::kLettersByAccidentYear)[YearId(letter.date_of_injury, &t->years)];
}

// Timing: only intervals whose both ends are known; a negative one is a
// misread date (or a misprinted letter) and is counted, not averaged in.
void AddLetterTiming(const Letter& letter, Id quarter, StatsCounts* s, Tally* t) {
  const Date& decided = letter.decision_date;
  if (!decided.present()) return;
  const std::int64_t decided_day = DaysFromCivil(decided);
  const auto interval = [&](const Date& from, Histogram* all, ById<Histogram>* by_quarter) {
    if (!from.present()) return;
    const std::int64_t days = decided_day - DaysFromCivil(from);
    if (days < 0) {
      ++s->dates_out_of_order;
      return;
    }
    all->Add(days);
    if (by_quarter != nullptr) (*by_quarter)[quarter].Add(days);
  };
  interval(letter.application_received, &s->received_to_decision, &t->table(Intervals::kReceivedToDecisionByQuarter));
  interval(letter.ur_denial_date, &s->ur_denial_to_decision, &t->table(Intervals::kUrDenialToDecisionByQuarter));
  interval(letter.date_of_injury, &s->injury_to_decision, nullptr);
}

// The letter's items under each of the reviewer's specialties, once under
// a specialty listed twice; under "unknown" when none.
void AddBySpecialty(const Letter& letter, const OutcomeCounts& letter_outcomes, Tally* t) {
  ById<OutcomeCounts>& by_specialty = t->table(Outcomes::kBySpecialty);
  bool any = false;
  for (std::string_view s : letter.specialties) {
    const Id id = t->specialties.InternText(s);
    if (t->specialties.key(id).empty()) continue;
    any = true;
    if (t->CountOnce(&t->specialty_counted_at, id, t->letters)) by_specialty[id].Merge(letter_outcomes);
  }
  if (!any) by_specialty[t->specialties.Intern(kUnknown)].Merge(letter_outcomes);
}

// How the claims administrator's and MAXIMUS's citations of an item compare.
void AddAgreement(const Cited& ca, const Cited& mx, Tally* t) {
  ById<std::uint64_t>& agreement = t->table(Counts::kGuidelineAgreement);
  if (ca.sources == 0 && mx.sources == 0) {
    ++agreement[AgreementKey::kNeitherCites];
  } else if (mx.sources == 0) {
    ++agreement[AgreementKey::kOnlyClaimsAdministratorCites];
  } else if (ca.sources == 0) {
    ++agreement[AgreementKey::kOnlyMaximusCites];
  } else {
    ++agreement[Agreement(AgreementKey::kSameSources, OverlapOf(ca.sources, mx.sources))];
    ++agreement[Agreement(AgreementKey::kSameGuidelines, OverlapOf(ca.guidelines, mx.guidelines))];
  }
}

// Both guideline blocks of an item, and the MAXIMUS reviewer's as an
// outcome breakdown.
void AddItemGuidelines(const Item& item, StatsCounts* s, Tally* t) {
  const Cited ca = AddGuideline(item.claims_administrator, &s->claims_administrator, &t->claims_administrator, t);
  const Cited mx = AddGuideline(item.maximus, &s->maximus, &t->maximus, t);
  ById<OutcomeCounts>& by_source = t->table(Outcomes::kByMaximusSource);
  ForEachSourceOrNone(mx.sources, [&](Id source) { by_source[source].Add(item.outcome); });
  // Once under each MTUS part, however many citations name it.
  ++t->items;
  ById<OutcomeCounts>& by_part = t->table(Outcomes::kByMtusPart);
  for (std::size_t i = 0; i < item.maximus.citations.size(); ++i) {
    if (item.maximus.citations[i].source != CitationSource::kMtus) continue;
    const Id part = MtusPart(mx.part(i), &t->parts);
    if (t->CountOnce(&t->mtus_part_counted_at, part, t->items)) by_part[part].Add(item.outcome);
  }
  AddAgreement(ca, mx, t);
}

void AddItem(const Item& item, StatsCounts* s, Tally* t) {
  const extract::Outcome outcome = item.outcome;
  t->table(Outcomes::kByBodyRegion)[t->regions.Intern(item.body_region.empty() ? kUnknown : item.body_region)].Add(
      outcome);

  // Taxonomy: an item nobody classified counts as "other".
  const std::string_view category = item.category.empty() ? taxonomy::kOtherCategory : item.category;
  t->table(Outcomes::kByCategory)[t->categories.Intern(category)].Add(outcome);
  if (!item.drug_class.empty()) t->table(Outcomes::kByDrugClass)[t->drug_classes.Intern(item.drug_class)].Add(outcome);
  if (category == taxonomy::kOtherCategory) {
    ++s->items_unclassified;
    ++t->table(Counts::kUnclassifiedTitles)[t->titles.InternText(item.disputed.empty() ? item.title : item.disputed)];
  }

  AddItemGuidelines(item, s, t);

  // Does the rationale's conclusion match the outcome? Upheld means the
  // service was found not medically necessary.
  if (!item.medically_necessary) {
    ++s->rationale_no_conclusion;
  } else if (*item.medically_necessary == (outcome == extract::Outcome::kOverturned)) {
    ++s->rationale_agrees;
  } else {
    ++s->rationale_disagrees;
  }
}

}  // namespace

std::int64_t DaysBetween(const Date& from, const Date& to) { return DaysFromCivil(to) - DaysFromCivil(from); }

std::string_view AgeBand(int age) { return AgeBandKey(AgeBandId(age)); }

void Stats::AddLetter(const Letter& letter) {
  Tally& t = tally_;
  ++t.letters;
  const Id year = YearId(letter.decision_date, &t.years);
  const Id quarter = QuarterId(letter.decision_date, &t.quarters);
  AddLetterVolumes(letter, year, quarter, this, &t);
  AddLetterTiming(letter, quarter, this, &t);
  const Id age_band = letter.age ? AgeBandId(*letter.age) : kUnknownAgeBand;
  ++t.table(Counts::kLettersByAgeBand)[age_band];
  ++t.table(Counts::kLettersBySex)[letter.sex];

  OutcomeCounts letter_outcomes;  // of its items
  for (const Item& item : letter.items) {
    letter_outcomes.Add(item.outcome);
    AddItem(item, this, &t);
  }

  // Outcomes by what the letter says once (its year, patient and reviewer):
  // all its items at once; an item counts once under each specialty.
  items += letter_outcomes.total();
  outcomes.Merge(letter_outcomes);
  t.table(Outcomes::kByDecisionYear)[year].Merge(letter_outcomes);
  t.table(Outcomes::kByAgeBand)[age_band].Merge(letter_outcomes);
  t.table(Outcomes::kBySex)[letter.sex].Merge(letter_outcomes);
  AddBySpecialty(letter, letter_outcomes, &t);
}

void Stats::Merge(const Stats& o) {
  Settle();
  StatsCounts::Merge(o);
  o.tally_.FoldInto(this);
}

void Stats::Merge(Stats&& o) {
  if (!settled() || static_cast<const StatsCounts&>(*this) != StatsCounts()) {
    Merge(o);
    return;
  }
  static_cast<StatsCounts&>(*this) = std::move(o);
  o.tally_.FoldInto(this);
}

void Stats::Settle() {
  if (settled()) return;
  tally_.FoldInto(this);
  // The vocabularies go too: a Stats is settled when its letters are done.
  tally_ = Tally();
}

Stats Stats::Settled() const {
  Stats s = *this;
  s.Settle();
  return s;
}

bool operator==(const Stats& a, const Stats& b) {
  if (!a.settled() || !b.settled()) return a.Settled() == b.Settled();
  return static_cast<const StatsCounts&>(a) == static_cast<const StatsCounts&>(b);
}

}  // namespace imr::stats
