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
// Each table counts into the StatsCounts table of the same id (tables.h);
// the table's spec names the vocabulary (or the fixed universe) of its ids.
//
// Example:
//   Tally t;
//   ++t.table(Counts::kLettersByLayout)[t.layouts.Intern(letter.layout->name)];
//   t.FoldInto(&counts);  // counts.table(Counts::kLettersByLayout)["imr_2016"] += 1
//
// Thread-safety: none; each Stats (one per thread) owns one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/stats/counts.h"
#include "imr/stats/histogram.h"
#include "imr/stats/tables.h"
#include "imr/stats/vocabulary.h"

namespace imr::stats {

// Values by id (or by a small enum), grown on first use.
template <typename V>
class ById {
 public:
  template <typename Key>
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
  ById<std::uint64_t>& table(GuidelineCounts id) { return tables[id]; }

  TablesById<GuidelineCounts, ById<std::uint64_t>> tables;
};

struct Tally {
  // Vocabularies (KeySource names what each holds). Canonical names are
  // interned as they are; letter text is normalised like the reports print
  // it.
  Vocabulary years, quarters;  // Stats derives their keys from dates
  Vocabulary layouts;
  Vocabulary categories, drug_classes;
  Vocabulary regions;
  Vocabulary specialties{Vocabulary::Spelling::kText};
  Vocabulary parts{Vocabulary::Spelling::kText};
  Vocabulary citation_texts{Vocabulary::Spelling::kText};  // sections and pages of MTUS citations, for topics
  Vocabulary topics;
  Vocabulary titles{Vocabulary::Spelling::kTextLowercase};

  std::uint64_t letters = 0;  // letters tallied: none means there is nothing to fold
  std::uint64_t items = 0;    // items tallied

  // Stamps, by key id, for what a letter (or an item) counts once under each
  // of its keys: a key is counted only if its stamp is not the letter's (or
  // item's) number yet, so no set of keys is built per letter.
  ById<std::uint64_t> specialty_counted_at;  // by specialty id, a letter number
  ById<std::uint64_t> mtus_part_counted_at;  // by part id, an item number
  // Whether `id` is not counted at `number` yet; stamps it.
  static bool CountOnce(ById<std::uint64_t>* counted_at, Vocabulary::Id id, std::uint64_t number) {
    std::uint64_t& stamp = (*counted_at)[id];
    if (stamp == number) return false;
    stamp = number;
    return true;
  }

  ById<std::uint64_t>& table(Counts id) { return counts[id]; }
  ById<OutcomeCounts>& table(Outcomes id) { return outcomes[id]; }
  ById<Histogram>& table(Intervals id) { return intervals[id]; }

  TablesById<Counts, ById<std::uint64_t>> counts;
  TablesById<Outcomes, ById<OutcomeCounts>> outcomes;
  TablesById<Intervals, ById<Histogram>> intervals;
  GuidelineTally claims_administrator, maximus;

  // The key of `id` in `keys`.
  std::string_view Key(KeySource keys, Vocabulary::Id id) const;
  // Adds every count to the table of `s` it belongs to, under its key.
  void FoldInto(StatsCounts* s) const;
};

}  // namespace imr::stats
