#include "imr/stats/counts.h"

#include <type_traits>
#include <utility>

namespace imr::stats {
namespace {

template <typename Table>
void MergeTable(Table& into, const Table& from) {
  for (const auto& [key, value] : from) {
    if constexpr (std::is_integral_v<std::decay_t<decltype(value)>>) {
      into[key] += value;
    } else {
      into[key].Merge(value);
    }
  }
}

// Merges every table of kind `Id` of `from` into `into`.
template <typename Id, typename Owner>
void MergeTables(Owner& into, const Owner& from) {
  for (const TableSpec<Id>& spec : kSpecs<Id>) MergeTable(into.table(spec.id), from.table(spec.id));
}

template <typename T, std::size_t N>
void MergeCounts(const NamedCount<T> (&counts)[N], T& into, const T& from) {
  for (const NamedCount<T>& c : counts) into.*c.count += from.*c.count;
}

}  // namespace

void Accounting::Merge(const Accounting& o) { MergeCounts(kAccountingCounts, *this, o); }

void GuidelineStats::Merge(const GuidelineStats& o) {
  MergeCounts(kGuidelineCounts, *this, o);
  MergeTables<GuidelineCounts>(*this, o);
}

void StatsCounts::Merge(const StatsCounts& o) {
  letters += o.letters;
  letters_with_warnings += o.letters_with_warnings;
  letters_rejected += o.letters_rejected;
  items += o.items;
  items_per_letter.Merge(o.items_per_letter);
  outcomes.Merge(o.outcomes);
  claims_administrator.Merge(o.claims_administrator);
  maximus.Merge(o.maximus);
  received_to_decision.Merge(o.received_to_decision);
  ur_denial_to_decision.Merge(o.ur_denial_to_decision);
  injury_to_decision.Merge(o.injury_to_decision);
  dates_out_of_order += o.dates_out_of_order;
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) warnings_by_code[i] += o.warnings_by_code[i];
  rationale_agrees += o.rationale_agrees;
  rationale_disagrees += o.rationale_disagrees;
  rationale_no_conclusion += o.rationale_no_conclusion;
  items_unclassified += o.items_unclassified;
  taxonomies.insert(o.taxonomies.begin(), o.taxonomies.end());
  MergeTables<Counts>(*this, o);
  MergeTables<Outcomes>(*this, o);
  MergeTables<Intervals>(*this, o);
  accounting.Merge(o.accounting);
}

}  // namespace imr::stats
