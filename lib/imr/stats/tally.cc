#include "imr/stats/tally.h"

#include <string_view>

namespace imr::stats {
namespace {

constexpr std::string_view kAgeBands[] = {"under 25", "25-34", "35-44", "45-54", "55-64", "65 and over"};
static_assert(std::size(kAgeBands) == kUnknownAgeBand);

constexpr std::string_view kAgreementKeys[] = {"neither_cites",       "only_claims_administrator_cites",
                                               "only_maximus_cites",  "same_sources",
                                               "overlapping_sources", "different_sources",
                                               "same_guidelines",     "overlapping_guidelines",
                                               "different_guidelines"};
static_assert(std::size(kAgreementKeys) == static_cast<std::size_t>(AgreementKey::kDifferentGuidelines) + 1);

// A value is folded only if something was counted in it, exactly as a
// KeyedTable holds only the keys that were bumped: every count that
// AddLetter makes is at least one.
bool Counted(std::uint64_t n) { return n != 0; }
bool Counted(const OutcomeCounts& c) { return c.total() != 0; }
bool Counted(const Histogram& h) { return !h.empty(); }

void Add(std::uint64_t* into, std::uint64_t n) { *into += n; }
void Add(OutcomeCounts* into, const OutcomeCounts& c) { into->Merge(c); }
void Add(Histogram* into, const Histogram& h) { into->Merge(h); }

// Folds every table of kind `Id` of `from` into the table of `into` with its
// id, each id under its key.
template <typename Id, typename Tables, typename Into>
void FoldTables(const Tables& from, const Tally& tally, Into* into) {
  for (const TableSpec<Id>& spec : kSpecs<Id>) {
    const auto& values = from[spec.id].values();
    auto& table = into->table(spec.id);
    for (std::size_t id = 0; id < values.size(); ++id) {
      if (Counted(values[id])) Add(&table[tally.Key(spec.keys, static_cast<Vocabulary::Id>(id))], values[id]);
    }
  }
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

std::string_view Tally::Key(KeySource keys, Vocabulary::Id id) const {
  switch (keys) {
    case KeySource::kYears:
      return years.key(id);
    case KeySource::kQuarters:
      return quarters.key(id);
    case KeySource::kLayouts:
      return layouts.key(id);
    case KeySource::kCategories:
      return categories.key(id);
    case KeySource::kDrugClasses:
      return drug_classes.key(id);
    case KeySource::kRegions:
      return regions.key(id);
    case KeySource::kSpecialties:
      return specialties.key(id);
    case KeySource::kParts:
      return parts.key(id);
    case KeySource::kTopics:
      return topics.key(id);
    case KeySource::kTitles:
      return titles.key(id);
    case KeySource::kSources:
      return id == kNoSource ? kNone : extract::CitationSourceName(static_cast<extract::CitationSource>(id));
    case KeySource::kAgeBands:
      return AgeBandKey(id);
    case KeySource::kSexes: {
      const auto sex = static_cast<extract::Sex>(id);
      return sex == extract::Sex::kUnknown ? kUnknown : extract::SexName(sex);
    }
    case KeySource::kAgreements:
      return kAgreementKeys[id];
  }
  return {};
}

void Tally::FoldInto(StatsCounts* s) const {
  FoldTables<Counts>(counts, *this, s);
  FoldTables<Outcomes>(outcomes, *this, s);
  FoldTables<Intervals>(intervals, *this, s);
  FoldTables<GuidelineCounts>(claims_administrator.tables, *this, &s->claims_administrator);
  FoldTables<GuidelineCounts>(maximus.tables, *this, &s->maximus);
}

}  // namespace imr::stats
