// File: imr/stats/tally.h
//
// The keyed tables of StatsCounts (by category, by year, by specialty, ...)
// as Stats::AddLetter fills them: keys as dense ids of per-Stats
// vocabularies (vocabulary.h), counts in flat arrays indexed by id. A letter
// bumps about fifteen tables per item; a KeyedTable would hash the key's
// bytes for each bump, here each is an array index once the letter's keys
// are interned (most by address, without hashing). FoldInto() adds every
// count to the ordered tables under its key, so Merge, the reports and the
// partial files see exactly what a KeyedTable would have counted.
//
// Each member below counts into the StatsCounts field of the same name;
// its comment names the vocabulary (or the fixed universe) of its ids.
//
// Example:
//   Tally t;
//   ++t.letters_by_layout[t.layouts.Intern(letter.layout->name)];
//   t.FoldInto(&counts);  // counts.letters_by_layout["imr_2016"] += 1
//
// Thread-safety: none; each Stats (one per thread) owns one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/stats/counts.h"
#include "imr/stats/histogram.h"
#include "imr/stats/vocabulary.h"

namespace imr::stats {

// Values by id (or by a small enum), grown on first use.
template <typename V, typename Key = Vocabulary::Id>
class ById {
 public:
  V& operator[](Key key) {
    const auto i = static_cast<std::size_t>(key);
    if (i >= values_.size()) values_.resize(i + 1);
    return values_[i];
  }
  const std::vector<V>& values() const { return values_; }

 private:
  std::vector<V> values_;
};

// Ids of the keys whose universe is fixed, so they need no vocabulary.
// Sources: the extract::CitationSource values, then kNoSource ("none").
inline constexpr Vocabulary::Id kNoSource = 4;
// Age bands: 0 "under 25", 1 "25-34", ..., 5 "65 and over", then
// kUnknownAgeBand ("unknown").
inline constexpr Vocabulary::Id kUnknownAgeBand = 6;
Vocabulary::Id AgeBandId(int age);
std::string_view AgeBandKey(Vocabulary::Id id);
// Sex: by extract::Sex (kUnknown is "unknown").
// Guideline agreement: by AgreementKey.
enum class AgreementKey : std::uint8_t {
  kNeitherCites,
  kOnlyClaimsAdministratorCites,
  kOnlyMaximusCites,
  kSameSources,  // then overlapping, different
  kOverlappingSources,
  kDifferentSources,
  kSameGuidelines,  // then overlapping, different
  kOverlappingGuidelines,
  kDifferentGuidelines,
};

struct GuidelineTally {
  ById<std::uint64_t> items_by_source;      // source ids
  ById<std::uint64_t> citations_by_source;  // source ids
  ById<std::uint64_t> mtus_parts;           // parts
  ById<std::uint64_t> mtus_topics;          // topics
};

struct Tally {
  // Vocabularies. Canonical names are interned as they are; letter text is
  // normalised like the reports print it.
  Vocabulary years, quarters;  // "2016", "2016-Q4" (Stats derives them from dates); "unknown"
  Vocabulary layouts;          // LayoutSpec names
  Vocabulary categories, drug_classes;  // the taxonomy's
  Vocabulary regions;                   // canonical body regions; "unknown"
  Vocabulary specialties{Vocabulary::Spelling::kText};
  Vocabulary parts{Vocabulary::Spelling::kText};           // citation parts, every source; "unknown"
  Vocabulary citation_texts{Vocabulary::Spelling::kText};  // sections and pages of MTUS citations
  Vocabulary topics;                                       // "part: section", "part: page(s) N"
  Vocabulary titles{Vocabulary::Spelling::kTextLowercase};

  std::uint64_t letters = 0;  // letters tallied: none means there is nothing to fold

  // Letters.
  ById<std::uint64_t> letters_by_decision_year;     // years
  ById<std::uint64_t> letters_by_decision_quarter;  // quarters
  ById<std::uint64_t> letters_by_accident_year;     // years
  ById<std::uint64_t> letters_by_age_band;          // age bands
  ById<std::uint64_t, extract::Sex> letters_by_sex;
  ById<std::uint64_t> letters_by_layout;                // layouts
  ById<Histogram> received_to_decision_by_quarter;      // quarters
  ById<Histogram> ur_denial_to_decision_by_quarter;     // quarters

  // Items.
  ById<OutcomeCounts> by_category;        // categories
  ById<OutcomeCounts> by_drug_class;      // drug_classes
  ById<OutcomeCounts> by_decision_year;   // years
  ById<OutcomeCounts> by_specialty;       // specialties
  ById<OutcomeCounts> by_maximus_source;  // source ids
  ById<OutcomeCounts> by_mtus_part;       // parts
  ById<OutcomeCounts> by_body_region;     // regions
  ById<OutcomeCounts> by_age_band;        // age bands
  ById<OutcomeCounts, extract::Sex> by_sex;
  GuidelineTally claims_administrator, maximus;
  ById<std::uint64_t, AgreementKey> guideline_agreement;
  ById<std::uint64_t> unclassified_titles;  // titles

  // Adds every count to the table of `s` it belongs to, under its key.
  void FoldInto(StatsCounts* s) const;
};

}  // namespace imr::stats
