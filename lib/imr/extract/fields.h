// File: imr/extract/fields.h
//
// The field extractors of the determination-letter layouts, one family per
// file. Each reads one section of a letter and fills its part of the Letter,
// adding a warning for anything it expected and did not find. None allocates
// per byte of input; all results are views into `section` or static strings.
#pragma once

#include <optional>
#include <string_view>

#include "imr/base/text_index.h"
#include "imr/extract/letter.h"

namespace imr::extract {

// The sections of a determination letter, as views into its text; a missing
// section is empty and its start is where it would have been.
struct Sections {
  std::string_view header;       // before HOW THE IMR FINAL DETERMINATION WAS MADE
  std::string_view credentials;  // from HOW THE IMR ... to CLINICAL CASE SUMMARY
  std::string_view summary;      // the clinical case summary
  std::string_view issues;       // after IMR ISSUES, DECISIONS AND RATIONALES
  bool has_issues_heading = false;
};
Sections FindSections(std::string_view text);

// header.cc: case number, header dates, priority (label-value pairs in any
// of the three pdftotext arrangements).
void ExtractHeader(std::string_view header, Letter* letter);
// reviewer.cc: licensure (states) and specialties, from the labelled lines
// (wrapped or not; labels found at the index's colons) or from the prose "is
// Board Certified in X, has a subspecialty in Y and is licensed to practice
// in Z".
void ExtractReviewer(const IndexedPart& credentials, Letter* letter);
// patient.cc: age and sex from the summary ("47 year old female"), and the
// date of injury from its prose when the header gave none.
void ExtractPatient(std::string_view summary, Letter* letter);
// guideline.cc: the citations and flags of one guideline block. The
// citations are added with storage->AddCitation (`guideline` need not be
// one of its items').
void ParseGuideline(std::string_view block, Guideline* guideline, Letter* storage);
// quantity.cc: quantity, unit and body region stated in a service's name.
void ParseQuantity(std::string_view service, Item* item);
// quantity.cc: the canonical body region ParseQuantity reads from a
// service's name (the first one it names, the longest name at that place),
// or "" when it names none. The view is static. `imr gen` writes its truth
// with it.
std::string_view BodyRegionIn(std::string_view service);
// items.cc: the disputed items, their outcomes, guideline blocks and
// rationales, read from the issues section and its part of the letter's index
// (line ends for the outcome lines, colons for the labels).
void ExtractItems(const IndexedPart& issues, Letter* letter);
// partial.cc: original request / authorized / disputed of a partial decision.
void ParsePartialDecision(std::string_view title, Item* item);
// rationale.cc: what the rationale concludes about medical necessity.
std::optional<bool> RationaleConclusion(std::string_view rationale);

}  // namespace imr::extract
