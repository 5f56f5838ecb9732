#include "imr/output/record_fields.h"

#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "imr/base/text.h"
#include "imr/extract/layout.h"

namespace imr::output {
namespace {

using extract::Citation;
using extract::Guideline;
using extract::Item;
using extract::Letter;

Value Present(std::string_view text) { return {.present = true, .text = text}; }
Value Number(std::int64_t v) { return {.present = true, .number = v}; }
Value Flag(bool v) { return {.present = true, .flag = v}; }
Value List(const std::vector<std::string_view>& list) { return {.present = true, .list = &list}; }
// Letter text: absent when the letter does not state it.
Value Text(std::string_view raw) { return {.present = raw.data() != nullptr && !raw.empty(), .text = raw}; }
// A canonical name: "" means unknown.
Value Name(std::string_view name) { return {.present = !name.empty(), .text = name}; }
template <typename T>
Value Optional(const std::optional<T>& v, Value (*make)(T)) {
  return v ? make(*v) : Value{};
}
Value Int(int v) { return Number(v); }

// Inlined into each field's code: as a call, a scalar's Value went through
// memory and each call kept its frame (gen2k --no-text: the record writer
// 18.4 -> 16.9 M instructions).
template <Kind kKind>
[[gnu::always_inline]] inline void WriteJsonValue(JsonCursor& out, const Value& v) {
  if (!v.present) {
    out.Null();
    return;
  }
  if constexpr (kKind == Kind::kString) {
    out.String(v.text);
  } else if constexpr (kKind == Kind::kText) {
    out.Text(v.text);
  } else if constexpr (kKind == Kind::kDate) {
    out.Date(v.date);
  } else if constexpr (kKind == Kind::kInteger) {
    out.Int(v.number);
  } else if constexpr (kKind == Kind::kBoolean) {
    out.Bool(v.flag);
  } else if constexpr (kKind == Kind::kTextList) {
    out.Open('[');
    for (std::size_t i = 0; i < v.list->size(); ++i) {
      if (i != 0) out.Comma();
      out.Text((*v.list)[i]);
    }
    out.Close(']');
  }
  // kObject and kList are written by the field's own writer.
}

// The presences written to JSON under these options, one bit each.
unsigned JsonPresences(const RecordOptions& options) {
  return 1u << static_cast<int>(Presence::kAlways) |
         1u << static_cast<int>(options.include_text ? Presence::kWithText : Presence::kWithoutText) |
         (options.truth ? 0u : 1u << static_cast<int>(Presence::kNotInTruth));
}

// Field kIndex of the table kFields, when these options write it. The
// writer is a template over the table, so that every field's key, kind,
// getter and writer are constants where its code is made: no call through a
// pointer and no switch on the kind per field.
template <const auto& kFields, std::size_t kIndex>
void WriteJsonField(JsonCursor& out, const RecordContext& context, unsigned presences, bool& first) {
  constexpr const Field& f = kFields[kIndex];
  if (f.presence != Presence::kAlways && (presences >> static_cast<int>(f.presence) & 1u) == 0) return;
  if constexpr (f.write == nullptr) {
    // A scalar is read first, so that one left out costs no key.
    const Value v = f.get(context);
    if (f.omitted_when_absent && !v.present) return;
    out.Key<f.name.copy_size()>(f.name, first);
    WriteJsonValue<f.kind>(out, v);
  } else {
    const std::size_t before = out.mark();
    out.Key<f.name.copy_size()>(f.name, first);
    if (!f.write(out, context)) {
      out.Rewind(before);
      return;
    }
  }
  first = false;
}

template <const auto& kFields, std::size_t... kIndex>
void WriteJsonFields(JsonCursor& out, const RecordContext& context, std::index_sequence<kIndex...>) {
  out.Open('{');
  bool first = true;
  const unsigned presences = JsonPresences(*context.options);
  (WriteJsonField<kFields, kIndex>(out, context, presences, first), ...);
  out.Close('}');
}

// Writes the fields of the table kFields as one JSON object, in table order.
template <const auto& kFields>
void WriteJsonObject(JsonCursor& out, const RecordContext& context) {
  WriteJsonFields<kFields>(out, context, std::make_index_sequence<std::size(kFields)>());
}

// The writer of an object field whose members are `kFields`, read from the
// same context.
template <const auto& kFields>
bool ObjectJson(JsonCursor& out, const RecordContext& context) {
  WriteJsonObject<kFields>(out, context);
  return true;
}

// The writer of a list field: the elements kElements gives, each an object
// of `kFields`, written with the context's `kSlot` pointing at it.
template <typename T, const std::vector<T>& (*kElements)(const RecordContext&), const T* RecordContext::*kSlot,
          const auto& kFields>
bool ListJson(JsonCursor& out, const RecordContext& context) {
  const std::vector<T>& elements = kElements(context);
  RecordContext inner = context;
  out.Open('[');
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out.Comma();
    inner.*kSlot = &elements[i];
    WriteJsonObject<kFields>(out, inner);
  }
  out.Close(']');
  return true;
}

const std::vector<Citation>& Citations(const RecordContext& c) { return c.guideline->citations; }
const std::vector<Item>& Items(const RecordContext& c) { return c.letter->items; }
const std::vector<extract::Warning>& Warnings(const RecordContext& c) { return c.letter->warnings; }

// ---- A text span as {offset, length}: absolute offsets in the source.

constexpr Field kSpanFields[] = {
    {.name = "offset",
     .kind = Kind::kInteger,
     .description = "byte offset in the source file (text sources) or in the JSON Lines text value",
     .get =
         [](const RecordContext& c) {
           return Number(static_cast<std::int64_t>(c.source->position.offset +
                                                   static_cast<std::uint64_t>(c.span.data() - c.letter->text.data())));
         }},
    {.name = "length",
     .kind = Kind::kInteger,
     .description = "bytes",
     .get = [](const RecordContext& c) { return Number(static_cast<std::int64_t>(c.span.size())); }},
};

bool SpanJson(JsonCursor& out, const RecordContext& context) {
  if (context.span.data() == nullptr) return false;
  WriteJsonObject<kSpanFields>(out, context);
  return true;
}

RecordContext WithSpan(const RecordContext& context, std::string_view span) {
  RecordContext inner = context;
  inner.span = span;
  return inner;
}

// ---- source

constexpr Field kSourceFields[] = {
    {.name = "path",
     .kind = Kind::kString,
     .description = "the input file as named on the command line or found in a directory; '-' for standard "
                    "input; 'archive:member' for a member of an archive or compressed file ('outer:inner:member' "
                    "one level of nesting deeper)",
     .get = [](const RecordContext& c) { return Present(c.source->path); }},
    {.name = "line",
     .kind = Kind::kInteger,
     .omitted_when_absent = true,
     .description = "JSON Lines sources: 1-based line number",
     .get =
         [](const RecordContext& c) {
           const std::uint64_t line = c.source->position.line;
           return line != 0 ? Number(static_cast<std::int64_t>(line)) : Value{};
         }},
    {.name = "offset",
     .kind = Kind::kInteger,
     .description = "byte offset of the letter in the file, or in the JSON Lines record's text",
     .get = [](const RecordContext& c) { return Number(static_cast<std::int64_t>(c.source->position.offset)); }},
    {.name = "id",
     .kind = Kind::kString,
     .omitted_when_absent = true,
     .description = "JSON Lines sources: the record's id",
     .get = [](const RecordContext& c) { return Name(c.source->id); }},
};

// CSV gives the offset before the line (the order of the columns predates
// the JSON key order, and changing either would change an output format).
constexpr CsvCell kSourceCells[] = {
    {"path", Kind::kString, kSourceFields[0].get},
    {"offset", Kind::kInteger, kSourceFields[2].get},
    {"line", Kind::kInteger, kSourceFields[1].get},
    {"id", Kind::kString, kSourceFields[3].get},
};

// ---- reviewer, patient

constexpr Field kReviewerFields[] = {
    {.name = "licensure",
     .kind = Kind::kTextList,
     .description = "states the expert reviewer is licensed in, in letter order",
     .get = [](const RecordContext& c) { return List(c.letter->licensure); }},
    {.name = "specialties",
     .kind = Kind::kTextList,
     .description = "certifications / specialties",
     .get = [](const RecordContext& c) { return List(c.letter->specialties); }},
};
constexpr CsvCell kReviewerCells[] = {
    {"licensure", Kind::kTextList, kReviewerFields[0].get},
    {"specialties", Kind::kTextList, kReviewerFields[1].get},
};

constexpr Field kPatientFields[] = {
    {.name = "age",
     .kind = Kind::kInteger,
     .nullable = true,
     .description = "years, from the summary",
     .get = [](const RecordContext& c) { return Optional(c.letter->age, Int); }},
    {.name = "sex",
     .kind = Kind::kString,
     .nullable = true,
     .description = "female | male",
     .get = [](const RecordContext& c) { return Name(extract::SexName(c.letter->sex)); }},
};
constexpr CsvCell kPatientCells[] = {
    {"age", Kind::kInteger, kPatientFields[0].get},
    {"sex", Kind::kString, kPatientFields[1].get},
};

// ---- warnings

constexpr Field kWarningFields[] = {
    {.name = "code",
     .kind = Kind::kString,
     .description = "what is missing or inconsistent",
     .get = [](const RecordContext& c) { return Present(extract::WarningName(c.warning->code)); }},
    {.name = "item",
     .kind = Kind::kInteger,
     .nullable = true,
     .description = "index of the item concerned, or null for the letter",
     .get = [](const RecordContext& c) { return c.warning->item >= 0 ? Number(c.warning->item) : Value{}; }},
};

// CSV: "code#item;code" in one column.
Value WarningsJoined(const RecordContext& c) {
  thread_local std::string joined;
  joined.clear();
  for (const extract::Warning& w : c.letter->warnings) {
    if (!joined.empty()) joined += ";";
    joined += extract::WarningName(w.code);
    if (w.item >= 0) absl::StrAppend(&joined, "#", w.item);
  }
  return Name(joined);
}
constexpr CsvCell kWarningCells[] = {{"warnings", Kind::kString, WarningsJoined}};

// ---- guideline blocks

constexpr Field kCitationFields[] = {
    {.name = "source",
     .kind = Kind::kString,
     .description = "MTUS | ODG | ACOEM | other",
     .get = [](const RecordContext& c) { return Present(extract::CitationSourceName(c.citation->source)); }},
    {.name = "part",
     .kind = Kind::kText,
     .nullable = true,
     .description = "MTUS part or ODG chapter (canonical), else the citation as written",
     .get = [](const RecordContext& c) { return Text(c.citation->part); }},
    {.name = "year",
     .kind = Kind::kInteger,
     .nullable = true,
     .description = "edition year when stated",
     .get = [](const RecordContext& c) { return c.citation->year != 0 ? Number(c.citation->year) : Value{}; }},
    {.name = "sections",
     .kind = Kind::kTextList,
     .description = "'Section(s): ...' or the 2014 topic",
     .get = [](const RecordContext& c) { return List(c.citation->sections); }},
    {.name = "pages",
     .kind = Kind::kTextList,
     .description = "'Page(s): 46-47, 60' -> ['46-47', '60']",
     .get = [](const RecordContext& c) { return List(c.citation->pages); }},
};

constexpr Field kGuidelineFields[] = {
    {.name = "text",
     .kind = Kind::kText,
     .nullable = true,
     .presence = Presence::kWithText,
     .description = "the block, whitespace normalised",
     .get = [](const RecordContext& c) { return Text(c.guideline->text); }},
    {.name = "text_span",
     .kind = Kind::kObject,
     .presence = Presence::kWithoutText,
     .description = "{offset, length} of the block in the source",
     .write = [](JsonCursor& out, const RecordContext& c) { return SpanJson(out, WithSpan(c, c.guideline->text)); },
     .children = kSpanFields,
     .csv_prefix = "text_"},  // no CSV cell: the store's columns text_offset, text_length (kGuidelineCells)
    {.name = "citations",
     .kind = Kind::kList,
     .description = "{source, part, year, sections, pages}",
     .write = ListJson<Citation, Citations, &RecordContext::citation, kCitationFields>,
     .children = kCitationFields},
    {.name = "no_evidence_cited",
     .kind = Kind::kBoolean,
     .description = "'did not cite any medical evidence for its decision'",
     .get = [](const RecordContext& c) { return Flag(c.guideline->no_evidence_cited); }},
    {.name = "outside_mtus",
     .kind = Kind::kBoolean,
     .description = "'outside of the MTUS' / 'did not base their decision on the MTUS'",
     .get = [](const RecordContext& c) { return Flag(c.guideline->outside_mtus); }},
    {.name = "no_guidelines_found",
     .kind = Kind::kBoolean,
     .description = "'No guidelines found'",
     .get = [](const RecordContext& c) { return Flag(c.guideline->no_guidelines_found); }},
};

template <const Guideline Item::*kBlock>
bool GuidelineJson(JsonCursor& out, const RecordContext& context) {
  const Guideline& g = context.item->*kBlock;
  if (g.text.data() == nullptr) {
    out.Null();
    return true;
  }
  RecordContext inner = context;
  inner.guideline = &g;
  WriteJsonObject<kGuidelineFields>(out, inner);
  return true;
}

// The block's getter `kGet`, absent when the letter has no such block.
template <const Guideline Item::*kBlock, Getter kGet>
Value InBlock(const RecordContext& context) {
  const Guideline& g = context.item->*kBlock;
  if (g.text.data() == nullptr) return {};
  RecordContext inner = context;
  inner.guideline = &g;
  return kGet(inner);
}

// CSV: the distinct citation sources of a block, in order of first appearance.
Value Sources(const RecordContext& context) {
  thread_local std::string out;
  out.clear();
  bool seen[4] = {};
  for (const Citation& c : context.guideline->citations) {
    if (std::exchange(seen[static_cast<int>(c.source)], true)) continue;
    if (!out.empty()) out += ";";
    out += extract::CitationSourceName(c.source);
  }
  return Name(out);
}

// The block's text span (the JSON's text_span), for the store.
Value TextOffset(const RecordContext& c) { return kSpanFields[0].get(WithSpan(c, c.guideline->text)); }
Value TextLength(const RecordContext& c) { return kSpanFields[1].get(WithSpan(c, c.guideline->text)); }

template <const Guideline Item::*kBlock>
constexpr CsvCell kGuidelineCells[] = {
    {"sources", Kind::kString, InBlock<kBlock, Sources>},
    {"no_evidence_cited", Kind::kBoolean, InBlock<kBlock, kGuidelineFields[3].get>},
    {"outside_mtus", Kind::kBoolean, InBlock<kBlock, kGuidelineFields[4].get>},
    {"no_guidelines_found", Kind::kBoolean, InBlock<kBlock, kGuidelineFields[5].get>},
    {"guideline", Kind::kText, [](const RecordContext& c) { return Text((c.item->*kBlock).text); }, CsvPlace::kLast,
     Presence::kWithText},
    {"text_offset", Kind::kInteger, InBlock<kBlock, TextOffset>, CsvPlace::kMain, Presence::kStoreOnly},
    {"text_length", Kind::kInteger, InBlock<kBlock, TextLength>, CsvPlace::kMain, Presence::kStoreOnly},
};

// ---- items

template <std::string_view Item::*kMember>
Value ItemText(const RecordContext& c) {
  return Text(c.item->*kMember);
}

Value RationaleSpan(const RecordContext& c, bool length) {
  const std::string_view span = c.item->rationale;
  if (span.data() == nullptr) return {};
  return length ? Number(static_cast<std::int64_t>(span.size())) : kSpanFields[0].get(WithSpan(c, span));
}
constexpr CsvCell kRationaleSpanCells[] = {
    {"offset", Kind::kInteger, [](const RecordContext& c) { return RationaleSpan(c, false); }, CsvPlace::kLast},
    {"length", Kind::kInteger, [](const RecordContext& c) { return RationaleSpan(c, true); }, CsvPlace::kLast},
};

constexpr Field kItemFieldArray[] = {
    {.name = "item_index",
     .kind = Kind::kInteger,
     .presence = Presence::kCsvOnly,
     .description = "position of the item in its letter, from 0",
     .get = [](const RecordContext& c) { return Number(static_cast<std::int64_t>(c.item_index)); },
     .csv = CsvPlace::kMain},
    {.name = "title",
     .kind = Kind::kText,
     .nullable = true,
     .description = "the heading before its final ': Upheld' / ': Overturned', whitespace normalised",
     .get = ItemText<&Item::title>,
     .csv = CsvPlace::kMain},
    {.name = "outcome",
     .kind = Kind::kString,
     .description = "upheld (the denial stands) | overturned (the service is to be provided)",
     .get = [](const RecordContext& c) { return Present(extract::OutcomeName(c.item->outcome)); },
     .csv = CsvPlace::kMain},
    {.name = "original_request",
     .kind = Kind::kText,
     .nullable = true,
     .description = "partial decisions: X in 'X was the original request'",
     .get = ItemText<&Item::original_request>,
     .csv = CsvPlace::kMain},
    {.name = "authorized",
     .kind = Kind::kText,
     .nullable = true,
     .description = "partial decisions: the part the claims administrator authorized",
     .get = ItemText<&Item::authorized>,
     .csv = CsvPlace::kMain},
    {.name = "disputed",
     .kind = Kind::kText,
     .nullable = true,
     .description = "the service decided: the remaining portion of a partial decision, else the title",
     .get = ItemText<&Item::disputed>,
     .csv = CsvPlace::kMain},
    {.name = "quantity",
     .kind = Kind::kInteger,
     .nullable = true,
     .description = "how many, when stated ('12 visits', '#60', '3 times a week for 2 weeks' -> 6)",
     .get = [](const RecordContext& c) { return Optional(c.item->quantity, Int); },
     .csv = CsvPlace::kMain},
    {.name = "unit",
     .kind = Kind::kText,
     .nullable = true,
     .description = "unit of the quantity: visits, sessions, tablets, ...",
     .get = ItemText<&Item::unit>,
     .csv = CsvPlace::kMain},
    {.name = "body_region",
     .kind = Kind::kText,
     .nullable = true,
     .description = "first body region named: lumbar spine, knee, ...",
     .get = ItemText<&Item::body_region>,
     .csv = CsvPlace::kMain},
    {.name = "category",
     .kind = Kind::kText,
     .nullable = true,
     .description = "service category from the taxonomy (--taxonomy): pharmaceuticals, imaging, ..., other",
     .get = ItemText<&Item::category>,
     .csv = CsvPlace::kMain},
    {.name = "drug_class",
     .kind = Kind::kText,
     .nullable = true,
     .description = "for drugs, the class from the taxonomy: opioids, nsaids, ...",
     .get = ItemText<&Item::drug_class>,
     .csv = CsvPlace::kMain},
    {.name = "claims_administrator_guideline",
     .kind = Kind::kObject,
     .nullable = true,
     .description = "the 'Claims Administrator guideline:' block: {text, citations, flags}; null when missing",
     .write = GuidelineJson<&Item::claims_administrator>,
     .children = kGuidelineFields,
     .csv_prefix = "claims_administrator_",
     .csv_cells = kGuidelineCells<&Item::claims_administrator>},
    {.name = "maximus_guideline",
     .kind = Kind::kObject,
     .nullable = true,
     .description = "the 'MAXIMUS guideline:' block, as above",
     .write = GuidelineJson<&Item::maximus>,
     .children = kGuidelineFields,
     .csv_prefix = "maximus_",
     .csv_cells = kGuidelineCells<&Item::maximus>},
    {.name = "rationale",
     .kind = Kind::kText,
     .nullable = true,
     .presence = Presence::kWithText,
     .description = "the decision rationale, whitespace normalised",
     .get = ItemText<&Item::rationale>,
     .csv = CsvPlace::kLast},
    {.name = "rationale_span",
     .kind = Kind::kObject,
     .omitted_when_absent = true,
     .presence = Presence::kWithoutText,
     .description = "--no-text: {offset, length} of the rationale",
     .write = [](JsonCursor& out, const RecordContext& c) { return SpanJson(out, WithSpan(c, c.item->rationale)); },
     .children = kSpanFields,
     .csv_prefix = "rationale_",
     .csv_cells = kRationaleSpanCells},
    {.name = "medically_necessary",
     .kind = Kind::kBoolean,
     .nullable = true,
     .description = "what the rationale concludes (a contradiction with the outcome: warning rationale_disagrees)",
     .get = [](const RecordContext& c) { return Optional(c.item->medically_necessary, Flag); },
     .csv = CsvPlace::kMain},
};

// ---- the letter

// Not in DateOf: clang 14 rejects a designated initializer of an anonymous
// union's member inside a template.
Value DateValue(const extract::Date& d) { return {.present = d.present(), .date = d}; }

template <extract::Date Letter::*kDate>
Value DateOf(const RecordContext& c) {
  return DateValue(c.letter->*kDate);
}

constexpr char kDateDescription[] = "ISO date (validated) or null when not stated or unreadable";

constexpr Field kLetterFieldArray[] = {
    {.name = "source",
     .kind = Kind::kObject,
     .description = "{path, offset: byte of the letter in the file (in the record's text for JSON Lines), line "
                    "and id: JSON Lines only}",
     .write = ObjectJson<kSourceFields>,
     .children = kSourceFields,
     .csv_prefix = "source_",
     .csv_cells = kSourceCells},
    {.name = "layout",
     .kind = Kind::kString,
     .description = "template recognised: imr_2014, imr_2016, unknown, or an older template recognised but not "
                    "parsed",
     .get =
         [](const RecordContext& c) {
           return Present(c.letter->layout != nullptr ? c.letter->layout->name : extract::UnknownLayout().name);
         },
     .csv = CsvPlace::kMain},
    {.name = "case_number",
     .kind = Kind::kText,
     .nullable = true,
     .description = "e.g. CM16-0219557; null when the letter has no header",
     .get = [](const RecordContext& c) { return Text(c.letter->case_number); },
     .csv = CsvPlace::kMain},
    {.name = "date_assigned",
     .kind = Kind::kDate,
     .nullable = true,
     .description = kDateDescription,
     .get = DateOf<&Letter::date_assigned>,
     .csv = CsvPlace::kMain},
    {.name = "date_of_injury",
     .kind = Kind::kDate,
     .nullable = true,
     .description = "header value, else the date of injury stated in the summary",
     .get = DateOf<&Letter::date_of_injury>,
     .csv = CsvPlace::kMain},
    {.name = "decision_date",
     .kind = Kind::kDate,
     .nullable = true,
     .description = kDateDescription,
     .get = DateOf<&Letter::decision_date>,
     .csv = CsvPlace::kMain},
    {.name = "ur_denial_date",
     .kind = Kind::kDate,
     .nullable = true,
     .description = kDateDescription,
     .get = DateOf<&Letter::ur_denial_date>,
     .csv = CsvPlace::kMain},
    {.name = "application_received",
     .kind = Kind::kDate,
     .nullable = true,
     .description = kDateDescription,
     .get = DateOf<&Letter::application_received>,
     .csv = CsvPlace::kMain},
    {.name = "priority",
     .kind = Kind::kString,
     .nullable = true,
     .description = "standard | expedited",
     .get = [](const RecordContext& c) { return Name(extract::PriorityName(c.letter->priority)); },
     .csv = CsvPlace::kMain},
    {.name = "reviewer",
     .kind = Kind::kObject,
     .description = "{licensure: [states], specialties: [...]}",
     .write = ObjectJson<kReviewerFields>,
     .children = kReviewerFields,
     .csv_cells = kReviewerCells},
    {.name = "patient",
     .kind = Kind::kObject,
     .description = "{age, sex}",
     .write = ObjectJson<kPatientFields>,
     .children = kPatientFields,
     .csv_prefix = "patient_",
     .csv_cells = kPatientCells},
    {.name = "medications",
     .kind = Kind::kTextList,
     .presence = Presence::kNotInTruth,
     .description = "drugs and drug forms the clinical case summary names, in order of first mention: the "
                    "taxonomy's patterns (lower case) of rules with a drug class other than 'other'",
     .get = [](const RecordContext& c) { return List(c.letter->medications); },
     .csv = CsvPlace::kMain},
    {.name = "medication_classes",
     .kind = Kind::kTextList,
     .presence = Presence::kNotInTruth,
     .description = "the taxonomy's drug class of each of `medications`, in the same order",
     .get = [](const RecordContext& c) { return List(c.letter->medication_classes); },
     .csv = CsvPlace::kMain},
    {.name = "items",
     .kind = Kind::kList,
     .description = "the disputed items in letter order (below)",
     .write = ListJson<Item, Items, &RecordContext::item, kItemFieldArray>,
     .children = kItemFieldArray},
    {.name = "warnings",
     .kind = Kind::kList,
     .description = "[{code, item}]: what the letter did not say, or said inconsistently; a letter is never "
                    "dropped for a warning",
     .write = ListJson<extract::Warning, Warnings, &RecordContext::warning, kWarningFields>,
     .children = kWarningFields,
     .csv_cells = kWarningCells},
};

// Appends `text` wrapped to `width` columns, continuation lines indented by `indent`.
void AppendWrapped(std::string_view text, std::size_t column, std::size_t indent, std::size_t width, std::string* out) {
  for (std::size_t from = 0; from < text.size();) {
    std::size_t end = text.find(' ', from);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(from, end - from);
    if (column > indent && column + 1 + word.size() > width) {
      out->append("\n").append(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out->push_back(' ');
      ++column;
    }
    out->append(word);
    column += word.size();
    from = end + 1;
  }
  out->push_back('\n');
}

void AppendFieldHelp(std::span<const Field> fields, std::string* out) {
  constexpr std::size_t kIndent = 24, kWidth = 78;
  for (const Field& f : fields) {
    if (f.presence == Presence::kCsvOnly) continue;
    std::string head = std::string("  ").append(f.name.name());
    if (f.presence == Presence::kWithText) head += " (text)";
    if (f.presence == Presence::kWithoutText) head += " (--no-text)";
    out->append(head);
    std::size_t column = head.size();
    if (column + 1 >= kIndent) {
      out->append("\n");
      column = 0;
    }
    out->append(kIndent - column, ' ');
    AppendWrapped(f.description, kIndent, kIndent, kWidth, out);
  }
}

}  // namespace

const std::span<const Field> kLetterFields = kLetterFieldArray;
const std::span<const Field> kItemFields = kItemFieldArray;

bool InJson(Presence presence, const RecordOptions& options) {
  return (JsonPresences(options) >> static_cast<int>(presence) & 1u) != 0;
}

bool InCsv(Presence presence, const RecordOptions& options) {
  return presence == Presence::kCsvOnly || InJson(presence, options);
}

void WriteLetterJson(JsonCursor& out, const RecordContext& context) {
  WriteJsonObject<kLetterFieldArray>(out, context);
}

void WriteCsvValue(CsvRow& row, Kind kind, const Value& v) {
  if (!v.present) {
    row.Cell("");
    return;
  }
  switch (kind) {
    case Kind::kString:
      row.Cell(v.text);
      return;
    case Kind::kText:
      row.Text(v.text);
      return;
    case Kind::kDate: {
      std::array<char, 10> iso;
      row.Cell(extract::IsoDate(v.date, &iso));
      return;
    }
    case Kind::kInteger:
      row.Number(static_cast<std::uint64_t>(v.number));
      return;
    case Kind::kBoolean:
      row.Bool(v.flag);
      return;
    case Kind::kTextList:
      row.List(*v.list);
      return;
    case Kind::kObject:
    case Kind::kList:
      row.Cell("");
      return;
  }
}

std::string FieldHelp() {
  std::string out;
  AppendFieldHelp(kLetterFields, &out);
  out += "Each item:\n";
  AppendFieldHelp(kItemFields, &out);
  return out;
}

}  // namespace imr::output
