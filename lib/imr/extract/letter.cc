#include "imr/extract/letter.h"

#include <utility>

namespace imr::extract {

std::string_view IsoDate(const Date& d, std::array<char, 10>* buf) {
  char* out = buf->data();
  auto digits = [&out](int value, int width) {
    for (int k = width - 1; k >= 0; --k, value /= 10) out[k] = static_cast<char>('0' + value % 10);
    out += width;
  };
  digits(d.year, 4);
  *out++ = '-';
  digits(d.month, 2);
  *out++ = '-';
  digits(d.day, 2);
  return {buf->data(), buf->size()};
}

std::string_view OutcomeName(Outcome o) { return o == Outcome::kUpheld ? "upheld" : "overturned"; }

std::string_view PriorityName(Priority p) {
  switch (p) {
    case Priority::kStandard:
      return "standard";
    case Priority::kExpedited:
      return "expedited";
    case Priority::kUnknown:
      break;
  }
  return "";
}

std::string_view SexName(Sex s) {
  switch (s) {
    case Sex::kFemale:
      return "female";
    case Sex::kMale:
      return "male";
    case Sex::kUnknown:
      break;
  }
  return "";
}

std::string_view CitationSourceName(CitationSource s) {
  switch (s) {
    case CitationSource::kMtus:
      return "MTUS";
    case CitationSource::kOdg:
      return "ODG";
    case CitationSource::kAcoem:
      return "ACOEM";
    case CitationSource::kOther:
      break;
  }
  return "other";
}

std::string_view WarningName(WarningCode code) {
  switch (code) {
#define IMR_WARNING_NAME(name, code, text) \
  case WarningCode::name:                  \
    return code;
    IMR_WARNING_CODES(IMR_WARNING_NAME)
#undef IMR_WARNING_NAME
    case WarningCode::kCount:
      break;
  }
  return "unknown";
}

std::string_view WarningDescription(WarningCode code) {
  switch (code) {
#define IMR_WARNING_TEXT(name, code, text) \
  case WarningCode::name:                  \
    return text;
    IMR_WARNING_CODES(IMR_WARNING_TEXT)
#undef IMR_WARNING_TEXT
    case WarningCode::kCount:
      break;
  }
  return "";
}

void Letter::Clear() {
  text = {};
  layout = nullptr;
  case_number = {};
  date_assigned = date_of_injury = decision_date = ur_denial_date = application_received = Date{};
  priority = Priority::kUnknown;
  licensure.clear();
  specialties.clear();
  age.reset();
  sex = Sex::kUnknown;
  summary = {};
  medications.clear();
  medication_classes.clear();
  for (Item& item : items) {
    for (std::vector<Citation>* list : {&item.claims_administrator.citations, &item.maximus.citations}) {
      if (list->capacity() == 0) continue;
      (list->empty() ? spare_citation_lists_ : used_citation_lists_).push_back(std::move(*list));
    }
  }
  items.clear();
  warnings.clear();
}

Citation& Letter::AddCitation(Guideline* guideline) {
  std::vector<Citation>& list = guideline->citations;
  if (list.capacity() == 0) {
    if (!spare_citation_lists_.empty()) {
      list.swap(spare_citation_lists_.back());
      spare_citation_lists_.pop_back();
    } else {
      // A block cites one guideline or two (three in 3 blocks of 100), so
      // a new list makes room for two: one allocation where growing it
      // would take two and a move.
      list.reserve(2);
    }
  }
  if (used_citation_lists_.empty()) return list.emplace_back();
  std::vector<Citation>& used = used_citation_lists_.back();
  // Built empty, then given the kept lists' storage.
  Citation& citation = list.emplace_back();
  citation.sections = std::move(used.back().sections);
  citation.pages = std::move(used.back().pages);
  citation.sections.clear();
  citation.pages.clear();
  used.pop_back();
  if (used.empty()) {
    spare_citation_lists_.push_back(std::move(used));
    used_citation_lists_.pop_back();
  }
  return citation;
}

}  // namespace imr::extract
