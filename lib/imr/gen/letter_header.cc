// The header block, in each pdftotext style's arrangement of its labels and
// values. The case number is marked where it is written.
#include <array>
#include <string>
#include <string_view>

#include "imr/gen/date_text.h"
#include "imr/gen/letter_maker.h"

namespace imr::gen {
namespace {

// The header's dates as written, MM/DD/YYYY.
struct HeaderDates {
  explicit HeaderDates(const LetterPlan& plan)
      : assigned(HeaderDate(plan.assigned, &buf[0])),
        injury(HeaderDate(plan.injury, &buf[1])),
        decision(HeaderDate(plan.decision, &buf[2])),
        ur(HeaderDate(plan.ur, &buf[3])),
        application(HeaderDate(plan.application, &buf[4])) {}
  std::array<std::array<char, 10>, 5> buf;
  std::string_view assigned, injury, decision, ur, application;
};

}  // namespace

void LetterMaker::WriteHeader(WrapWriter& w) {
  if (!plan_.header) return;
  const HeaderDates d(plan_);
  const std::string_view pr = plan_.expedited ? "Expedited" : "Standard";
  std::string& o = g_->text;
  const auto nl = [&] { w.Newline(); };
  const auto case_number = [&] {
    truth_.case_number = {o.size(), o.size() + plan_.case_number.size(), true};
    o += plan_.case_number;
  };
  // `s`, then blanks to column `to` (at least one).
  const auto pad = [&](std::string_view s, std::size_t to) {
    o += s;
    o.append(to > s.size() ? to - s.size() : 1, ' ');
  };
  const auto cat = [&](std::initializer_list<std::string_view> parts) {
    for (const std::string_view s : parts) o += s;
  };
  truth_.opening = o.size();
  switch (plan_.style) {
    case Style::kLayout:
      pad("Case Number:", 22), case_number(), nl();
      pad("Date Assigned:", 22), pad(d.assigned, 32), pad("Date of Injury:", 21), o += d.injury, nl();
      pad("Decision Date:", 22), pad(d.decision, 32), pad("UR Denial Date:", 21), o += d.ur, nl();
      pad("Priority:", 22), pad(pr, 32), pad("Application", 21), o += d.application, nl();
      o.append(54, ' '), o += "Received:", nl();
      nl();
      break;
    case Style::kDefault:
      o += "Case Number:", nl(), o += "Date Assigned:", nl(), o += "Decision Date:", nl(), o += "Priority:", nl(), nl();
      case_number(), nl(), o += d.assigned, nl(), o += d.decision, nl(), o += pr, nl(), nl();
      o += "Date of Injury:", nl(), o += "UR Denial Date:", nl(), o += "Application", nl(), o += "Received:", nl(),
          nl();
      o += d.injury, nl(), o += d.ur, nl(), o += d.application, nl(), nl();
      break;
    case Style::kRaw:
      o += "Case Number: ", case_number(), nl();
      cat({"Date Assigned: ", d.assigned, " Date of Injury: ", d.injury}), nl();
      cat({"Decision Date: ", d.decision, " UR Denial Date: ", d.ur}), nl();
      cat({"Priority: ", pr, " Application"}), nl(), o += "Received:", nl(), o += d.application, nl();
      break;
    case Style::kSpaced: {
      const std::string_view sp = rng_.PerMille(500) ? " " : "  ";
      o += "Case Number: ", case_number(), o += "  ", nl(), nl();
      cat({"Date Assigned: ", d.assigned, " Date of Injury:", sp, d.injury, " "}), nl(), nl();
      cat({"Decision Date: ", d.decision, " UR Denial Date:", sp, d.ur, " "}), nl(), nl();
      cat({"Priority:", sp, pr, " Application "}), nl(), nl(), o += "Received: ", nl(), cat({d.application, " "}), nl(),
          nl();
      break;
    }
    case Style::kTabs:
      o += "Case Number:\t", case_number(), o += "\t\t", nl();
      cat({"Date Assigned:\t", d.assigned, "\tDate of Injury:\t", d.injury}), nl();
      cat({"Decision Date:\t", d.decision, "\tUR Denial Date:\t", d.ur}), nl();
      cat({"Priority:\t", pr, "\tApplication Received:\t", d.application}), nl(), nl();
      break;
  }
}

}  // namespace imr::gen
