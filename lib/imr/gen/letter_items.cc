// "IMR ISSUES, DECISIONS AND RATIONALES": per item its title (with the
// original and authorized requests of a partial decision) and outcome, the
// Claims Administrator's and MAXIMUS's guideline blocks, and the rationale.
// Every field the truth records is marked as it is written.
#include <array>
#include <string_view>

#include "imr/gen/letter_maker.h"

namespace imr::gen {
namespace {

constexpr std::string_view kIssues = "IMR ISSUES, DECISIONS AND RATIONALES";
constexpr std::string_view kSetForth =
    "The Final Determination was based on decisions for the disputed items/services set forth below:";

}  // namespace

void LetterMaker::WriteIssues(WrapWriter& w) {
  if (plan_.style == Style::kLayout && rng_.PerMille(500)) w.PageBreakNext();
  w.Line(kIssues, plan_.style == Style::kLayout ? 23 : 0);
  HeadingGap(w);
  w.Line(kSetForth);
  w.ParaGap();
  for (std::size_t k = 0; k < plan_.items.size(); ++k) WriteItem(w, k);
}

void LetterMaker::WriteItem(WrapWriter& w, std::size_t k) {
  const ItemPlan& it = plan_.items[k];
  PendingItem& pi = truth_.items[k];
  if (rng_.PerMille(30)) w.PageBreakNext();  // a page break right before the title
  WriteTitle(w, it, &pi);
  w.ParaGap();
  WriteGuideline(w, "Claims Administrator guideline: ", false, k == 0, &pi.claims);
  WriteGuideline(w, "MAXIMUS guideline: ", true, k == 0, &pi.maximus);
  WriteRationale(w, it, &pi);
  // The next title may follow with no blank line.
  if (!rng_.PerMille(250)) w.ParaGap();
}

// "<service>: Upheld", or for a partial decision the sentences that name
// the original request, what was authorized and what is disputed.
void LetterMaker::WriteTitle(WrapWriter& w, const ItemPlan& it, PendingItem* pi) {
  Para& t = NewPara();
  const std::size_t title_begin = t.Mark();
  std::array<std::size_t, 6> partial{};  // original, authorized, disputed: (begin, end) marks
  if (it.partial == 0) {
    t << it.name;
  } else {
    partial[0] = t.Mark();
    t << it.original;
    partial[1] = t.Mark();
    t << " was the original request.";
    if (it.partial == 1) {
      t << " ";
      partial[2] = t.Mark();
      t << it.authorized;
      partial[3] = t.Mark();
      t << " was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, ";
    } else {
      t << " The Claims Administrator authorized ";
      partial[2] = t.Mark();
      t << it.authorized;
      partial[3] = t.Mark();
      t << ", leaving the original request IMR eligible. The original request, ";
    }
    partial[4] = t.Mark();
    t << it.name;
    partial[5] = t.Mark();
    if (!rng_.PerMille(100)) t << " is";
  }
  const std::size_t title_end = t.Mark();
  t << ":";
  if (rng_.PerMille(60)) {
    t.text += ' ';
    t.text += kBreak;
  }
  t.text += ' ';
  t << (it.outcome == extract::Outcome::kUpheld ? "Upheld" : "Overturned");
  w.Paragraph(&t);
  pi->title = SpanOf(t, title_begin, title_end);
  if (it.partial != 0) {
    pi->original = SpanOf(t, partial[0], partial[1]);
    pi->authorized = SpanOf(t, partial[2], partial[3]);
    pi->disputed = SpanOf(t, partial[4], partial[5]);
  } else {
    pi->disputed = pi->title;
  }
}

void LetterMaker::WriteGuideline(WrapWriter& w, std::string_view label, bool maximus, bool first, PendingGuideline* g) {
  Para& p = NewPara();
  p << label;
  const std::size_t b = p.Mark();
  guideline_.Append(rng_, plan_.year, maximus, first, &p, g);
  const std::size_t e = p.Mark();
  w.Paragraph(&p);
  guideline_.Resolve(p, b, e, g);
  w.ParaGap();
}

// "Decision rationale: " and vocabulary sentences for or against the
// service, then the conclusion the outcome implies.
void LetterMaker::WriteRationale(WrapWriter& w, const ItemPlan& it, PendingItem* pi) {
  Para& p = NewPara();
  p << "Decision rationale: ";
  const std::size_t b = p.Mark();
  const bool upheld = it.outcome == extract::Outcome::kUpheld;
  const std::string_view region = it.region.empty() ? std::string_view(plan_.region->words) : it.region;
  const std::string_view svc = it.partial == 2 ? it.original : it.name;
  const int n = rng_.Range(2, 6);
  for (int k = 0; k < n; ++k) {
    if (k > 0) p << " ";
    if (k == 1 && rng_.PerMille(300)) {
      p << "The guideline states that treatment should be \xE2\x80\x9C"
           "continued only when the worker shows "
           "objective improvement\xE2\x80\x9D during the trial period.";
      continue;
    }
    AppendSentence(p, upheld ? rng_.Pick(v_.against) : rng_.Pick(v_.support), region, svc, plan_.decision);
  }
  p << " ";
  switch (rng_.Below(4)) {
    case 0:
      p << "Therefore, the request for " << svc << (upheld ? " is not" : " is") << " medically necessary.";
      break;
    case 1:
      p << "As a result, the requested " << svc << (upheld ? " is not" : " is") << " medically necessary.";
      break;
    case 2:
      p << "Medical necessity for the requested " << svc << (upheld ? " has not" : " has") << " been established.";
      break;
    default:
      p << "Consequently, this request" << (upheld ? " is not" : " is") << " medically necessary.";
      break;
  }
  const std::size_t e = p.Mark();
  w.Paragraph(&p);
  pi->rationale = SpanOf(p, b, e);
  pi->necessary = !upheld;
}

}  // namespace imr::gen
