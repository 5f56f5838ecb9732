// File: imr/gen/letter_plan.h
//
// Every value a synthetic letter states, drawn before a line is written:
// template and pdftotext style, the header's dates and case number, the
// patient, the reviewer, and the disputed items (item_plan.h). The draws
// happen in a fixed order from the letter's own random stream, so a plan
// depends on (seed, index, options, vocabulary) only.
//
// Example:
//   PlanDrawer drawer(vocab);
//   LetterPlan plan;
//   drawer.Draw(options, rng, &plan);
//
// Thread-safety: one drawer per thread.
// Lifetime: `vocab` must outlive the drawer and the plans it fills.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "imr/extract/letter.h"
#include "imr/gen/item_plan.h"
#include "imr/gen/letter_gen.h"
#include "imr/gen/rng.h"
#include "imr/gen/vocab.h"

namespace imr::gen {

struct Reviewer {
  std::vector<std::string_view> states, specialties;  // vocabulary storage; California last
  bool prose = false;                                 // 2014-15: credentials in a sentence, not in lists
  bool no_space_after_comma = false;
};

struct LetterPlan {
  int year = 2016;  // template
  Style style = Style::kLayout;
  bool crlf = false;
  bool header = true;  // 2014-15 letters may lack the header block
  extract::Date decision, assigned, application, ur, injury;
  std::string case_number;
  bool expedited = false;
  int age = 40;
  bool female = false;
  const Region* region = nullptr;  // the summary's complaint
  Reviewer reviewer;
  std::vector<ItemPlan> items;
};

class PlanDrawer {
 public:
  explicit PlanDrawer(const Vocab& vocab) : v_(vocab), items_(vocab) {}

  // Overwrites every field of *plan (its buffers are reused).
  void Draw(const LetterOptions& options, Rng& rng, LetterPlan* plan);

 private:
  void DrawDates(Rng& rng, LetterPlan* plan) const;
  void DrawReviewer(Rng& rng, LetterPlan* plan) const;

  const Vocab& v_;
  ItemDrawer items_;
};

}  // namespace imr::gen
