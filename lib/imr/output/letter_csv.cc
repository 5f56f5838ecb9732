#include "imr/output/letter_csv.h"

#include <cstdio>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "imr/base/json_writer.h"
#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::output {
namespace {

using extract::Guideline;
using extract::Item;
using extract::Letter;

// One CSV row under construction; fields are normalised text.
class Row {
 public:
  explicit Row(std::string* out) : out_(out) {}

  void Text(std::string_view raw) {
    scratch_.clear();
    AppendNormalized(raw, &scratch_);
    Field(scratch_);
  }
  void Field(std::string_view value) {
    if (fields_++ != 0) out_->push_back(',');
    const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
      AppendValidUtf8(value, out_);
      return;
    }
    out_->push_back('"');
    for (std::size_t from = 0;;) {
      const std::size_t q = value.find('"', from);
      AppendValidUtf8(value.substr(from, q == std::string_view::npos ? std::string_view::npos : q + 1 - from), out_);
      if (q == std::string_view::npos) break;
      out_->push_back('"');
      from = q + 1;
    }
    out_->push_back('"');
  }
  void Number(std::uint64_t v) { Field(absl::StrCat(v)); }
  void Bool(bool v) { Field(v ? "true" : "false"); }
  void List(const std::vector<std::string_view>& items) {
    std::string joined;
    for (std::string_view s : items) {
      if (!joined.empty()) joined += "; ";
      AppendNormalized(s, &joined);
    }
    Field(joined);
  }
  void End() { out_->append("\r\n"); }

 private:
  std::string* out_;
  std::string scratch_;
  int fields_ = 0;
};

std::string DateText(const extract::Date& d) {
  std::array<char, 10> buf;
  return d.present() ? std::string(extract::IsoDate(d, &buf)) : std::string();
}

// The distinct citation sources of a block, in order of first appearance.
std::string Sources(const Guideline& g) {
  std::string out;
  bool seen[4] = {};
  for (const extract::Citation& c : g.citations) {
    if (std::exchange(seen[static_cast<int>(c.source)], true)) continue;
    if (!out.empty()) out += ";";
    out += extract::CitationSourceName(c.source);
  }
  return out;
}

constexpr const char* kLetterColumns[] = {
    "source_path", "source_offset", "source_line", "source_id", "layout", "case_number", "date_assigned",
    "date_of_injury", "decision_date", "ur_denial_date", "application_received", "priority", "licensure",
    "specialties", "patient_age", "patient_sex", "warnings"};
constexpr const char* kItemColumns[] = {
    "item_index", "title", "outcome", "original_request", "authorized", "disputed", "quantity", "unit",
    "body_region", "category", "drug_class", "claims_administrator_sources",
    "claims_administrator_no_evidence_cited", "claims_administrator_outside_mtus",
    "claims_administrator_no_guidelines_found", "maximus_sources", "maximus_no_evidence_cited",
    "maximus_outside_mtus", "maximus_no_guidelines_found", "medically_necessary"};

void GuidelineFields(Row& row, const Guideline& g) {
  const bool present = g.text.data() != nullptr;
  row.Field(Sources(g));
  for (bool flag : {g.no_evidence_cited, g.outside_mtus, g.no_guidelines_found}) {
    present ? row.Bool(flag) : row.Field("");
  }
}

void TextOrSpan(Row& row, const SourceRef& source, const Letter& letter, std::string_view span,
                const RecordOptions& options) {
  if (options.include_text) {
    row.Text(span);
  } else if (span.data() == nullptr) {
    row.Field("");
    row.Field("");
  } else {
    row.Number(source.position.offset + static_cast<std::uint64_t>(span.data() - letter.text.data()));
    row.Number(span.size());
  }
}

}  // namespace

std::string CsvHeader(const RecordOptions& options) {
  std::string out;
  Row row(&out);
  for (const char* c : kLetterColumns) row.Field(c);
  for (const char* c : kItemColumns) row.Field(c);
  if (options.include_text) {
    for (const char* c : {"claims_administrator_guideline", "maximus_guideline", "rationale"}) row.Field(c);
  } else {
    for (const char* c : {"rationale_offset", "rationale_length"}) row.Field(c);
  }
  row.End();
  return out;
}

void AppendLetterCsv(const SourceRef& source, const Letter& letter, const RecordOptions& options,
                     std::string* out) {
  std::string warnings;
  for (const extract::Warning& w : letter.warnings) {
    if (!warnings.empty()) warnings += ";";
    warnings += extract::WarningName(w.code);
    if (w.item >= 0) absl::StrAppend(&warnings, "#", w.item);
  }
  const std::size_t rows = letter.items.empty() ? 1 : letter.items.size();
  for (std::size_t i = 0; i < rows; ++i) {
    Row row(out);
    row.Field(source.path);
    row.Number(source.position.offset);
    source.position.line != 0 ? row.Number(source.position.line) : row.Field("");
    row.Field(source.id);
    row.Field(letter.layout != nullptr ? letter.layout->name : extract::UnknownLayout().name);
    row.Text(letter.case_number);
    for (const extract::Date* d : {&letter.date_assigned, &letter.date_of_injury, &letter.decision_date,
                                   &letter.ur_denial_date, &letter.application_received}) {
      row.Field(DateText(*d));
    }
    row.Field(extract::PriorityName(letter.priority));
    row.List(letter.licensure);
    row.List(letter.specialties);
    letter.age ? row.Number(static_cast<std::uint64_t>(*letter.age)) : row.Field("");
    row.Field(extract::SexName(letter.sex));
    row.Field(warnings);
    if (letter.items.empty()) {
      const int blanks = static_cast<int>(std::size(kItemColumns)) + (options.include_text ? 3 : 2);
      for (int k = 0; k < blanks; ++k) row.Field("");
      row.End();
      break;
    }
    const Item& item = letter.items[i];
    row.Number(i);
    row.Text(item.title);
    row.Field(extract::OutcomeName(item.outcome));
    row.Text(item.original_request);
    row.Text(item.authorized);
    row.Text(item.disputed);
    item.quantity ? row.Number(static_cast<std::uint64_t>(*item.quantity)) : row.Field("");
    row.Field(item.unit);
    row.Field(item.body_region);
    row.Field(item.category);
    row.Field(item.drug_class);
    GuidelineFields(row, item.claims_administrator);
    GuidelineFields(row, item.maximus);
    row.Field(item.medically_necessary ? (*item.medically_necessary ? "true" : "false") : "");
    if (options.include_text) {
      row.Text(item.claims_administrator.text);
      row.Text(item.maximus.text);
    }
    TextOrSpan(row, source, letter, item.rationale, options);
    row.End();
  }
}

}  // namespace imr::output
