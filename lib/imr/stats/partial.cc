#include "imr/stats/partial.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "imr/base/json_writer.h"
#include "imr/base/status_macros.h"
#include "imr/base/strings.h"
#include "imr/io/file_data.h"
#include "simdjson.h"

namespace imr::stats {
namespace {

// Every field of Stats, once, in the order it is written. The writer and the
// reader both walk this list, so they cannot disagree about the format.
template <typename S, typename V>
void VisitGuideline(S& g, V& v) {
  v.Count("blocks", g.blocks);
  v.Count("missing", g.missing);
  v.Count("no_evidence_cited", g.no_evidence_cited);
  v.Count("outside_mtus", g.outside_mtus);
  v.Count("no_guidelines_found", g.no_guidelines_found);
  v.Counts("items_by_source", g.items_by_source);
  v.Counts("citations_by_source", g.citations_by_source);
  v.Counts("mtus_parts", g.mtus_parts);
  v.Counts("mtus_topics", g.mtus_topics);
}

template <typename S, typename V>
void VisitAccounting(S& a, V& v) {
  v.Count("files", a.files);
  v.Count("files_failed", a.files_failed);
  v.Count("bytes_read", a.bytes_read);
  v.Count("bytes_skipped", a.bytes_skipped);
  v.Count("bytes_blank", a.bytes_blank);
  v.Count("skipped_ranges", a.skipped_ranges);
  v.Count("records_failed", a.records_failed);
  v.Count("letters_truncated", a.letters_truncated);
}

template <typename S, typename V>
void VisitStats(S& s, V& v) {
  v.Count("letters", s.letters);
  v.Count("letters_with_warnings", s.letters_with_warnings);
  v.Count("letters_rejected", s.letters_rejected);
  v.Count("items", s.items);
  v.Hist("items_per_letter", s.items_per_letter);
  v.Counts("letters_by_decision_year", s.letters_by_decision_year);
  v.Counts("letters_by_decision_quarter", s.letters_by_decision_quarter);
  v.Outcome("outcomes", s.outcomes);
  v.Outcomes("by_category", s.by_category);
  v.Outcomes("by_drug_class", s.by_drug_class);
  v.Outcomes("by_decision_year", s.by_decision_year);
  v.Outcomes("by_specialty", s.by_specialty);
  v.Outcomes("by_maximus_source", s.by_maximus_source);
  v.Outcomes("by_mtus_part", s.by_mtus_part);
  v.Outcomes("by_body_region", s.by_body_region);
  v.Outcomes("by_age_band", s.by_age_band);
  v.Outcomes("by_sex", s.by_sex);
  v.Object("claims_administrator", s.claims_administrator, [](auto& g, auto& w) { VisitGuideline(g, w); });
  v.Object("maximus", s.maximus, [](auto& g, auto& w) { VisitGuideline(g, w); });
  v.Counts("guideline_agreement", s.guideline_agreement);
  v.Hist("received_to_decision", s.received_to_decision);
  v.Hist("ur_denial_to_decision", s.ur_denial_to_decision);
  v.Hist("injury_to_decision", s.injury_to_decision);
  v.Hists("received_to_decision_by_quarter", s.received_to_decision_by_quarter);
  v.Hists("ur_denial_to_decision_by_quarter", s.ur_denial_to_decision_by_quarter);
  v.Count("dates_out_of_order", s.dates_out_of_order);
  v.Counts("letters_by_accident_year", s.letters_by_accident_year);
  v.Counts("letters_by_age_band", s.letters_by_age_band);
  v.Counts("letters_by_sex", s.letters_by_sex);
  v.Counts("letters_by_layout", s.letters_by_layout);
  v.Warnings("warnings_by_code", s.warnings_by_code);
  v.Count("rationale_agrees", s.rationale_agrees);
  v.Count("rationale_disagrees", s.rationale_disagrees);
  v.Count("rationale_no_conclusion", s.rationale_no_conclusion);
  v.Count("items_unclassified", s.items_unclassified);
  v.Counts("unclassified_titles", s.unclassified_titles);
  v.Strings("taxonomies", s.taxonomies);
  v.Object("accounting", s.accounting, [](auto& a, auto& w) { VisitAccounting(a, w); });
}

constexpr int kWarningCodes = static_cast<int>(extract::WarningCode::kCount);

// ---------------------------------------------------------------------------
// Writing.

class Writer {
 public:
  explicit Writer(JsonWriter* w) : w_(*w) {}

