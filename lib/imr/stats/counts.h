// File: imr/stats/counts.h
//
// Every count of the corpus statistics: what a partial file holds
// (partial.h), what the reports render (report.h) and what Merge() adds up.
// The keyed tables are declared once in tables.h and reached by id with
// table(). Every field is an exact count (histograms included: no sampling,
// no floating point), so merging is associative and commutative. Keyed
// tables are ordered maps, so every rendering is deterministic. Letters are
// added through Stats (stats.h).
//
// Letters are counted once; items once per group they fall in (an item of a
// letter whose reviewer lists two specialties counts under both; an item
// whose MAXIMUS block cites two sources counts under both).
//
// Example:
//   StatsCounts total;
//   total.Merge(shard);
//   total.table(Outcomes::kByCategory).at("pharmaceuticals").upheld;
//
// Thread-safety: none; one per thread, merged at the end.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "imr/extract/letter.h"
#include "imr/stats/histogram.h"
#include "imr/stats/keyed_table.h"
#include "imr/stats/tables.h"

namespace imr::stats {

// What happened to the input: every byte and record is accounted for.
struct Accounting {
  std::uint64_t files = 0;         // sources read to the end
  std::uint64_t files_failed = 0;  // sources that could not be opened or read
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_skipped = 0;      // non-whitespace bytes outside every letter
  std::uint64_t bytes_blank = 0;        // whitespace outside every letter
  std::uint64_t skipped_ranges = 0;     // ranges holding non-whitespace (reported)
  std::uint64_t records_failed = 0;     // JSON Lines records that could not be read
  std::uint64_t letters_truncated = 0;  // letters cut at the maximum letter size

  void Merge(const Accounting& o);
  friend bool operator==(const Accounting&, const Accounting&) = default;
};

// A count of a struct with its name in partial files and the JSON report,
// so that Merge, the partial reader and writer and the report list the
// counts of Accounting and GuidelineStats once.
template <typename T>
struct NamedCount {
  std::string_view name;
  std::uint64_t T::*count;
};

inline constexpr NamedCount<Accounting> kAccountingCounts[] = {
    {"files", &Accounting::files},
    {"files_failed", &Accounting::files_failed},
    {"bytes_read", &Accounting::bytes_read},
    {"bytes_skipped", &Accounting::bytes_skipped},
    {"bytes_blank", &Accounting::bytes_blank},
    {"skipped_ranges", &Accounting::skipped_ranges},
    {"records_failed", &Accounting::records_failed},
    {"letters_truncated", &Accounting::letters_truncated},
};

struct OutcomeCounts {
  std::uint64_t upheld = 0;
  std::uint64_t overturned = 0;

  std::uint64_t total() const { return upheld + overturned; }
  void Add(extract::Outcome o) { ++(o == extract::Outcome::kUpheld ? upheld : overturned); }
  void Merge(const OutcomeCounts& o) {
    upheld += o.upheld;
    overturned += o.overturned;
  }
  friend bool operator==(const OutcomeCounts&, const OutcomeCounts&) = default;
};

// Keyed tables, in key order.
using Counter = KeyedTable<std::uint64_t>;
using OutcomeTable = KeyedTable<OutcomeCounts>;
using HistogramTable = KeyedTable<Histogram>;

// Keys used for what a letter did not say.
inline constexpr std::string_view kUnknown = "unknown";
inline constexpr std::string_view kNone = "none";

// One guideline block kind ("Claims Administrator guideline:" or "MAXIMUS
// guideline:") over all items.
struct GuidelineStats {
  std::uint64_t blocks = 0;   // items with the block
  std::uint64_t missing = 0;  // items without it
  std::uint64_t no_evidence_cited = 0;
  std::uint64_t outside_mtus = 0;
  std::uint64_t no_guidelines_found = 0;

  Counter& table(GuidelineCounts id) { return tables_[id]; }
  const Counter& table(GuidelineCounts id) const { return tables_[id]; }

  void Merge(const GuidelineStats& o);
  friend bool operator==(const GuidelineStats&, const GuidelineStats&) = default;

 private:
  TablesById<GuidelineCounts, Counter> tables_;
};

// Before its tables, in partial files and the JSON report.
inline constexpr NamedCount<GuidelineStats> kGuidelineCounts[] = {
    {"blocks", &GuidelineStats::blocks},
    {"missing", &GuidelineStats::missing},
    {"no_evidence_cited", &GuidelineStats::no_evidence_cited},
    {"outside_mtus", &GuidelineStats::outside_mtus},
    {"no_guidelines_found", &GuidelineStats::no_guidelines_found},
};

struct StatsCounts {
  // --- Volumes
  std::uint64_t letters = 0;
  std::uint64_t letters_with_warnings = 0;  // rejected ones included
  std::uint64_t letters_rejected = 0;       // layout unknown or unsupported: no items read
  std::uint64_t items = 0;
  Histogram items_per_letter;  // letters by their number of items

  // --- Outcomes (items)
  OutcomeCounts outcomes;

  // --- Guidelines (items)
  GuidelineStats claims_administrator;
  GuidelineStats maximus;

  // --- Timing (letters; days between header dates)
  Histogram received_to_decision;        // application received -> decision
  Histogram ur_denial_to_decision;       // UR denial -> decision
  Histogram injury_to_decision;          // date of injury -> decision
  std::uint64_t dates_out_of_order = 0;  // an interval that would be negative (left out above)

  // --- Quality
  std::uint64_t warnings_by_code[static_cast<int>(extract::WarningCode::kCount)] = {};
  std::uint64_t rationale_agrees = 0;     // conclusion matches the outcome
  std::uint64_t rationale_disagrees = 0;  // "medically necessary" yet upheld, or the reverse
  std::uint64_t rationale_no_conclusion = 0;
  std::uint64_t items_unclassified = 0;  // category "other"
  std::set<std::string> taxonomies;      // fingerprints of the taxonomies used
  Accounting accounting;

  // The keyed tables, by id (tables.h).
  Counter& table(Counts id) { return counts_[id]; }
  const Counter& table(Counts id) const { return counts_[id]; }
  OutcomeTable& table(Outcomes id) { return outcomes_[id]; }
  const OutcomeTable& table(Outcomes id) const { return outcomes_[id]; }
  HistogramTable& table(Intervals id) { return intervals_[id]; }
  const HistogramTable& table(Intervals id) const { return intervals_[id]; }

  void Merge(const StatsCounts& o);
  friend bool operator==(const StatsCounts&, const StatsCounts&) = default;

 private:
  TablesById<Counts, Counter> counts_;
  TablesById<Outcomes, OutcomeTable> outcomes_;
  TablesById<Intervals, HistogramTable> intervals_;
};

}  // namespace imr::stats
