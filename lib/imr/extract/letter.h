// File: imr/extract/letter.h
//
// The typed record of one IMR determination letter, as the extractor fills
// it. Text fields are raw spans of the letter (line breaks, page breaks and
// redaction gaps included); writers normalise them (imr::AppendNormalized) on
// output, so extraction itself copies no text.
//
// Lifetime: every std::string_view here points into the letter's text (or
// into static storage for canonical names), so a Letter is only valid while
// the Batch that owns that text lives. Copy what must outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "imr/extract/warning.h"

namespace imr::extract {

struct LayoutSpec;

enum class Outcome : std::uint8_t { kUpheld, kOverturned };
enum class Priority : std::uint8_t { kUnknown, kStandard, kExpedited };
enum class Sex : std::uint8_t { kUnknown, kFemale, kMale };
enum class CitationSource : std::uint8_t { kMtus, kOdg, kAcoem, kOther };

std::string_view OutcomeName(Outcome o);                // "upheld" | "overturned"
std::string_view PriorityName(Priority p);              // "standard" | "expedited" | ""
std::string_view SexName(Sex s);                        // "female" | "male" | ""
std::string_view CitationSourceName(CitationSource s);  // "MTUS" | "ODG" | "ACOEM" | "other"

// A calendar date; year == 0 means absent. Always valid when present.
struct Date {
  std::int16_t year = 0;
  std::int8_t month = 0;
  std::int8_t day = 0;
  bool present() const { return year != 0; }
  friend bool operator==(const Date&, const Date&) = default;
};
// A present date as "YYYY-MM-DD", written into *buf; the view points there.
std::string_view IsoDate(const Date& d, std::array<char, 10>* buf);

// One guideline cited in a guideline block.
struct Citation {
  CitationSource source = CitationSource::kOther;
  std::string_view part;                   // "Low Back Complaints", "Official Disability Guidelines", ...
  int year = 0;                            // edition year when stated (2004, 2016), else 0
  std::vector<std::string_view> sections;  // "Section(s): ..." or a 2014-style topic
  std::vector<std::string_view> pages;     // "Page(s): 46-47, 60" -> {"46-47", "60"}
};

// A "Claims Administrator guideline:" or "MAXIMUS guideline:" block.
struct Guideline {
  std::string_view text;  // raw block after the label; empty when the label is missing
  std::vector<Citation> citations;
  bool no_evidence_cited = false;    // "did not cite any medical evidence"
  bool outside_mtus = false;         // "outside of the MTUS" / "did not base their decision on the MTUS"
  bool no_guidelines_found = false;  // "No guidelines found"
};

struct Item {
  std::string_view title;  // heading text before the final ": Upheld|Overturned"
  Outcome outcome = Outcome::kUpheld;
  // Partial decisions: "X was the original request. Y was authorized ...
  // The remaining IMR eligible portion of the original request, Z is: ..."
  std::string_view original_request;  // X (empty unless partial)
  std::string_view authorized;        // Y (empty unless partial)
  std::string_view disputed;          // the service decided: Z, or the title
  std::optional<int> quantity;        // 12 visits, #60, 3 times a week for 2 weeks -> 6
  std::string_view unit;              // canonical: "visits", "sessions", "tablets", "months", ...
  std::string_view body_region;       // canonical: "lumbar spine", "knee", ...
  // Set by the taxonomy (imr/taxonomy) after extraction; views into the
  // Taxonomy's rules, which outlive every letter they classify.
  std::string_view category;    // "pharmaceuticals", "imaging", ..., "other"
  std::string_view drug_class;  // "opioids", ...; empty unless a drug
  Guideline claims_administrator;
  Guideline maximus;
  std::string_view rationale;               // after "Decision rationale:"
  std::optional<bool> medically_necessary;  // the rationale's conclusion
};

struct Letter {
  std::string_view text;  // the whole letter
  const LayoutSpec* layout = nullptr;
  std::string_view case_number;
  Date date_assigned, date_of_injury, decision_date, ur_denial_date, application_received;
  Priority priority = Priority::kUnknown;
  std::vector<std::string_view> licensure;  // states
  std::vector<std::string_view> specialties;
  std::optional<int> age;
  Sex sex = Sex::kUnknown;
  std::string_view summary;  // the clinical case summary, when the layout has one
  // The drugs the summary names (the taxonomy's names, lower case) and each
  // one's drug class; filled when records are written (jobs::ReadLetter).
  std::vector<std::string_view> medications, medication_classes;
  std::vector<Item> items;
  std::vector<Warning> warnings;

  // Empties the letter for the next one. The vectors keep their capacity,
  // and so do the citations' lists: Clear keeps the items' citation lists
  // aside as they are, and AddCitation takes their citations' sections and
  // pages one citation at a time, so that a letter like an earlier one
  // allocates nothing and Clear does no work per citation.
  void Clear();
  void Warn(WarningCode code, int item = -1) { warnings.push_back({code, item}); }
  // Appends a default Item to `items`.
  Item& AddItem() { return items.emplace_back(); }
  // Appends a default Citation to `guideline->citations` (a guideline of
  // this letter's items), on the storage of one that Clear kept.
  Citation& AddCitation(Guideline* guideline);

 private:
  // The citation lists of earlier letters' items, citations and all: each
  // one's sections and pages keep their capacity until AddCitation takes it.
  std::vector<std::vector<Citation>> used_citation_lists_;
  // Empty citation lists with capacity, for guidelines that have none.
  std::vector<std::vector<Citation>> spare_citation_lists_;
};

}  // namespace imr::extract
