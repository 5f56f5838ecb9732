// File: imr/gen/letter_maker.h
//
// How a synthetic letter is made (internal to imr/gen; the API is
// letter_gen.h): first every value is drawn (letter_plan.h), then the
// letter is written section by section in its pdftotext style
// (wrap_writer.h), each field the truth records marked as a span of the
// text as it is written (letter_truth.h), and last the spans become the
// truth. The sections live in one file each: letter_header.cc,
// letter_credentials.cc, letter_summary.cc, letter_items.cc.
//
// Thread-safety: one maker per thread.
// Lifetime: `vocab` must outlive the maker and the truth it makes.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "imr/gen/guideline_text.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/letter_plan.h"
#include "imr/gen/letter_truth.h"
#include "imr/gen/marked_text.h"
#include "imr/gen/rng.h"
#include "imr/gen/vocab.h"
#include "imr/gen/wrap_writer.h"

namespace imr::gen {

class LetterMaker {
 public:
  LetterMaker(const Vocab& v, const LetterOptions& o) : v_(v), o_(o), planner_(v), guideline_(v) {}

  // Every member is reset here, so one maker serves many letters and its
  // buffers stop allocating once warm.
  void Make(std::uint64_t index, GeneratedLetter* g);

 private:
  // letter_header.cc: the header block (case number, dates, priority).
  void WriteHeader(WrapWriter& w);
  // letter_credentials.cc: how the determination was made, and the
  // reviewer's licensure and specialties.
  void WriteCredentials(WrapWriter& w);
  void WriteCredentialLists(WrapWriter& w);
  // letter_summary.cc: the clinical case summary.
  void WriteSummary(WrapWriter& w);
  // letter_items.cc: each item's title, guideline blocks and rationale.
  void WriteIssues(WrapWriter& w);
  void WriteItem(WrapWriter& w, std::size_t k);
  void WriteTitle(WrapWriter& w, const ItemPlan& it, PendingItem* pi);
  void WriteGuideline(WrapWriter& w, std::string_view label, bool maximus, bool first, PendingGuideline* g);
  void WriteRationale(WrapWriter& w, const ItemPlan& it, PendingItem* pi);

  // A cleared paragraph buffer; valid until the next letter (a deque never
  // moves its elements).
  Para& NewPara();
  // Appends a vocabulary sentence with {REGION}, {SVC}, {GAP} and {DATE}
  // (a date up to 200 days before `near`) filled.
  void AppendSentence(Para& p, std::string_view sentence, std::string_view region, std::string_view svc,
                      const extract::Date& near);
  // The heading-to-paragraph gap of the 2014-15 styles.
  void HeadingGap(WrapWriter& w);

  const Vocab& v_;
  const LetterOptions o_;
  PlanDrawer planner_;
  GuidelineText guideline_;
  Rng rng_{0};
  GeneratedLetter* g_ = nullptr;
  LetterPlan plan_;
  PendingTruth truth_;
  TruthResolver resolver_;
  std::deque<Para> paras_;
  std::size_t paras_used_ = 0;
  std::vector<std::size_t> state_marks_, specialty_marks_;  // scratch of WriteCredentials
};

}  // namespace imr::gen
