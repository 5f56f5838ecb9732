// File: imr/stats/tables.h
//
// Every keyed table of the statistics (letters by decision year, items by
// category, MTUS citations by part, ...), declared once: its key in partial
// files, where its keys come from, and how the reports render it. Storage
// (counts.h, tally.h), Merge, the folding of a tally, the partial reader and
// writer (partial.h) and both renderers (report.h) walk these lists, so a new
// table is an id and a spec here plus the line of Stats::AddLetter that
// counts it.
//
// Tables come in four kinds by what a row holds and where it lives, each with
// its enum of ids and its list of specs in the same order:
//   Counts           a count per key (letters by year, items by title)
//   Outcomes         upheld/overturned items per key
//   Intervals        a histogram of days per key (by decision quarter)
//   GuidelineCounts  a count per key, in each guideline block
//
// A list is in report order: the reports render the tables of a Section in
// list order, tables of counts before tables of outcomes. A partial file
// lists each kind in list order too (tables of counts in runs among the other
// fields, see PartialRun), so a table's place in its list is part of the
// partial format: append, and bump kPartialVersion (partial.h).
//
// Example:
//   s.table(Outcomes::kByCategory).at("pharmaceuticals").upheld;
//   for (const TableSpec<Outcomes>& spec : kOutcomeTables) s.table(spec.id);
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace imr::stats {

// Where a table's keys come from: a vocabulary of the tally (tally.h),
// interned as letters are counted, or a fixed universe of ids.
enum class KeySource : std::uint8_t {
  kYears,        // "2016", "unknown"
  kQuarters,     // "2016-Q4", "unknown"
  kLayouts,      // LayoutSpec names
  kCategories,   // taxonomy categories ("other" when unclassified)
  kDrugClasses,  // taxonomy drug classes
  kRegions,      // canonical body regions, "unknown"
  kSpecialties,  // reviewer specialties, whitespace-normalised, "unknown"
  kParts,        // citation parts, "unknown"
  kTopics,       // "part: section", "part: page(s) N"
  kTitles,       // disputed services, normalised and lower-cased
  // Fixed universes (tally.h gives their ids).
  kSources,     // MTUS, ODG, ACOEM, other; "none"
  kAgeBands,    // "under 25", ..., "65 and over", "unknown"
  kSexes,       // "female", "male", "unknown"
  kAgreements,  // "neither_cites", ..., "different_guidelines"
};

// The report's sections that render tables from their specs, in report
// order. Patients are two, because a section lists its tables of counts
// before its tables of outcomes and the report pairs them by age and sex.
// kOwnCode: the table is rendered by code of its own in report.cc.
enum class Section : std::uint8_t {
  kVolumes,
  kOutcomes,
  kTiming,
  kPatientsByAge,
  kPatientsBySex,
  kQuality,
  kOwnCode,
};

// Row order in the reports.
enum class RowOrder : std::uint8_t {
  kByCount,    // decreasing count, then key; "unknown"/"none" last
  kByKey,      // key order; "unknown"/"none" last
  kByAgeBand,  // youngest first, "unknown" last
};

// What the rows of a table of counts are a share of, in the reports.
enum class Share : std::uint8_t {
  kNone,  // plain counts
  kOfLetters,
  kOfBlocks,  // of the items with the guideline block
};

// Where a partial file lists a table of counts among the other fields (the
// layout of version 1).
enum class PartialRun : std::uint8_t {
  kVolumes,       // after items_per_letter
  kAgreement,     // after the guideline blocks
  kLetters,       // after dates_out_of_order
  kUnclassified,  // after items_unclassified
};

template <typename Id>
struct TableSpec {
  Id id;
  std::string_view key;  // in partial files and --format json
  KeySource keys;
  Section section = Section::kOwnCode;
  std::string_view title = {};       // Markdown heading
  std::string_view key_header = {};  // Markdown: header of the key column
  RowOrder order = RowOrder::kByCount;
  Share share = Share::kNone;
  std::size_t markdown_rows = SIZE_MAX;           // the rest: "(N more rows in --format json)"
  std::string_view json_key = {};                 // in --format json, where it is not `key`
  PartialRun partial_run = PartialRun::kVolumes;  // tables of counts only

  std::string_view report_key() const { return json_key.empty() ? key : json_key; }
};

// The Markdown reports cut long tables to this many rows (JSON has them all).
inline constexpr std::size_t kMarkdownRows = 25;

// ---------------------------------------------------------------------------
// Counts.

enum class Counts : std::uint8_t {
  kLettersByDecisionYear,
  kLettersByDecisionQuarter,
  kGuidelineAgreement,
  kLettersByAccidentYear,
  kLettersByAgeBand,
  kLettersBySex,
  kLettersByLayout,
  kUnclassifiedTitles,
};

inline constexpr TableSpec<Counts> kCountTables[] = {
    {.id = Counts::kLettersByDecisionYear,
     .key = "letters_by_decision_year",
     .keys = KeySource::kYears,
     .section = Section::kVolumes,
     .title = "Letters by decision year",
     .key_header = "Year",
     .order = RowOrder::kByKey,
     .share = Share::kOfLetters},
    {.id = Counts::kLettersByDecisionQuarter,
     .key = "letters_by_decision_quarter",
     .keys = KeySource::kQuarters,
     .section = Section::kVolumes,
     .title = "Letters by decision quarter",
     .key_header = "Quarter",
     .order = RowOrder::kByKey,
     .share = Share::kOfLetters},
    // Claims administrator vs MAXIMUS, per item (tally.h: AgreementKey).
    {.id = Counts::kGuidelineAgreement,
     .key = "guideline_agreement",
     .keys = KeySource::kAgreements,
     .partial_run = PartialRun::kAgreement},
    {.id = Counts::kLettersByAccidentYear,
     .key = "letters_by_accident_year",
     .keys = KeySource::kYears,
     .section = Section::kTiming,
     .title = "Accident year (year of injury)",
     .key_header = "Year",
     .order = RowOrder::kByKey,
     .share = Share::kOfLetters,
     .partial_run = PartialRun::kLetters},
    {.id = Counts::kLettersByAgeBand,
     .key = "letters_by_age_band",
     .keys = KeySource::kAgeBands,
     .section = Section::kPatientsByAge,
     .title = "Letters by age band",
     .key_header = "Age",
     .order = RowOrder::kByAgeBand,
     .share = Share::kOfLetters,
     .partial_run = PartialRun::kLetters},
    {.id = Counts::kLettersBySex,
     .key = "letters_by_sex",
     .keys = KeySource::kSexes,
     .section = Section::kPatientsBySex,
     .title = "Letters by sex",
     .key_header = "Sex",
     .share = Share::kOfLetters,
     .partial_run = PartialRun::kLetters},
    {.id = Counts::kLettersByLayout,
     .key = "letters_by_layout",
     .keys = KeySource::kLayouts,
     .section = Section::kQuality,
     .title = "Letters by layout",
     .key_header = "Layout",
     .share = Share::kOfLetters,
     .partial_run = PartialRun::kLetters},
    // Items in category "other", by disputed service.
    {.id = Counts::kUnclassifiedTitles,
     .key = "unclassified_titles",
     .keys = KeySource::kTitles,
     .partial_run = PartialRun::kUnclassified},
};

// ---------------------------------------------------------------------------
// Outcomes (items; an item counts once under each key it has).

enum class Outcomes : std::uint8_t {
  kByCategory,
  kByDrugClass,
  kByDecisionYear,
  kBySpecialty,
  kByMaximusSource,
  kByMtusPart,
  kByBodyRegion,
  kByAgeBand,
  kBySex,
};

inline constexpr TableSpec<Outcomes> kOutcomeTables[] = {
    {.id = Outcomes::kByCategory,
     .key = "by_category",
     .keys = KeySource::kCategories,
     .section = Section::kOutcomes,
     .title = "By service category",
     .key_header = "Category"},
    {.id = Outcomes::kByDrugClass,
     .key = "by_drug_class",
     .keys = KeySource::kDrugClasses,
     .section = Section::kOutcomes,
     .title = "By drug class (pharmaceuticals)",
     .key_header = "Drug class"},
    {.id = Outcomes::kByDecisionYear,
     .key = "by_decision_year",
     .keys = KeySource::kYears,
     .section = Section::kOutcomes,
     .title = "By decision year",
     .key_header = "Year",
     .order = RowOrder::kByKey},
    {.id = Outcomes::kBySpecialty,
     .key = "by_specialty",
     .keys = KeySource::kSpecialties,
     .section = Section::kOutcomes,
     .title = "By reviewer specialty",
     .key_header = "Specialty",
     .markdown_rows = kMarkdownRows},
    // Sources the MAXIMUS block cites.
    {.id = Outcomes::kByMaximusSource,
     .key = "by_maximus_source",
     .keys = KeySource::kSources,
     .section = Section::kOutcomes,
     .title = "By MAXIMUS guideline source",
     .key_header = "Source"},
    // MTUS parts the MAXIMUS block cites.
    {.id = Outcomes::kByMtusPart,
     .key = "by_mtus_part",
     .keys = KeySource::kParts,
     .section = Section::kOutcomes,
     .title = "By MTUS part cited by MAXIMUS",
     .key_header = "MTUS part"},
    {.id = Outcomes::kByBodyRegion,
     .key = "by_body_region",
     .keys = KeySource::kRegions,
     .section = Section::kOutcomes,
     .title = "By body region",
     .key_header = "Body region"},
    {.id = Outcomes::kByAgeBand,
     .key = "by_age_band",
     .keys = KeySource::kAgeBands,
     .section = Section::kPatientsByAge,
     .title = "Outcomes by age band",
     .key_header = "Age",
     .order = RowOrder::kByAgeBand,
     .json_key = "outcomes_by_age_band"},
    {.id = Outcomes::kBySex,
     .key = "by_sex",
     .keys = KeySource::kSexes,
     .section = Section::kPatientsBySex,
     .title = "Outcomes by sex",
     .key_header = "Sex",
     .json_key = "outcomes_by_sex"},
};

// ---------------------------------------------------------------------------
// Intervals (letters; days to decision by decision quarter). The timing
// section renders them side by side, columns headed by their titles.

enum class Intervals : std::uint8_t {
  kReceivedToDecisionByQuarter,
  kUrDenialToDecisionByQuarter,
};

inline constexpr TableSpec<Intervals> kIntervalTables[] = {
    {.id = Intervals::kReceivedToDecisionByQuarter,
     .key = "received_to_decision_by_quarter",
     .keys = KeySource::kQuarters,
     .title = "Received"},
    {.id = Intervals::kUrDenialToDecisionByQuarter,
     .key = "ur_denial_to_decision_by_quarter",
     .keys = KeySource::kQuarters,
     .title = "UR denial"},
};

// ---------------------------------------------------------------------------
// GuidelineCounts (items, in each guideline block). The reports render each
// with two columns, claims administrator and MAXIMUS, over the keys of both.

enum class GuidelineCounts : std::uint8_t {
  kItemsBySource,
  kCitationsBySource,
  kMtusParts,
  kMtusTopics,
};

inline constexpr TableSpec<GuidelineCounts> kGuidelineTables[] = {
    // Items citing a source at least once; "none": citing nothing.
    {.id = GuidelineCounts::kItemsBySource,
     .key = "items_by_source",
     .keys = KeySource::kSources,
     .title = "Items citing each source",
     .key_header = "Source",
     .share = Share::kOfBlocks},
    // Every citation.
    {.id = GuidelineCounts::kCitationsBySource,
     .key = "citations_by_source",
     .keys = KeySource::kSources,
     .title = "Citations by source",
     .key_header = "Source"},
    {.id = GuidelineCounts::kMtusParts,
     .key = "mtus_parts",
     .keys = KeySource::kParts,
     .title = "MTUS citations by part",
     .key_header = "MTUS part"},
    // "part: section", or "part: page(s) N" when no section is named.
    {.id = GuidelineCounts::kMtusTopics,
     .key = "mtus_topics",
     .keys = KeySource::kTopics,
     .title = "MTUS citations by section or topic",
     .key_header = "Part: section or topic",
     .markdown_rows = kMarkdownRows},
};

// ---------------------------------------------------------------------------
// The specs of a kind, found by its id type.

constexpr std::span<const TableSpec<Counts>> SpecsOf(Counts) { return kCountTables; }
constexpr std::span<const TableSpec<Outcomes>> SpecsOf(Outcomes) { return kOutcomeTables; }
constexpr std::span<const TableSpec<Intervals>> SpecsOf(Intervals) { return kIntervalTables; }
constexpr std::span<const TableSpec<GuidelineCounts>> SpecsOf(GuidelineCounts) { return kGuidelineTables; }

template <typename Id>
inline constexpr std::span<const TableSpec<Id>> kSpecs = SpecsOf(Id{});
template <typename Id>
inline constexpr std::size_t kTableCount = SpecsOf(Id{}).size();

template <typename Id>
constexpr bool SpecsInIdOrder() {
  for (std::size_t i = 0; i < kTableCount<Id>; ++i) {
    if (static_cast<std::size_t>(kSpecs<Id>[i].id) != i) return false;
  }
  return true;
}
static_assert(SpecsInIdOrder<Counts>() && SpecsInIdOrder<Outcomes>() && SpecsInIdOrder<Intervals>() &&
              SpecsInIdOrder<GuidelineCounts>());

// One table of type `Table` per id of `Id`, indexed by id.
template <typename Id, typename Table>
class TablesById {
 public:
  Table& operator[](Id id) { return tables_[static_cast<std::size_t>(id)]; }
  const Table& operator[](Id id) const { return tables_[static_cast<std::size_t>(id)]; }

  friend bool operator==(const TablesById&, const TablesById&) = default;

 private:
  std::array<Table, kTableCount<Id>> tables_;
};

}  // namespace imr::stats
