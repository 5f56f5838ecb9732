// File: imr/extract/warning.h
//
// Warning codes: one per kind of anomaly, so that a letter the extractor could
// not fully read is kept and flagged, never dropped. The codes are part of the
// output schema (data/letter.schema.json); add new ones at the end.
#pragma once

#include <cstdint>
#include <string_view>

namespace imr::extract {

#define IMR_WARNING_CODES(X)                                                                                 \
  X(kUnknownLayout, "unknown_layout", "no known template recognised")                                        \
  X(kUnsupportedLayout, "unsupported_layout", "template recognised, but its items are not parsed")           \
  X(kTruncated, "truncated", "letter longer than the maximum size; the rest was skipped")                    \
  X(kMissingCaseNumber, "missing_case_number", "no case number")                                             \
  X(kMissingHeaderDate, "missing_header_date", "a header date label without a valid date")                   \
  X(kBadDate, "bad_date", "a date-like value that is not a calendar date")                                   \
  X(kMissingDateOfInjury, "missing_date_of_injury", "no date of injury in the header or summary")            \
  X(kMissingDecisionDate, "missing_decision_date", "no decision date")                                       \
  X(kMissingReviewer, "missing_reviewer", "no licensure or specialty found")                                 \
  X(kMissingPatient, "missing_patient", "no age or sex found in the summary")                                \
  X(kNoIssuesSection, "no_issues_section", "no IMR ISSUES, DECISIONS AND RATIONALES heading")                \
  X(kNoItems, "no_items", "no item with an outcome")                                                         \
  X(kLabelCountMismatch, "label_count_mismatch", "outcomes and guideline/rationale labels differ in number") \
  X(kMissingGuideline, "missing_guideline", "an item lacks a guideline block")                               \
  X(kMissingRationale, "missing_rationale", "an item lacks its decision rationale")                          \
  X(kRationaleDisagrees, "rationale_disagrees", "the rationale's conclusion contradicts the outcome")        \
  X(kNoConclusion, "no_conclusion", "the rationale states no medical-necessity conclusion")                  \
  X(kInvalidUtf8, "invalid_utf8", "bytes that are not UTF-8 were replaced")                                  \
  X(kBinaryContent, "binary_content", "NUL or other control bytes in the text")

enum class WarningCode : std::uint8_t {
#define IMR_WARNING_ENUM(name, code, text) name,
  IMR_WARNING_CODES(IMR_WARNING_ENUM)
#undef IMR_WARNING_ENUM
      kCount
};

struct Warning {
  WarningCode code;
  int item;  // index of the item concerned, or -1 for the letter
};

std::string_view WarningName(WarningCode code);         // "missing_case_number"
std::string_view WarningDescription(WarningCode code);  // one line for people

// Whether the warning says the letter's fields were not read (its layout is
// unknown or has no extractor): such a letter is counted as rejected.
constexpr bool RejectsLetter(WarningCode code) {
  return code == WarningCode::kUnknownLayout || code == WarningCode::kUnsupportedLayout;
}

}  // namespace imr::extract