  void Count(std::string_view key, std::uint64_t n) {
    w_.Key(key);
    w_.Int(static_cast<std::int64_t>(n));
  }
  void Counts(std::string_view key, const Counter& m) {
    w_.Key(key);
    w_.BeginObject();
    for (const auto& [k, n] : m) Count(k, n);
    w_.EndObject();
  }
  void Outcome(std::string_view key, const OutcomeCounts& c) {
    w_.Key(key);
    OutcomePair(c);
  }
  void Outcomes(std::string_view key, const OutcomeTable& m) {
    w_.Key(key);
    w_.BeginObject();
    for (const auto& [k, c] : m) {
      w_.Key(k);
      OutcomePair(c);
    }
    w_.EndObject();
  }
  void Hist(std::string_view key, const Histogram& h) {
    w_.Key(key);
    HistArray(h);
  }
  void Hists(std::string_view key, const HistogramTable& m) {
    w_.Key(key);
    w_.BeginObject();
    for (const auto& [k, h] : m) {
      w_.Key(k);
      HistArray(h);
    }
    w_.EndObject();
  }
  void Warnings(std::string_view key, const std::uint64_t (&codes)[kWarningCodes]) {
    w_.Key(key);
    w_.BeginObject();
    for (int i = 0; i < kWarningCodes; ++i) {
      if (codes[i] != 0) Count(extract::WarningName(static_cast<extract::WarningCode>(i)), codes[i]);
    }
    w_.EndObject();
  }
  void Strings(std::string_view key, const std::set<std::string>& set) {
    w_.Key(key);
    w_.BeginArray();
    for (const std::string& s : set) w_.String(s);
    w_.EndArray();
  }
  template <typename T, typename F>
  void Object(std::string_view key, const T& t, F visit) {
    w_.Key(key);
    w_.BeginObject();
    visit(t, *this);
    w_.EndObject();
  }

 private:
  void OutcomePair(const OutcomeCounts& c) {  // [upheld, overturned]
    w_.BeginArray();
    w_.Int(static_cast<std::int64_t>(c.upheld));
    w_.Int(static_cast<std::int64_t>(c.overturned));
    w_.EndArray();
  }
  void HistArray(const Histogram& h) {  // [[value, count], ...] in value order
    w_.BeginArray();
    for (const auto& [value, n] : h.counts()) {
      w_.BeginArray();
      w_.Int(value);
      w_.Int(static_cast<std::int64_t>(n));
      w_.EndArray();
    }
    w_.EndArray();
  }

  JsonWriter& w_;
};

// ---------------------------------------------------------------------------
// Reading: DOM, because fields are looked up by name. The first error wins;
// later visits are no-ops.

class Reader {
 public:
  Reader(simdjson::dom::object object, std::string_view name) : object_(object), name_(name) {}

  const absl::Status& status() const { return status_; }

  void Count(std::string_view key, std::uint64_t& n) {
    simdjson::dom::element e;
    if (Find(key, &e)) ReadCount(e, key, &n);
  }
  void Counts(std::string_view key, Counter& m) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    for (auto [k, v] : o) {
      std::uint64_t n = 0;
      if (!ReadCount(v, key, &n)) return;
      m[std::string(k)] += n;
    }
  }
  void Outcome(std::string_view key, OutcomeCounts& c) {
    simdjson::dom::element e;
    if (Find(key, &e)) ReadOutcome(e, key, &c);
  }
  void Outcomes(std::string_view key, OutcomeTable& m) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    for (auto [k, v] : o) {
      OutcomeCounts c;
      if (!ReadOutcome(v, key, &c)) return;
      m[std::string(k)].Merge(c);
    }
  }
  void Hist(std::string_view key, Histogram& h) {
    simdjson::dom::element e;
    if (Find(key, &e)) ReadHist(e, key, &h);
  }
  void Hists(std::string_view key, HistogramTable& m) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    for (auto [k, v] : o) {
      Histogram h;
      if (!ReadHist(v, key, &h)) return;
      m[std::string(k)].Merge(h);
    }
  }
  void Warnings(std::string_view key, std::uint64_t (&codes)[kWarningCodes]) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    for (auto [k, v] : o) {
      int code = -1;
      for (int i = 0; i < kWarningCodes; ++i) {
        if (extract::WarningName(static_cast<extract::WarningCode>(i)) == k) code = i;
      }
      if (code < 0) {
        Fail(absl::StrCat("field '", ToAbsl(key), "': unknown warning code '", ToAbsl(k), "'"));
        return;
      }
      std::uint64_t n = 0;
      if (!ReadCount(v, key, &n)) return;
      codes[code] += n;
    }
  }
  void Strings(std::string_view key, std::set<std::string>& set) {
    simdjson::dom::element e;
    simdjson::dom::array a;
    if (!Find(key, &e)) return;
    if (e.get(a) != simdjson::SUCCESS) return Fail(absl::StrCat("field '", ToAbsl(key), "': expected an array"));
    for (simdjson::dom::element item : a) {
      std::string_view s;
      if (item.get(s) != simdjson::SUCCESS) return Fail(absl::StrCat("field '", ToAbsl(key), "': expected strings"));
      set.emplace(s);
    }
  }
  template <typename T, typename F>
  void Object(std::string_view key, T& t, F visit) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    Reader inner(o, name_);
    inner.prefix_ = absl::StrCat(prefix_, ToAbsl(key), ".");
    visit(t, inner);
    if (!inner.status_.ok() && status_.ok()) status_ = inner.status_;
  }

 private:
  void Fail(const std::string& what) {
    if (status_.ok()) status_ = absl::DataLossError(absl::StrCat(ToAbsl(name_), ": ", prefix_, what));
  }
  bool Find(std::string_view key, simdjson::dom::element* e) {
    if (!status_.ok()) return false;
    if (object_[key].get(*e) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "' is missing"));
      return false;
    }
    return true;
  }
  bool FindObject(std::string_view key, simdjson::dom::object* o) {
    simdjson::dom::element e;
    if (!Find(key, &e)) return false;
    if (e.get(*o) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected an object"));
      return false;
    }
    return true;
  }
  bool ReadCount(simdjson::dom::element e, std::string_view key, std::uint64_t* n) {
    if (e.get(*n) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected a non-negative integer"));
      return false;
    }
    return true;
  }
  bool ReadOutcome(simdjson::dom::element e, std::string_view key, OutcomeCounts* c) {
    simdjson::dom::array a;
    if (e.get(a) != simdjson::SUCCESS || a.size() != 2 || a.at(0).get(c->upheld) != simdjson::SUCCESS ||
        a.at(1).get(c->overturned) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected [upheld, overturned]"));
      return false;
    }
    return true;
  }
  bool ReadHist(simdjson::dom::element e, std::string_view key, Histogram* h) {
    simdjson::dom::array a;
    if (e.get(a) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected an array of [value, count]"));
      return false;
    }
    for (simdjson::dom::element bucket : a) {
      simdjson::dom::array pair;
      std::int64_t value = 0;
      std::uint64_t n = 0;
      if (bucket.get(pair) != simdjson::SUCCESS || pair.size() != 2 || pair.at(0).get(value) != simdjson::SUCCESS ||
          pair.at(1).get(n) != simdjson::SUCCESS) {
        Fail(absl::StrCat("field '", ToAbsl(key), "': expected an array of [value, count]"));
        return false;
      }
      h->Add(value, n);
    }
    return true;
  }

  simdjson::dom::object object_;
  std::string_view name_;
  std::string prefix_;  // "claims_administrator." inside nested objects
  absl::Status status_;
};

