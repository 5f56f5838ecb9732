// File: imr/gen/letter_truth.h
//
// The truth of a synthetic letter. While the letter is written, every value
// the truth records is a span of the text (marked_text.h), collected here
// as a PendingTruth; once the text is complete (and no longer moves),
// TruthResolver turns the spans into the views of an extract::Letter, the
// record `imr extract` should produce for the letter.
//
// Example:
//   PendingTruth pending;
//   pending.Reset(plan.items.size());
//   ... write the letter, filling pending's spans ...
//   resolver.Resolve(plan, pending, &generated);   // generated.truth
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/letter_plan.h"
#include "imr/gen/marked_text.h"

namespace imr::gen {

struct PendingCitation {
  extract::CitationSource source = extract::CitationSource::kOther;
  Span part;
  std::string_view part_name, section_name;  // canonical names, used instead of spans when set
  int year = 0;
  SmallList<Span, 1> sections, pages;  // pages: one span of "46-47, 60", split when resolved
};

struct PendingGuideline {
  Span text;
  std::vector<PendingCitation> citations;
  bool no_evidence = false, outside = false, none_found = false;
  void Reset();
};

struct PendingItem {
  Span title, original, authorized, disputed, rationale;
  PendingGuideline claims, maximus;
  std::optional<bool> necessary;
};

struct PendingTruth {
  std::size_t opening = 0;  // the letter's opening line
  Span case_number;
  std::vector<Span> licensure, specialties;
  std::vector<PendingItem> items;
  // Clears every span (buffers are kept) for a letter of `items` items.
  void Reset(std::size_t items);
};

// Turns spans into truth. It keeps the items and citations a letter drops
// (the next letter may have more), so their lists stop allocating once warm.
// Thread-safety: one per thread.
class TruthResolver {
 public:
  // Fills g->truth, g->opening, g->start, g->year, g->style, g->crlf,
  // g->categories and g->drug_classes from the plan and the spans of
  // g->text.
  void Resolve(const LetterPlan& plan, const PendingTruth& pending, GeneratedLetter* g);

 private:
  void ResolveItem(const ItemPlan& plan, const PendingItem& p, extract::Item* item);
  void ResolveGuideline(const PendingGuideline& p, extract::Guideline* g);

  std::string_view text_;  // of the letter being resolved
  std::vector<extract::Item> spare_items_;
  std::vector<extract::Citation> spare_citations_;
};

}  // namespace imr::gen
