// File: imr/eval/eval.h
//
// `imr eval`: measures extraction against ground truth. It runs the same
// extraction as `imr extract` over a corpus, writes each letter's record with
// the same writer (output::AppendLetterJson), and compares it field by field
// with the truth record of the same letter (for instance the one `imr gen
// --truth` wrote). Fields are JSON paths of the record ("case_number",
// "reviewer.licensure", "items.claims_administrator_guideline.citations"),
// found by walking the records themselves, so a field added to the schema is
// evaluated without any change here. Arrays and scalars compare as whole
// (minified JSON) values.
//
// Matching letters to truth records, first that succeeds:
//   1. JSON Lines: source.id and source.offset (inside the line's text);
//   2. source.path and source.offset, exactly;
//   3. the path's last three components and source.offset, so a corpus can
//      be moved or named differently from where it was generated.
// Items are paired by position when the counts agree, otherwise by a longest
// common subsequence of titles. A truth item with no partner counts as wrong
// in every item field (and lowers recall); a letter with no truth record is
// counted as unmatched.
//
// Example:
//   absl::StatusOr<EvalReport> r = RunEval(corpus, "truth.jsonl", {});
//   std::fputs(FormatReport(*r).c_str(), stdout);
//
// Thread-safety: RunEval runs the pipeline on its own threads; the report is
// the same at any thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "imr/corpus/corpus.h"
#include "imr/jobs/jobs.h"

namespace imr::eval {

struct EvalOptions {
  jobs::RunOptions run;
  int examples_per_field = 3;
};

struct FieldScore {
  std::string name;                              // "decision_date", "items.title", ...
  bool item = false;                             // an item field: scored per letter and per item
  std::uint64_t letters = 0, letters_equal = 0;  // truth letters with the field / where all of it is right
  std::uint64_t items = 0, items_equal = 0;      // truth items with the field / where it is right
  double letter_accuracy() const { return letters == 0 ? 1.0 : static_cast<double>(letters_equal) / letters; }
  double item_accuracy() const { return items == 0 ? 1.0 : static_cast<double>(items_equal) / items; }
};

struct Mismatch {
  std::string field, where;   // where: "path:byte N" or "path:line N"
  std::string expected, got;  // minified JSON ("<absent>" when missing)
};

struct EvalReport {
  std::uint64_t truth_letters = 0, extracted_letters = 0, matched_letters = 0;
  std::uint64_t unmatched_extracted = 0;  // letters extracted with no truth record
  std::uint64_t truth_items = 0;          // in all truth letters
  std::uint64_t extracted_items = 0;      // in matched letters
  std::uint64_t matched_items = 0, outcomes_equal = 0;
  std::vector<FieldScore> fields;    // schema order
  std::vector<Mismatch> examples;    // first mismatches in corpus order, a few per field
  std::uint64_t input_failures = 0;  // files or records that could not be read

  double letter_recall() const {
    return truth_letters == 0 ? 1.0 : static_cast<double>(matched_letters) / truth_letters;
  }
  double item_precision() const {
    return extracted_items == 0 ? 1.0 : static_cast<double>(matched_items) / extracted_items;
  }
  double item_recall() const { return truth_items == 0 ? 1.0 : static_cast<double>(matched_items) / truth_items; }
  double outcome_recall() const { return truth_items == 0 ? 1.0 : static_cast<double>(outcomes_equal) / truth_items; }
};

// Errors: NotFound/PermissionDenied (truth file), DataLoss (a truth line that
// is not a record), and the pipeline's errors.
absl::StatusOr<EvalReport> RunEval(const corpus::Corpus& corpus, const std::string& truth_path,
                                   const EvalOptions& options);

// The report as a table for people.
std::string FormatReport(const EvalReport& report);

// Fields (and recalls) below the bars, one line each; empty when all pass.
// Fields whose name starts with one of `ignore` are not checked.
std::vector<std::string> Failures(const EvalReport& report, double min_accuracy, double min_recall,
                                  const std::vector<std::string>& ignore);

}  // namespace imr::eval
