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

}  // namespace

void Accounting::Merge(const Accounting& o) {
  files += o.files;
  files_failed += o.files_failed;
  bytes_read += o.bytes_read;
  bytes_skipped += o.bytes_skipped;
  bytes_blank += o.bytes_blank;
  skipped_ranges += o.skipped_ranges;
  records_failed += o.records_failed;
  letters_truncated += o.letters_truncated;
}

void GuidelineStats::Merge(const GuidelineStats& o) {
  blocks += o.blocks;
  missing += o.missing;
  no_evidence_cited += o.no_evidence_cited;
  outside_mtus += o.outside_mtus;
  no_guidelines_found += o.no_guidelines_found;
  MergeTable(items_by_source, o.items_by_source);
  MergeTable(citations_by_source, o.citations_by_source);
  MergeTable(mtus_parts, o.mtus_parts);
  MergeTable(mtus_topics, o.mtus_topics);
}

void StatsCounts::Merge(const StatsCounts& o) {
  letters += o.letters;
  letters_with_warnings += o.letters_with_warnings;
  letters_rejected += o.letters_rejected;
  items += o.items;
  items_per_letter.Merge(o.items_per_letter);
  MergeTable(letters_by_decision_year, o.letters_by_decision_year);
  MergeTable(letters_by_decision_quarter, o.letters_by_decision_quarter);

  outcomes.Merge(o.outcomes);
  for (auto [into, from] : {std::pair{&by_category, &o.by_category}, {&by_drug_class, &o.by_drug_class},
                            {&by_decision_year, &o.by_decision_year}, {&by_specialty, &o.by_specialty},
                            {&by_maximus_source, &o.by_maximus_source}, {&by_mtus_part, &o.by_mtus_part},
                            {&by_body_region, &o.by_body_region}, {&by_age_band, &o.by_age_band},
                            {&by_sex, &o.by_sex}}) {
    MergeTable(*into, *from);
  }

  claims_administrator.Merge(o.claims_administrator);
  maximus.Merge(o.maximus);
  MergeTable(guideline_agreement, o.guideline_agreement);

  received_to_decision.Merge(o.received_to_decision);
  ur_denial_to_decision.Merge(o.ur_denial_to_decision);
  injury_to_decision.Merge(o.injury_to_decision);
  MergeTable(received_to_decision_by_quarter, o.received_to_decision_by_quarter);
  MergeTable(ur_denial_to_decision_by_quarter, o.ur_denial_to_decision_by_quarter);
  dates_out_of_order += o.dates_out_of_order;
  MergeTable(letters_by_accident_year, o.letters_by_accident_year);

  MergeTable(letters_by_age_band, o.letters_by_age_band);
  MergeTable(letters_by_sex, o.letters_by_sex);

  MergeTable(letters_by_layout, o.letters_by_layout);
  for (int i = 0; i < static_cast<int>(extract::WarningCode::kCount); ++i) warnings_by_code[i] += o.warnings_by_code[i];
  rationale_agrees += o.rationale_agrees;
  rationale_disagrees += o.rationale_disagrees;
  rationale_no_conclusion += o.rationale_no_conclusion;
  items_unclassified += o.items_unclassified;
  MergeTable(unclassified_titles, o.unclassified_titles);
  taxonomies.insert(o.taxonomies.begin(), o.taxonomies.end());
  accounting.Merge(o.accounting);
}

}  // namespace imr::stats
