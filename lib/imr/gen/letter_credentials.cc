// "HOW THE IMR FINAL DETERMINATION WAS MADE": the boilerplate, and the
// reviewer's licensure and specialties, in a sentence (some 2014-15
// letters) or as the "State(s) of Licensure:" and
// "Certification(s)/Specialty:" lists. Every state and specialty is marked
// for the truth.
#include <string_view>
#include <vector>

#include "imr/gen/letter_maker.h"

namespace imr::gen {
namespace {

constexpr std::string_view kHow = "HOW THE IMR FINAL DETERMINATION WAS MADE";
constexpr std::string_view kCredentials = "The Expert Reviewer has the following credentials:";
// Our own wording of the template's boilerplate.
constexpr std::string_view kBoilerplate =
    "MAXIMUS Federal Services forwarded the full case file to an independent expert reviewer who has no ties to "
    "the employer, the employee, the providers or the claims administrator. The reviewer has practiced clinically "
    "for over five years, still works in active practice at least 24 hours each week, and was chosen for training "
    "and experience in specialties that evaluate or treat the condition and the services in dispute.";
constexpr std::string_view kBoilerplateEnd =
    "The reviewer knows the governing laws and regulations, including the hierarchy of medical evidence that "
    "applies to Independent Medical Review determinations.";

// Marks `value` in `p`: its (begin, end) pair of marks goes to *marks.
void AppendMarked(Para& p, std::string_view value, std::vector<std::size_t>* marks) {
  marks->push_back(p.Mark());
  p << value;
  marks->push_back(p.Mark());
}

// `values` joined by `separator`, each marked.
void AppendMarkedList(Para& p, const std::vector<std::string_view>& values, std::string_view separator,
                      std::vector<std::size_t>* marks) {
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (k > 0) p << separator;
    AppendMarked(p, values[k], marks);
  }
}

// Pairs of marks (indices from Para::Mark) of a written paragraph as spans.
void AddSpans(const Para& p, const std::vector<std::size_t>& marks, std::vector<Span>* out) {
  for (std::size_t k = 0; k + 1 < marks.size(); k += 2) out->push_back(SpanOf(p, marks[k], marks[k + 1]));
}

}  // namespace

void LetterMaker::WriteCredentials(WrapWriter& w) {
  const bool opens = !plan_.header;
  if (opens) truth_.opening = g_->text.size();
  if (plan_.style == Style::kLayout) {
    w.Line(kHow, 17);
  } else if (plan_.style == Style::kSpaced && opens) {
    w.Line(kHow, 1);  // the opening line of a headerless letter starts with a blank
  } else {
    w.Line(kHow);
  }
  HeadingGap(w);
  const Reviewer& rev = plan_.reviewer;
  Para& boiler = NewPara();
  boiler << kBoilerplate;
  state_marks_.clear();
  specialty_marks_.clear();
  if (rev.prose) {
    boiler << " The expert reviewer is Board Certified in ";
    AppendMarked(boiler, rev.specialties[0], &specialty_marks_);
    if (rev.specialties.size() > 1) {
      boiler << ", has a subspecialty in ";
      AppendMarked(boiler, rev.specialties[1], &specialty_marks_);
    }
    boiler << " and is licensed to practice in ";
    AppendMarked(boiler, rev.states[0], &state_marks_);
    boiler << ".";
  }
  boiler << " " << kBoilerplateEnd;
  w.Paragraph(&boiler);
  AddSpans(boiler, specialty_marks_, &truth_.specialties);
  AddSpans(boiler, state_marks_, &truth_.licensure);
  w.ParaGap();
  if (!rev.prose) WriteCredentialLists(w);
}

void LetterMaker::WriteCredentialLists(WrapWriter& w) {
  const Reviewer& rev = plan_.reviewer;
  w.Line(kCredentials);
  HeadingGap(w);
  Para& states = NewPara();
  states << "State(s) of Licensure: ";
  state_marks_.clear();
  AppendMarkedList(states, rev.states, rev.no_space_after_comma ? "," : ", ", &state_marks_);
  w.Paragraph(&states);
  AddSpans(states, state_marks_, &truth_.licensure);
  HeadingGap(w);
  Para& specs = NewPara();
  specs << "Certification(s)/Specialty: ";
  specialty_marks_.clear();
  AppendMarkedList(specs, rev.specialties, ", ", &specialty_marks_);
  w.Paragraph(&specs);
  AddSpans(specs, specialty_marks_, &truth_.specialties);
  w.ParaGap();
}

}  // namespace imr::gen
