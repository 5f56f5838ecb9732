#include "imr/output/letter_json.h"

#include <cstdio>

#include "imr/base/json_writer.h"
#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::output {
namespace {

using extract::Citation;
using extract::Date;
using extract::Guideline;
using extract::Item;
using extract::Letter;

// Normalised text through one reused buffer: no allocation once warm.
void NormalizedString(JsonWriter& w, std::string_view raw) {
  thread_local std::string scratch;
  scratch.clear();
  AppendNormalized(raw, &scratch);
  w.String(scratch);
}

void OptionalText(JsonWriter& w, std::string_view key, std::string_view raw) {
  w.Key(key);
  if (raw.data() == nullptr || raw.empty()) {
    w.Null();
  } else {
    NormalizedString(w, raw);
  }
}

void DateValue(JsonWriter& w, std::string_view key, const Date& d) {
  w.Key(key);
  if (!d.present()) {
    w.Null();
    return;
  }
  std::array<char, 10> buf;
  w.String(extract::IsoDate(d, &buf));
}

void StringList(JsonWriter& w, std::string_view key, const std::vector<std::string_view>& list) {
  w.Key(key);
  w.BeginArray();
  for (std::string_view s : list) NormalizedString(w, s);
  w.EndArray();
}

// A byte span of the letter, as absolute offsets in its source.
void SpanValue(JsonWriter& w, const SourceRef& source, const Letter& letter, std::string_view span) {
  w.BeginObject();
  w.Key("offset");
  w.Int(static_cast<std::int64_t>(source.position.offset + (span.data() - letter.text.data())));
  w.Key("length");
  w.Int(static_cast<std::int64_t>(span.size()));
  w.EndObject();
}

void CitationValue(JsonWriter& w, const Citation& c) {
  w.BeginObject();
  w.Key("source");
  w.String(extract::CitationSourceName(c.source));
  OptionalText(w, "part", c.part);
  w.Key("year");
  c.year != 0 ? w.Int(c.year) : w.Null();
  StringList(w, "sections", c.sections);
  StringList(w, "pages", c.pages);
  w.EndObject();
}

void GuidelineValue(JsonWriter& w, std::string_view key, const SourceRef& source, const Letter& letter,
                    const Guideline& g, const RecordOptions& options) {
  w.Key(key);
  if (g.text.data() == nullptr) {
    w.Null();
    return;
  }
  w.BeginObject();
  if (options.include_text) {
    OptionalText(w, "text", g.text);
  } else {
    w.Key("text_span");
    SpanValue(w, source, letter, g.text);
  }
  w.Key("citations");
  w.BeginArray();
  for (const Citation& c : g.citations) CitationValue(w, c);
  w.EndArray();
  w.Key("no_evidence_cited");
  w.Bool(g.no_evidence_cited);
  w.Key("outside_mtus");
  w.Bool(g.outside_mtus);
  w.Key("no_guidelines_found");
  w.Bool(g.no_guidelines_found);
  w.EndObject();
}

void ItemValue(JsonWriter& w, const SourceRef& source, const Letter& letter, const Item& item,
               const RecordOptions& options) {
  w.BeginObject();
  OptionalText(w, "title", item.title);
  w.Key("outcome");
  w.String(extract::OutcomeName(item.outcome));
  OptionalText(w, "original_request", item.original_request);
  OptionalText(w, "authorized", item.authorized);
  OptionalText(w, "disputed", item.disputed);
  w.Key("quantity");
  item.quantity ? w.Int(*item.quantity) : w.Null();
  OptionalText(w, "unit", item.unit);
  OptionalText(w, "body_region", item.body_region);
  OptionalText(w, "category", item.category);
  OptionalText(w, "drug_class", item.drug_class);
  GuidelineValue(w, "claims_administrator_guideline", source, letter, item.claims_administrator, options);
  GuidelineValue(w, "maximus_guideline", source, letter, item.maximus, options);
  if (options.include_text) {
    OptionalText(w, "rationale", item.rationale);
  } else if (item.rationale.data() != nullptr) {
    w.Key("rationale_span");
    SpanValue(w, source, letter, item.rationale);
  }
  w.Key("medically_necessary");
  item.medically_necessary ? w.Bool(*item.medically_necessary) : w.Null();
  w.EndObject();
}

}  // namespace

void AppendLetterJson(const SourceRef& source, const Letter& letter, const RecordOptions& options,
                      std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("source");
  w.BeginObject();
  w.Key("path");
  w.String(source.path);
  if (source.position.line != 0) {
    w.Key("line");
    w.Int(static_cast<std::int64_t>(source.position.line));
  }
  w.Key("offset");
  w.Int(static_cast<std::int64_t>(source.position.offset));
  if (!source.id.empty()) {
    w.Key("id");
    w.String(source.id);
  }
  w.EndObject();
  w.Key("layout");
  w.String(letter.layout != nullptr ? letter.layout->name : extract::UnknownLayout().name);
  OptionalText(w, "case_number", letter.case_number);
  DateValue(w, "date_assigned", letter.date_assigned);
  DateValue(w, "date_of_injury", letter.date_of_injury);
  DateValue(w, "decision_date", letter.decision_date);
  DateValue(w, "ur_denial_date", letter.ur_denial_date);
  DateValue(w, "application_received", letter.application_received);
  w.Key("priority");
  letter.priority == extract::Priority::kUnknown ? w.Null() : w.String(extract::PriorityName(letter.priority));
  w.Key("reviewer");
  w.BeginObject();
  StringList(w, "licensure", letter.licensure);
  StringList(w, "specialties", letter.specialties);
  w.EndObject();
  w.Key("patient");
  w.BeginObject();
  w.Key("age");
  letter.age ? w.Int(*letter.age) : w.Null();
  w.Key("sex");
  letter.sex == extract::Sex::kUnknown ? w.Null() : w.String(extract::SexName(letter.sex));
  w.EndObject();
  w.Key("items");
  w.BeginArray();
  for (const Item& item : letter.items) ItemValue(w, source, letter, item, options);
  w.EndArray();
  w.Key("warnings");
  w.BeginArray();
  for (const extract::Warning& warning : letter.warnings) {
    w.BeginObject();
    w.Key("code");
    w.String(extract::WarningName(warning.code));
    w.Key("item");
    warning.item >= 0 ? w.Int(warning.item) : w.Null();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out->push_back('\n');
}

}  // namespace imr::output