absl::StatusOr<Stats> ParsePadded(const char* data, std::size_t size, bool padded, std::string_view name) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (const auto error = parser.parse(data, size, /*realloc_if_needed=*/!padded).get(doc); error) {
    return absl::DataLossError(
        absl::StrCat(ToAbsl(name), ": not a stats partial (invalid JSON: ", simdjson::error_message(error), ")"));
  }
  simdjson::dom::object root;
  std::string_view format;
  if (doc.get(root) != simdjson::SUCCESS || root["format"].get(format) != simdjson::SUCCESS ||
      format != kPartialFormat) {
    return absl::DataLossError(absl::StrCat(ToAbsl(name), ": not a stats partial (no \"format\": \"",
                                            ToAbsl(kPartialFormat), "\"; write one with imr stats --partial)"));
  }
  std::int64_t version = 0;
  if (root["version"].get(version) != simdjson::SUCCESS || version != kPartialVersion) {
    return absl::DataLossError(absl::StrCat(ToAbsl(name), ": stats partial of version ", version, ", this imr reads version ",
                                            kPartialVersion));
  }
  Stats s;
  simdjson::dom::object state;
  if (root["stats"].get(state) != simdjson::SUCCESS) {
    return absl::DataLossError(absl::StrCat(ToAbsl(name), ": field 'stats' is missing or not an object"));
  }
  Reader reader(state, name);
  VisitStats(s, reader);
  if (!reader.status().ok()) return reader.status();
  return s;
}

}  // namespace

std::string FormatPartialJson(const Stats& s) {
  if (!s.settled()) return FormatPartialJson(s.Settled());  // letters added, not yet in the tables
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("format");
  w.String(kPartialFormat);
  w.Key("version");
  w.Int(kPartialVersion);
  w.Key("stats");
  w.BeginObject();
  Writer writer(&w);
  VisitStats(s, writer);
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

absl::StatusOr<Stats> ParsePartialJson(std::string_view json, std::string_view name) {
  return ParsePadded(json.data(), json.size(), /*padded=*/false, name);
}

absl::StatusOr<Stats> ReadPartialFile(const std::string& path) {
  IMR_ASSIGN_OR_RETURN(io::FileData file, io::FileData::Open(path, io::ReadMode::kRead));
  // SAFETY: FileData keeps io::kReadPadding (== SIMDJSON_PADDING) zero bytes
  // after the file's last byte, so simdjson may read past the end in place.
  return ParsePadded(file.bytes().data(), file.size(), /*padded=*/true, path);
}

}  // namespace imr::stats
