#include "imr/gen/letter_plan.h"

#include <algorithm>
#include <chrono>

#include "imr/extract/dates.h"
#include "imr/gen/date_text.h"

namespace imr::gen {

void PlanDrawer::Draw(const LetterOptions& options, Rng& rng, LetterPlan* plan) {
  if (options.layout_2014 && options.layout_2016) {
    plan->year = rng.PerMille(450) ? 2014 : 2016;
  } else {
    plan->year = options.layout_2014 ? 2014 : 2016;
  }
  if (plan->year == 2014) {
    const int s = static_cast<int>(rng.Below(10));
    plan->style = s < 6 ? Style::kSpaced : s < 8 ? Style::kTabs : Style::kRaw;
    plan->header = !rng.PerMille(400);
  } else {
    const int s = static_cast<int>(rng.Below(3));
    plan->style = s == 0 ? Style::kLayout : s == 1 ? Style::kDefault : Style::kRaw;
    plan->header = true;
  }
  plan->crlf = rng.PerMille(80);
  DrawDates(rng, plan);
  plan->expedited = rng.PerMille(40);
  plan->age = rng.Range(19, 74);
  plan->female = rng.PerMille(480);
  plan->region = &rng.Pick(v_.regions);
  DrawReviewer(rng, plan);
  const int n = ItemCount(rng);
  const double pharma_share = plan->year == 2014 ? 0.46 : 0.33;
  plan->items.resize(static_cast<std::size_t>(n));
  for (ItemPlan& it : plan->items) items_.Draw(rng, pharma_share, &it);
}

// The decision date first, then every other date before it; then the case
// number, whose year is the decision's or the one before.
void PlanDrawer::DrawDates(Rng& rng, LetterPlan* plan) const {
  using std::chrono::days;
  const std::chrono::sys_days first =
      plan->year == 2014 ? extract::ToSysDays({2014, 2, 1}) : extract::ToSysDays({2016, 1, 4});
  const auto decision = first + days(rng.Range(0, plan->year == 2014 ? 690 : 720));
  const auto assigned = decision - days(rng.Range(8, 45));
  const auto application = assigned - days(rng.Range(1, 12));
  const auto ur = application - days(rng.Range(3, 30));
  const auto injury = ur - days(rng.Range(60, 9000));
  plan->decision = extract::FromSysDays(decision);
  plan->assigned = extract::FromSysDays(assigned);
  plan->application = extract::FromSysDays(application);
  plan->ur = extract::FromSysDays(ur);
  plan->injury = extract::FromSysDays(injury);
  const int yy = (plan->decision.year - (rng.PerMille(300) ? 1 : 0)) % 100;
  plan->case_number = "CM";
  AppendInt(&plan->case_number, yy, 2);
  plan->case_number += '-';
  AppendInt(&plan->case_number, static_cast<int>(rng.Below(10000000)), 7);
}

void PlanDrawer::DrawReviewer(Rng& rng, LetterPlan* plan) const {
  Reviewer& rev = plan->reviewer;
  rev.states.clear();
  rev.specialties.clear();
  rev.prose = plan->year == 2014 && rng.PerMille(300);
  rev.no_space_after_comma = rng.PerMille(500);
  const int nstates = rev.prose ? 1 : (rng.PerMille(650) ? 1 : rng.Range(2, 3));
  for (int k = 0; k + 1 < nstates; ++k) {
    const std::string_view s = rng.Pick(v_.states);
    if (s != "California" && std::find(rev.states.begin(), rev.states.end(), s) == rev.states.end()) {
      rev.states.push_back(s);
    }
  }
  rev.states.push_back("California");
  rev.specialties.push_back(rng.Pick(v_.specialties));
  if (rng.PerMille(rev.prose ? 600 : 400)) {
    const std::string_view s = rev.prose ? rng.Pick(v_.subspecialties) : rng.Pick(v_.specialties);
    if (s != rev.specialties[0]) rev.specialties.push_back(s);
  }
}

}  // namespace imr::gen
