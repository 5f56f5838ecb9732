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
// reader both walk this list, so they cannot disagree about the format; the
// keyed tables come from their specs (tables.h).
template <typename Id, typename S, typename V>
void VisitTables(S& s, V& v) {
  for (const TableSpec<Id>& spec : kSpecs<Id>) v.Table(spec.key, s.table(spec.id));
}

// The tables of counts of one PartialRun.
template <typename S, typename V>
void VisitCountTables(S& s, V& v, PartialRun run) {
  for (const TableSpec<Counts>& spec : kCountTables) {
    if (spec.partial_run == run) v.Table(spec.key, s.table(spec.id));
  }
}

// The named counts of `t` (counts.h).
template <typename T, std::size_t N, typename S, typename V>
void VisitNamedCounts(const NamedCount<T> (&counts)[N], S& t, V& v) {
  for (const NamedCount<T>& c : counts) v.Field(c.name, t.*c.count);
}

template <typename S, typename V>
void VisitGuideline(S& g, V& v) {
  VisitNamedCounts(kGuidelineCounts, g, v);
  VisitTables<GuidelineCounts>(g, v);
}

template <typename S, typename V>
void VisitStats(S& s, V& v) {
  v.Field("letters", s.letters);
  v.Field("letters_with_warnings", s.letters_with_warnings);
  v.Field("letters_rejected", s.letters_rejected);
  v.Field("items", s.items);
  v.Field("items_per_letter", s.items_per_letter);
  VisitCountTables(s, v, PartialRun::kVolumes);
  v.Field("outcomes", s.outcomes);
  VisitTables<Outcomes>(s, v);
  v.Object("claims_administrator", s.claims_administrator, [](auto& g, auto& w) { VisitGuideline(g, w); });
  v.Object("maximus", s.maximus, [](auto& g, auto& w) { VisitGuideline(g, w); });
  VisitCountTables(s, v, PartialRun::kAgreement);
  v.Field("received_to_decision", s.received_to_decision);
  v.Field("ur_denial_to_decision", s.ur_denial_to_decision);
  v.Field("injury_to_decision", s.injury_to_decision);
  VisitTables<Intervals>(s, v);
  v.Field("dates_out_of_order", s.dates_out_of_order);
  VisitCountTables(s, v, PartialRun::kLetters);
  v.Warnings("warnings_by_code", s.warnings_by_code);
  v.Field("rationale_agrees", s.rationale_agrees);
  v.Field("rationale_disagrees", s.rationale_disagrees);
  v.Field("rationale_no_conclusion", s.rationale_no_conclusion);
  v.Field("items_unclassified", s.items_unclassified);
  VisitCountTables(s, v, PartialRun::kUnclassified);
  v.Strings("taxonomies", s.taxonomies);
  v.Object("accounting", s.accounting, [](auto& a, auto& w) { VisitNamedCounts(kAccountingCounts, a, w); });
}

constexpr int kWarningCodes = static_cast<int>(extract::WarningCode::kCount);

// ---------------------------------------------------------------------------
// Writing.

class Writer {
 public:
  explicit Writer(JsonWriter* w) : w_(*w) {}

