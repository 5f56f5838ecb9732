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
  // Each spare is built default in place and takes the used one's lists by
  // swap: no used citation or item is reset and then moved whole.
  for (Item& item : items) {
    for (Guideline* guideline : {&item.claims_administrator, &item.maximus}) {
      for (Citation& citation : guideline->citations) {
        Citation& spare = spare_citations_.emplace_back();
        spare.sections.swap(citation.sections);
        spare.pages.swap(citation.pages);
        spare.sections.clear();
        spare.pages.clear();
      }
      guideline->citations.clear();
    }
    Item& spare = spare_items_.emplace_back();
    spare.claims_administrator.citations.swap(item.claims_administrator.citations);
    spare.maximus.citations.swap(item.maximus.citations);
  }
  items.clear();
  warnings.clear();
}

Item& Letter::AddItem() {
  if (spare_items_.empty()) return items.emplace_back();
  Item& item = items.emplace_back(std::move(spare_items_.back()));
  spare_items_.pop_back();
  return item;
}

Citation& Letter::AddCitation(Guideline* guideline) {
  if (spare_citations_.empty()) return guideline->citations.emplace_back();
  Citation& citation = guideline->citations.emplace_back(std::move(spare_citations_.back()));
  spare_citations_.pop_back();
  return citation;
}

}  // namespace imr::extract
