// "CLINICAL CASE SUMMARY": the patient (age, sex, the date of injury in the
// template's wording), vocabulary sentences about the case, and the
// disputed requests.
#include <algorithm>
#include <string_view>

#include "imr/gen/date_text.h"
#include "imr/gen/letter_maker.h"

namespace imr::gen {
namespace {

constexpr std::string_view kSummary = "CLINICAL CASE SUMMARY";
constexpr std::string_view kSummaryIntro =
    "The expert reviewer prepared this summary of the case from the complete case file, including all medical "
    "records:";

}  // namespace

void LetterMaker::WriteSummary(WrapWriter& w) {
  w.Line(kSummary, plan_.style == Style::kLayout ? 32 : 0);
  HeadingGap(w);
  Para& intro = NewPara();
  intro << kSummaryIntro;
  w.Paragraph(&intro);
  w.ParaGap();
  Para& p = NewPara();
  const std::string_view sex = plan_.female ? "female" : "male";
  const std::string_view region = plan_.region->words;
  const extract::Date& injury = plan_.injury;
  if (plan_.year == 2014) {
    p << "The injured worker is a " << plan_.age << (rng_.PerMille(500) ? " year old " : " year-old ") << sex
      << ", who sustained an industrial injury on ";
    AppendHeaderDate(&p.text, injury);
    p << ".";
  } else {
    p << "The applicant is a " << plan_.age << "-year-old " << sex << " who has filed a claim for chronic " << region
      << " pain reportedly associated with an industrial injury of " << MonthName(injury.month) << " " << injury.day
      << ", " << injury.year << ".";
  }
  const int sentences = rng_.Range(3, 8);
  for (int k = 0; k < sentences; ++k) {
    p << " ";
    AppendSentence(p, rng_.Pick(v_.summary), region, "", plan_.ur);
    if (rng_.PerMille(60)) p << " Flexion measured 70\xC2\xB0 and extension 15\xC2\xB0.";
  }
  p << " The disputed requests are for ";
  const std::size_t named = std::min<std::size_t>(plan_.items.size(), 4);
  for (std::size_t k = 0; k < named; ++k) {
    if (k > 0) p << (k + 1 == named ? " and " : ", ");
    p << plan_.items[k].name;
  }
  p << ".";
  w.Paragraph(&p);
  w.ParaGap();
}

}  // namespace imr::gen
