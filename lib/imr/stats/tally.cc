#include "imr/stats/tally.h"

#include <string_view>

namespace imr::stats {
namespace {

constexpr std::string_view kAgeBands[] = {"under 25", "25-34", "35-44", "45-54", "55-64", "65 and over"};
static_assert(std::size(kAgeBands) == kUnknownAgeBand);

constexpr std::string_view kAgreementKeys[] = {
    "neither_cites",  "only_claims_administrator_cites", "only_maximus_cites",
    "same_sources",   "overlapping_sources",             "different_sources",
    "same_guidelines", "overlapping_guidelines",         "different_guidelines"};
static_assert(std::size(kAgreementKeys) == static_cast<std::size_t>(AgreementKey::kDifferentGuidelines) + 1);

// Keys of the fixed universes, by id.
std::string_view SourceKey(std::size_t id) {
  return id == kNoSource ? kNone : extract::CitationSourceName(static_cast<extract::CitationSource>(id));
}
std::string_view SexKey(std::size_t id) {
  const auto sex = static_cast<extract::Sex>(id);
  return sex == extract::Sex::kUnknown ? kUnknown : extract::SexName(sex);
}
std::string_view AgreementKeyName(std::size_t id) { return kAgreementKeys[id]; }

// Keys of a vocabulary, by id.
auto KeysOf(const Vocabulary& v) {
  return [&v](std::size_t id) -> std::string_view { return v.key(static_cast<Vocabulary::Id>(id)); };
}

// A value is folded only if something was counted in it, exactly as a
// KeyedTable holds only the keys that were bumped: every count that
// AddLetter makes is at least one.
bool Counted(std::uint64_t n) { return n != 0; }
bool Counted(const OutcomeCounts& c) { return c.total() != 0; }
bool Counted(const Histogram& h) { return !h.empty(); }

void Add(std::uint64_t* into, std::uint64_t n) { *into += n; }
void Add(OutcomeCounts* into, const OutcomeCounts& c) { into->Merge(c); }
void Add(Histogram* into, const Histogram& h) { into->Merge(h); }

template <typename V, typename Key, typename KeyOf>
void Fold(const ById<V, Key>& from, KeyOf key_of, KeyedTable<V>* into) {
  const std::vector<V>& values = from.values();
  for (std::size_t id = 0; id < values.size(); ++id) {
    if (Counted(values[id])) Add(&(*into)[key_of(id)], values[id]);
  }
}

void FoldGuideline(const GuidelineTally& t, const Tally& vocabularies, GuidelineStats* s) {
  Fold(t.items_by_source, SourceKey, &s->items_by_source);
  Fold(t.citations_by_source, SourceKey, &s->citations_by_source);
  Fold(t.mtus_parts, KeysOf(vocabularies.parts), &s->mtus_parts);
  Fold(t.mtus_topics, KeysOf(vocabularies.topics), &s->mtus_topics);
}

}  // namespace

Vocabulary::Id AgeBandId(int age) {
  if (age < 25) return 0;
  if (age < 35) return 1;
  if (age < 45) return 2;
  if (age < 55) return 3;
  if (age < 65) return 4;
  return 5;
}

std::string_view AgeBandKey(Vocabulary::Id id) { return id == kUnknownAgeBand ? kUnknown : kAgeBands[id]; }

void Tally::FoldInto(StatsCounts* s) const {
  Fold(letters_by_decision_year, KeysOf(years), &s->letters_by_decision_year);
  Fold(letters_by_decision_quarter, KeysOf(quarters), &s->letters_by_decision_quarter);
  Fold(letters_by_accident_year, KeysOf(years), &s->letters_by_accident_year);
  Fold(letters_by_age_band, AgeBandKey, &s->letters_by_age_band);
  Fold(letters_by_sex, SexKey, &s->letters_by_sex);
  Fold(letters_by_layout, KeysOf(layouts), &s->letters_by_layout);
  Fold(received_to_decision_by_quarter, KeysOf(quarters), &s->received_to_decision_by_quarter);
  Fold(ur_denial_to_decision_by_quarter, KeysOf(quarters), &s->ur_denial_to_decision_by_quarter);

  Fold(by_category, KeysOf(categories), &s->by_category);
  Fold(by_drug_class, KeysOf(drug_classes), &s->by_drug_class);
  Fold(by_decision_year, KeysOf(years), &s->by_decision_year);
  Fold(by_specialty, KeysOf(specialties), &s->by_specialty);
  Fold(by_maximus_source, SourceKey, &s->by_maximus_source);
  Fold(by_mtus_part, KeysOf(parts), &s->by_mtus_part);
  Fold(by_body_region, KeysOf(regions), &s->by_body_region);
  Fold(by_age_band, AgeBandKey, &s->by_age_band);
  Fold(by_sex, SexKey, &s->by_sex);
  FoldGuideline(claims_administrator, *this, &s->claims_administrator);
  FoldGuideline(maximus, *this, &s->maximus);
  Fold(guideline_agreement, AgreementKeyName, &s->guideline_agreement);
  Fold(unclassified_titles, KeysOf(titles), &s->unclassified_titles);
}

}  // namespace imr::stats