  template <typename T>
  void Field(std::string_view key, const T& value) {
    w_.Key(key);
    Value(value);
  }
  template <typename V>
  void Table(std::string_view key, const KeyedTable<V>& m) {  // {key: value, ...} in key order
    w_.Key(key);
    w_.BeginObject();
    for (const auto& [k, value] : m) Field(k, value);
    w_.EndObject();
  }
  void Warnings(std::string_view key, const std::uint64_t (&codes)[kWarningCodes]) {
    w_.Key(key);
    w_.BeginObject();
    for (int i = 0; i < kWarningCodes; ++i) {
      if (codes[i] != 0) Field(extract::WarningName(static_cast<extract::WarningCode>(i)), codes[i]);
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
  void Value(std::uint64_t n) { w_.Int(static_cast<std::int64_t>(n)); }
  void Value(const OutcomeCounts& c) {  // [upheld, overturned]
    w_.BeginArray();
    w_.Int(static_cast<std::int64_t>(c.upheld));
    w_.Int(static_cast<std::int64_t>(c.overturned));
    w_.EndArray();
  }
  void Value(const Histogram& h) {  // [[value, count], ...] in value order
    w_.BeginArray();
    h.ForEach([&](std::int64_t value, std::uint64_t n) {
      w_.BeginArray();
      w_.Int(value);
      w_.Int(static_cast<std::int64_t>(n));
      w_.EndArray();
    });
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

  template <typename T>
  void Field(std::string_view key, T& value) {
    simdjson::dom::element e;
    if (Find(key, &e)) Read(e, key, &value);
  }
  template <typename V>
  void Table(std::string_view key, KeyedTable<V>& m) {
    simdjson::dom::object o;
    if (!FindObject(key, &o)) return;
    for (auto [k, e] : o) {
      V value{};
      if (!Read(e, key, &value)) return;
      Accumulate(&m[k], value);
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
      if (!Read(v, key, &n)) return;
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
  bool Read(simdjson::dom::element e, std::string_view key, std::uint64_t* n) {
    if (e.get(*n) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected a non-negative integer"));
      return false;
    }
    return true;
  }
  bool Read(simdjson::dom::element e, std::string_view key, OutcomeCounts* c) {
    simdjson::dom::array a;
    if (e.get(a) != simdjson::SUCCESS || a.size() != 2 || a.at(0).get(c->upheld) != simdjson::SUCCESS ||
        a.at(1).get(c->overturned) != simdjson::SUCCESS) {
      Fail(absl::StrCat("field '", ToAbsl(key), "': expected [upheld, overturned]"));
      return false;
    }
    return true;
  }
  bool Read(simdjson::dom::element e, std::string_view key, Histogram* h) {
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

  static void Accumulate(std::uint64_t* into, std::uint64_t n) { *into += n; }
  template <typename V>
  static void Accumulate(V* into, const V& value) {
    into->Merge(value);
  }

  simdjson::dom::object object_;
  std::string_view name_;
  std::string prefix_;  // "claims_administrator." inside nested objects
  absl::Status status_;
};

// [source, offset, length, nonblank] or null.
void WriteEdge(const std::optional<EdgeSkip>& edge, JsonWriter& w) {
  if (!edge) return w.Null();
  w.BeginArray();
  for (std::uint64_t n : {std::uint64_t{edge->source}, edge->offset, edge->length, edge->nonblank}) {
    w.Int(static_cast<std::int64_t>(n));
  }
  w.EndArray();
}

void WriteShard(const ShardTag& tag, JsonWriter& w) {
  w.Key("shard");
  w.BeginObject();
  w.Key("index");
  w.Int(tag.index);
  w.Key("count");
  w.Int(tag.count);
  w.Key("corpus");
  w.String(tag.corpus);
  w.Key("empty");
  w.Bool(tag.empty);
  w.Key("leading_skip");
  WriteEdge(tag.edges.leading, w);
  w.Key("trailing_skip");
  WriteEdge(tag.edges.trailing, w);
  w.EndObject();
}

bool ReadEdge(simdjson::dom::element e, std::optional<EdgeSkip>* edge) {
  if (e.is_null()) return true;
  simdjson::dom::array a;
  std::uint64_t source = 0;
  EdgeSkip skip;
  if (e.get(a) != simdjson::SUCCESS || a.size() != 4 || a.at(0).get(source) != simdjson::SUCCESS ||
      source > UINT32_MAX || a.at(1).get(skip.offset) != simdjson::SUCCESS ||
      a.at(2).get(skip.length) != simdjson::SUCCESS || a.at(3).get(skip.nonblank) != simdjson::SUCCESS) {
    return false;
  }
  skip.source = static_cast<std::uint32_t>(source);
  *edge = skip;
  return true;
}

absl::Status ReadShard(simdjson::dom::object o, std::string_view name, ShardTag* tag) {
  std::uint64_t index = 0, count = 0;
  std::string_view corpus;
  simdjson::dom::element leading, trailing;
  if (o["index"].get(index) != simdjson::SUCCESS || o["count"].get(count) != simdjson::SUCCESS || count == 0 ||
      count > UINT32_MAX || index >= count || o["corpus"].get(corpus) != simdjson::SUCCESS ||
      o["empty"].get(tag->empty) != simdjson::SUCCESS || o["leading_skip"].get(leading) != simdjson::SUCCESS ||
      o["trailing_skip"].get(trailing) != simdjson::SUCCESS || !ReadEdge(leading, &tag->edges.leading) ||
      !ReadEdge(trailing, &tag->edges.trailing)) {
    return absl::DataLossError(absl::StrCat(ToAbsl(name),
                                            ": field 'shard' is not {index, count, corpus, empty, "
                                            "leading_skip, trailing_skip} with index < count"));
  }
  tag->index = static_cast<std::uint32_t>(index);
  tag->count = static_cast<std::uint32_t>(count);
  tag->corpus = std::string(corpus);
  return absl::OkStatus();
}

absl::StatusOr<Partial> ParsePadded(const char* data, std::size_t size, bool padded, std::string_view name) {
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
    return absl::DataLossError(absl::StrCat(ToAbsl(name), ": stats partial of version ", version,
                                            ", this imr reads version ", kPartialVersion));
  }
  Partial p;
  simdjson::dom::object state;
  if (root["stats"].get(state) != simdjson::SUCCESS) {
    return absl::DataLossError(absl::StrCat(ToAbsl(name), ": field 'stats' is missing or not an object"));
  }
  Reader reader(state, name);
  VisitStats(p.stats, reader);
  if (!reader.status().ok()) return reader.status();
  simdjson::dom::element shard;
  if (root["shard"].get(shard) == simdjson::SUCCESS) {
    simdjson::dom::object o;
    if (shard.get(o) != simdjson::SUCCESS) {
      return absl::DataLossError(absl::StrCat(ToAbsl(name), ": field 'shard' is not an object"));
    }
    IMR_RETURN_IF_ERROR(ReadShard(o, name, &p.shard.emplace()));
  }
  return p;
}

}  // namespace

std::string FormatPartialJson(const Stats& s, const ShardTag* shard) {
  if (!s.settled()) return FormatPartialJson(s.Settled(), shard);  // letters added, not yet in the tables
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
  if (shard != nullptr) WriteShard(*shard, w);
  w.EndObject();
  out.push_back('\n');
  return out;
}

absl::StatusOr<Stats> ParsePartialJson(std::string_view json, std::string_view name) {
  IMR_ASSIGN_OR_RETURN(Partial p, ParsePadded(json.data(), json.size(), /*padded=*/false, name));
  return std::move(p.stats);
}

absl::StatusOr<Partial> ReadPartialWithShard(const std::string& path) {
  IMR_ASSIGN_OR_RETURN(io::FileData file, io::FileData::Open(path, io::ReadMode::kRead));
  // SAFETY: FileData keeps io::kReadPadding (== SIMDJSON_PADDING) zero bytes
  // after the file's last byte, so simdjson may read past the end in place.
  return ParsePadded(file.bytes().data(), file.size(), /*padded=*/true, path);
}

absl::StatusOr<Stats> ReadPartialFile(const std::string& path) {
  IMR_ASSIGN_OR_RETURN(Partial p, ReadPartialWithShard(path));
  return std::move(p.stats);
}

}  // namespace imr::stats
